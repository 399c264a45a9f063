package dev.seq4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.run.Jvm;
import dev.seq4j.run.Versions;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code seq4j bench}: runs every case in a fresh JVM ({@code OMP_NUM_THREADS} set per case, and the {@link Isa}
 * limits), interleaved with the PyTorch peer of its cell on the same shapes, repeats the whole round, and reports each
 * case's median round.
 */
public final class Bench {
    /** The line a case's JVM prints its result on. */
    public static final String RESULT = "seq4j-bench-result ";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One case's median round, with every round's time. */
    public record Row(BenchCase benchCase, BenchResult result, List<Double> roundsMs) {
    }

    private Bench() {
    }

    /**
     * The cases: each cell at the centre shape, and with {@code grid} the shapes around it varying one size
     * at a time (hidden 128/256/512, batch 16/32/128, steps 50/100/200 for the default centre).
     */
    public static List<BenchCase> cases(List<String> cells, int hidden, int batch, int steps, int vocab,
                                        boolean grid, List<Integer> threads) {
        Set<List<Integer>> shapes = new LinkedHashSet<>();
        shapes.add(List.of(hidden, batch, steps));
        if (grid) {
            for (int h : new int[]{hidden / 2, hidden * 2}) {
                shapes.add(List.of(h, batch, steps));
            }
            for (int b : new int[]{batch / 2, batch * 4}) {
                shapes.add(List.of(hidden, b, steps));
            }
            for (int t : new int[]{steps / 2, steps * 2}) {
                shapes.add(List.of(hidden, batch, t));
            }
        }
        List<BenchCase> cases = new ArrayList<>();
        for (List<Integer> s : shapes) {
            for (String cell : cells) {
                for (int t : threads) {
                    cases.add(new BenchCase(cell, s.get(0), s.get(1), s.get(2), vocab, t));
                }
            }
        }
        return cases;
    }

    /** Prints the case's result where {@link #child} looks for it (in the case's own JVM). */
    public static String resultLine(BenchResult result) throws IOException {
        return RESULT + JSON.writeValueAsString(result);
    }

    /** The PyTorch peer a cell is compared with: {@code lstm} for both LSTMs, {@code gru}. */
    public static String family(String cell) {
        return cell.startsWith("lstm") ? "lstm" : cell;
    }

    /** Whether a row is a peer's ({@code pytorch_lstm}, {@code pytorch_gru}). */
    static boolean isPeer(BenchCase c) {
        return c.cell().startsWith("pytorch");
    }

    /**
     * How long a case runs: untimed iterations, at least {@code warmup} of them and for at least
     * {@code warmupSeconds}, then {@code iterations} timed ones. The peer, which has no JIT to wait for, gets
     * {@code warmup} untimed iterations more than its script's own five.
     */
    public record Timing(int warmup, double warmupSeconds, int iterations) {
    }

