package dev.seq4j.sweep;

import dev.seq4j.run.Jvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one trial as a child JVM: {@code seq4j train BASE --out RUN --set key=value...}. A separate process
 * keeps a trial's crash, out-of-memory or native failure from taking the sweep down, and gives each trial
 * its own share of the cores ({@code OMP_NUM_THREADS}, {@code -XX:ActiveProcessorCount}). The child's
 * standard input is a pipe the sweep never writes to: when the sweep dies, even by {@code kill -9}, the pipe
 * closes and the child stops, so no orphan keeps writing into the sweep directory.
 */
final class TrialProcess {
    /** JVM options of this process that a child must not copy: debugger ports, our own thread count. */
    private static final List<String> NOT_INHERITED = List.of("-agentlib:jdwp", "-XX:ActiveProcessorCount");
    private static final List<String> HEAP_OPTIONS = List.of("-Xmx", "-XX:MaxHeapSize", "-XX:MaxRAM");

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static volatile boolean stopping;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            RUNNING.forEach(Process::destroy);
        }));
    }

    /** Whether this JVM is shutting down (Ctrl-C, SIGTERM): trials ending now were interrupted, not failed. */
    static boolean stopping() {
        return stopping;
    }

    private TrialProcess() {
    }

    /** What the child did: its exit code and the line that says why, when it failed. */
    record Exit(int code, String error) {
        /** Stopped by SIGINT or SIGTERM (Ctrl-C, {@code docker stop}, a scheduler): run it again on resume. */
        boolean interrupted() {
            return code == 128 + 2 || code == 128 + 15 || code == -1;
        }
    }

    /**
     * Runs the child to the end, its output going to {@code log}.
     *
     * @param threads  native threads the trial may use ({@code OMP_NUM_THREADS})
     * @param cpus     cores the trial's JVM sizes its own pools for
     * @param parallel trials running at once, who share the memory a percentage of it gives this JVM
     * @param limit    seconds after which the trial is stopped as hung (0: none)
     */
    static Exit run(Path base, Path out, boolean resume, Path pruning, Map<String, String> values, int threads, int cpus,
                    int parallel, long limit, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Jvm.java());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (NOT_INHERITED.stream().noneMatch(arg::startsWith)) {
                command.add(memoryShare(arg, parallel));
            }
        }
        if (parallel > 1 && command.stream().noneMatch(a -> HEAP_OPTIONS.stream().anyMatch(a::startsWith))) {
            // the JVM's default heap is a quarter of the memory: a quarter shared between the trials at once
            command.add(String.format(java.util.Locale.ROOT, "-XX:MaxRAMPercentage=%.1f", 25.0 / parallel));
        }
        command.add("-XX:ActiveProcessorCount=" + cpus);
        command.add("-cp");
        command.add(Jvm.classPath());
        command.add("dev.seq4j.cli.Seq4j");
        command.addAll(resume ? resumeArguments(out, pruning) : arguments(base, out, pruning, values));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        builder.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a trial process", e);
        }
        RUNNING.add(process);
        try {
            if (limit > 0 && !process.waitFor(limit, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                return new Exit(128 + 9, "stopped after " + limit + " s: far beyond its train.maxMinutes, hung?");
            }
            int code = process.waitFor();
            return new Exit(code, code == 0 ? null : reason(code, log));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Exit(-1, "interrupted");
        } finally {
            RUNNING.remove(process);
        }
    }

    /**
     * A JVM option as a child gets it: a heap given as a percentage of the machine's (or container's) memory,
     * such as the Docker image's {@code -XX:MaxRAMPercentage=30}, is divided between the trials running at
     * once, so that {@code --parallel N} does not ask for N times the memory. Absolute sizes ({@code -Xmx}) are
     * the user's choice per trial and pass unchanged.
     */
    static String memoryShare(String arg, int parallel) {
        String option = "-XX:MaxRAMPercentage=";
        if (parallel > 1 && arg.startsWith(option)) {
            try {
                double percent = Double.parseDouble(arg.substring(option.length()));
                return option + String.format(java.util.Locale.ROOT, "%.1f", percent / parallel);
            } catch (NumberFormatException e) {
                return arg;
            }
        }
        return arg;
    }

    /** The child's arguments after the main class; also how the sweep tells a user to rerun a trial by hand. */
    static List<String> arguments(Path base, Path out, Path pruning, Map<String, String> values) {
        List<String> args = new ArrayList<>(List.of("train", base.toString(), "--out", out.toString(),
                "--exit-with-parent"));
        if (pruning != null) {
            args.add("--prune-file");
            args.add(pruning.toString());
        }
        values.forEach((key, json) -> {
            args.add("--set");
            args.add(key + "=" + json);
        });
        return args;
    }

    /** The child's arguments to continue an interrupted trial in {@code out} from its checkpoint. */
    static List<String> resumeArguments(Path out, Path pruning) {
        List<String> args = new ArrayList<>(List.of("train", "--resume", out.toString(), "--exit-with-parent"));
        if (pruning != null) {
            args.add("--prune-file");
            args.add(pruning.toString());
        }
        return args;
    }

    /** The last error line seq4j printed, or what the exit code says. */
    static String reason(int code, Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i);
                for (String prefix : List.of("seq4j: error: ", "seq4j: failed: ")) {
                    if (line.startsWith(prefix) && !line.contains("SEQ4J_DEBUG")) {
                        return line.substring(prefix.length());
                    }
                }
            }
        } catch (IOException e) {
            // fall through to the exit code
        }
        return code > 128 ? "killed by signal " + (code - 128) : "exit code " + code;
    }
}
