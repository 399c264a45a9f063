package dev.seq4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PyTorch peer ({@code bench/torch_lstm.py}, {@code bench/torch_gru.py}): the same training step in PyTorch on the
 * CPU, run at its own best thread setting (its defaults: one intra-op thread, OpenBLAS on every core), with its peak
 * resident memory, the CPU capability its own kernels ran with and OpenBLAS's core read by a small wrapper
 * ({@code getrusage}, {@code torch.__config__.show()}, {@code openblas_get_corename}) so the script itself stays
 * untouched. The script prints the mean of its timed iterations; the wrapper also times each one (the end of every
 * {@code Adam.step}) and reports the median of the last ones, the statistic seq4j's own side reports.
 */
public final class TorchPeer {
    private static final Pattern LINE = Pattern.compile(
            "([0-9.]+) ms/iter, ([0-9.]+) tokens/s, ([0-9.]+) GFLOP/s, sgemm1024 ([0-9.]+) GFLOP/s");
    private static final Pattern RSS = Pattern.compile("peak_rss_kb ([0-9]+)");
    private static final Pattern CAPABILITY = Pattern.compile("cpu_capability (\\S+) OpenBLAS (\\S+)");
    private static final Pattern MEDIAN = Pattern.compile("median_ms ([0-9.]+)");
    private static final String WRAPPER = String.join("\n",
            "import os, resource, runpy, statistics, sys, time",
            "import torch",
            "ends = []",
            "adam_step = torch.optim.Adam.step",
            "def timed_step(self, *args, **kwargs):",
            "    result = adam_step(self, *args, **kwargs)",
            "    ends.append(time.perf_counter())",
            "    return result",
            "torch.optim.Adam.step = timed_step",
            "sys.argv = sys.argv[1:]",
            "runpy.run_path(sys.argv[0], run_name='__main__')",
            "timed = int(os.environ['SEQ4J_TIMED'])",
            "if len(ends) > timed:",
            "    print('median_ms', 1e3 * statistics.median(b - a for a, b in zip(ends[-timed - 1:], ends[-timed:])))",
            "print('peak_rss_kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)",
            "import ctypes, re, torch",
            "cap = re.search(r'CPU capability usage: (\\S+)', torch.__config__.show())",
            "core = 'unknown'",
            "try:",
            "    name = ctypes.CDLL('libblas.so.3').openblas_get_corename",
            "    name.restype = ctypes.c_char_p",
            "    core = name().decode()",
            "except (OSError, AttributeError):",
            "    pass",
            "print('cpu_capability', cap.group(1) if cap else 'unknown', 'OpenBLAS', core)");

    private final String python;
    private final Path script;

    public TorchPeer(String python, Path script) {
        this.python = python;
        this.script = script;
    }

    /** Why the peer cannot run here, or empty when it can (the script exists and imports torch). */
    public Optional<String> unavailable() {
        if (!Files.isRegularFile(script)) {
            return Optional.of("no peer script at " + script);
        }
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.of(python + " cannot import torch (apt-get install python3-torch libopenblas0-pthread)");
            }
        } catch (IOException e) {
            return Optional.of("cannot run " + python + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
        return Optional.empty();
    }

    /** The peer's script. */
    public Path script() {
        return script;
    }

    /**
     * Runs the peer on a case's shape, under {@code isa}'s limits, for {@code timing.warmup()} iterations more than
     * its own warm-up and then {@code timing.iterations()} timed ones, and parses its report.
     */
    public BenchResult run(BenchCase c, Bench.Timing timing, Isa isa) throws IOException, InterruptedException {
        return run(c, timing, isa, Map.of());
    }

    /** {@link #run(BenchCase, Bench.Timing, Isa)} with more environment variables for the peer (tests). */
    BenchResult run(BenchCase c, Bench.Timing timing, Isa isa, Map<String, String> environment)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python, "-c", WRAPPER, script.toString(),
                Integer.toString(c.batch()), Integer.toString(c.steps()), Integer.toString(c.vocab()),
                Integer.toString(c.hidden()), Integer.toString(timing.warmup() + timing.iterations())));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // the peer's best setting is its default; our thread settings would hold OpenBLAS to one core
        builder.environment().remove("OMP_NUM_THREADS");
        builder.environment().remove("OPENBLAS_NUM_THREADS");
        builder.environment().putAll(isa.peerEnvironment());
        builder.environment().put("SEQ4J_TIMED", Integer.toString(timing.iterations()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("the PyTorch peer failed: " + out.strip().lines().reduce((a, b) -> b).orElse(""));
        }
        Matcher m = LINE.matcher(out);
        Matcher rss = RSS.matcher(out);
        Matcher capability = CAPABILITY.matcher(out);
        Matcher median = MEDIAN.matcher(out);
        if (!m.find() || !rss.find() || !median.find()) {
            throw new IOException("cannot read the PyTorch peer's report: " + out.strip());
        }
        // the script's tokens/s and GFLOP/s are for its mean; scale them to the median
        double ms = Double.parseDouble(median.group(1));
        double scale = Double.parseDouble(m.group(1)) / ms;
        return new BenchResult("pytorch", ms, Double.parseDouble(m.group(2)) * scale,
                Double.parseDouble(m.group(3)) * scale, Double.parseDouble(m.group(4)),
                Long.parseLong(rss.group(1)) / 1024.0, Double.NaN, Double.NaN,
                capability.find() ? "ATen " + capability.group(1) + ", OpenBLAS " + capability.group(2) : "unknown");
    }
}