    /** Runs one case in a fresh JVM with {@code OMP_NUM_THREADS} set to the case's threads, under {@code isa}. */
    static BenchResult child(BenchCase c, Timing timing, Isa isa) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Jvm.java());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if ((arg.startsWith("-X") || arg.startsWith("-D")) && !arg.startsWith("-XX:UseAVX")) {
                command.add(arg);
            }
        }
        command.addAll(isa.jvmOptions());
        command.addAll(List.of("-cp", Jvm.classPath(), "dev.seq4j.cli.Seq4j", "bench",
                "--case", String.join(",", c.cell(), "" + c.hidden(), "" + c.batch(), "" + c.steps(), "" + c.vocab()),
                "--warmup", "" + timing.warmup(), "--warmup-seconds", "" + timing.warmupSeconds(),
                "--iterations", "" + timing.iterations()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OMP_NUM_THREADS", Integer.toString(c.threads()));
        builder.environment().remove("OPENBLAS_NUM_THREADS");
        builder.environment().putAll(isa.environment());
        builder.environment().put("OPENBLAS_VERBOSE", "2"); // it prints the kernels it picked: "Core: Haswell"
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        String line = out.lines().filter(l -> l.startsWith(RESULT)).reduce((a, b) -> b).orElse(null);
        if (code != 0 || line == null) {
            throw new IOException("benchmark case " + c.label() + " failed (exit " + code + "): "
                    + out.strip().lines().reduce((a, b) -> b).orElse(""));
        }
        java.util.regex.Matcher core = java.util.regex.Pattern.compile("(?m)^Core: (\\S+)").matcher(out);
        return JSON.readValue(line.substring(RESULT.length()), BenchResult.class)
                .withIsa("OpenBLAS " + (core.find() ? core.group(1) : "?"));
    }

    /**
     * Runs {@code rounds} rounds of every case under {@code isa}, each followed by the peer of its cell
     * ({@link #family}) on the same shape (once per shape, family and round), and returns each case's and each peer's
     * median round.
     *
     * @param peers the PyTorch peers by family ({@code lstm}, {@code gru}); a family without one is not compared
     */
    public static List<Row> run(List<BenchCase> cases, Timing timing, int rounds,
                                Map<String, TorchPeer> peers, Isa isa, PrintWriter progress)
            throws IOException, InterruptedException {
        Map<BenchCase, List<BenchResult>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            Set<List<Object>> peerDone = new LinkedHashSet<>();
            for (BenchCase c : cases) {
                BenchResult r = child(c, timing, isa);
                results.computeIfAbsent(c, k -> new ArrayList<>()).add(r);
                progress.printf(Locale.ROOT, "round %d/%d  %-26s OMP %d  %8.1f ms/iter%n", round, rounds, c.label(),
                        c.threads(), r.msPerIteration());
                TorchPeer peer = peers.get(family(c.cell()));
                if (peer != null && peerDone.add(List.of(family(c.cell()), c.hidden(), c.batch(), c.steps()))) {
                    BenchCase p = new BenchCase("pytorch_" + family(c.cell()), c.hidden(), c.batch(), c.steps(),
                            c.vocab(), 0);
                    BenchResult pr = peer.run(p, timing, isa);
                    results.computeIfAbsent(p, k -> new ArrayList<>()).add(pr);
                    progress.printf(Locale.ROOT, "round %d/%d  %-26s          %8.1f ms/iter%n", round, rounds,
                            p.label(), pr.msPerIteration());
                }
                progress.flush();
            }
        }
        List<Row> rows = new ArrayList<>();
        results.forEach((c, rs) -> {
            List<BenchResult> sorted = new ArrayList<>(rs);
            sorted.sort(Comparator.comparingDouble(BenchResult::msPerIteration));
            rows.add(new Row(c, sorted.get((sorted.size() - 1) / 2),
                    rs.stream().map(BenchResult::msPerIteration).toList()));
        });
        return rows;
    }

    /** The rows as a Markdown table, each family's PyTorch row after its seq4j rows of the same shape. */
    public static String table(List<Row> rows) {
        Map<List<Object>, Row> peers = new LinkedHashMap<>();
        for (Row r : rows) {
            if (isPeer(r.benchCase())) {
                peers.put(key(r.benchCase().cell().substring("pytorch_".length()), r.benchCase()), r);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("| cell | hidden | batch | steps | OMP threads | ms/iter (median) | rounds, ms | tokens/s | GFLOP/s "
                + "| SGEMM GFLOP/s | % of SGEMM | peak RSS MiB | loss/token first -> last | ISA as run | tokens/s vs PyTorch "
                + "| best rounds vs PyTorch's |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<Row> ordered = new ArrayList<>(rows);
        ordered.sort(Comparator.comparing((Row r) -> shape(r.benchCase()).toString())
                .thenComparing(r -> isPeer(r.benchCase()) ? r.benchCase().cell().substring("pytorch_".length())
                        : family(r.benchCase().cell()))
                .thenComparing(r -> isPeer(r.benchCase())));
        for (Row r : ordered) {
            BenchCase c = r.benchCase();
            BenchResult x = r.result();
            boolean isPeer = isPeer(c);
            Row peer = isPeer ? null : peers.get(key(family(c.cell()), c));
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %.1f | %s | %.0f | %.1f | %.1f | %.0f %% | %.0f | %s | %s | %s | %s |%n",
                    c.cell(), c.hidden(), c.batch(), c.steps(), isPeer ? "peer default" : "" + c.threads(),
                    x.msPerIteration(), String.join(" ", r.roundsMs().stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList()),
                    x.tokensPerSecond(), x.gflops(), x.sgemmGflops(), 100 * x.gflops() / x.sgemmGflops(), x.peakRssMb(),
                    Double.isNaN(x.firstLoss()) ? "" : String.format(Locale.ROOT, "%.3f -> %.3f",
                            x.firstLoss() / c.steps(), x.lastLoss() / c.steps()),
                    x.isa() == null ? "" : x.isa(),
                    peer == null ? ""
                            : String.format(Locale.ROOT, "%.2fx", x.tokensPerSecond() / peer.result().tokensPerSecond()),
                    // the same shape: the ratio of times is that of tokens/s; the best rounds are the least disturbed
                    peer == null ? "" : String.format(Locale.ROOT, "%.2fx", best(peer) / best(r))));
        }
        return out.toString();
    }

    private static double best(Row r) {
        return r.roundsMs().stream().mapToDouble(Double::doubleValue).min().orElse(r.result().msPerIteration());
    }

    private static List<Integer> shape(BenchCase c) {
        return List.of(c.hidden(), c.batch(), c.steps());
    }

    private static List<Object> key(String family, BenchCase c) {
        return List.of(family, c.hidden(), c.batch(), c.steps());
    }

    /** The machine and software the numbers were measured on, and the instructions the cases may use. */
    public static String machine(Isa isa) {
        List<String> flags = Isa.cpuFlags();
        String limit = isa == Isa.NATIVE ? "ISA native (" + Isa.widest(flags) + ")"
                : "ISA limited to " + isa.name().toLowerCase(Locale.ROOT) + " (the CPU has " + Isa.widest(flags)
                + "; " + String.join(" ", isa.jvmOptions()) + ", " + isa.peerEnvironment().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + " " + b).orElse("") + ")";
        return machine() + "; " + limit;
    }

    /** The machine and software the numbers were measured on. */
    public static String machine() {
        Versions v = Versions.current();
        String memory = "";
        try {
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> String.format(Locale.ROOT, ", %.0f GiB memory",
                            Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0)).orElse("");
        } catch (IOException | RuntimeException e) {
            // not Linux: no memory size
        }
        return String.format(Locale.ROOT, "%s, %d cores%s; %s; Java %s; seq4j %s on DL4J %s, %s %s, BLAS %s",
                v.cpu(), v.cores(), memory, v.os(), v.javaVersion(), v.seq4j(), v.dl4j(), v.backend(), v.classifier(),
                v.blas());
    }
}
