package dev.seq4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seq4j.MetricsCsv;
import dev.seq4j.TinyText;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.run.RunLock;
import dev.seq4j.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A training run killed with SIGKILL again and again, at seeded random moments of every phase (JVM start and data
 * preparation, between creating the run directory and the checkpoint of epoch 0, the first epoch, the middle ones, the
 * last one, and the final save after the last checkpoint), and restarted after each kill as a user would: with
 * {@code train --resume} when the run has its config, else with {@code train CONFIG --out} again. After every kill the
 * run is either complete or resumable, and the chain ends with the metrics, summary and sample of an uninterrupted run.
 * <p>
 * Each kill is aimed at a phase of the uninterrupted run's own timeline (recorded from its files as it trains): a
 * uniform delay within the phase's duration after the phase's start in the killed process (the run directory's lock
 * taken, a checkpoint written, or "resume: ..." printed). Where it landed is read from the run directory afterwards and
 * printed.
 */
class KillResumeCliTest {
    @TempDir
    Path dir;

    /** Phase numbers: data preparation, setup (directory to epoch-0000), epochs 1..E, then the final save (E + 1). */
    private static final int DATA = -1;
    private static final int SETUP = 0;

    /** Times after the process started (ms) at which the uninterrupted run reached each point. */
    private record Timeline(long directory, long[] checkpoint, long summary) {
        /** The phase's start and end in this timeline. */
        long[] phase(int phase) {
            int epochs = checkpoint.length - 1;
            return phase == DATA ? new long[]{0, directory} : phase == SETUP ? new long[]{directory, checkpoint[0]}
                    : phase == epochs + 1 ? new long[]{checkpoint[epochs], summary}
                    : new long[]{checkpoint[phase - 1], checkpoint[phase]};
        }
    }

    private int epochs;
    private Path config;
    private Path run;
    private final List<String> landings = new ArrayList<>();

    private Process child(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), "dev.seq4j.cli.Seq4j"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        return builder.start();
    }

    /** Starts (or restarts) the run as a user would after a kill. */
    private Process launch(Path log) throws IOException {
        return Files.isRegularFile(run.resolve(RunDirectory.CONFIG))
                ? child(log, "train", "--resume", run.toString())
                : child(log, "train", config.toString(), "--out", run.toString());
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Test
    void aCharLmKilledTwentyTimesAtRandomEndsAsAnUninterruptedRun() throws Exception {
        Path text = Files.writeString(dir.resolve("text.txt"), TinyText.pangram(60));
        Path test = Files.writeString(dir.resolve("test.txt"), TinyText.pangram(4));
        epochs = 4;
        config = Files.writeString(dir.resolve("config.yaml"), """
                task: charlm
                seed: 7
                data: {train: %s, test: %s, sequenceLength: 20}
                model: {layers: [24], dropout: 0.1}
                train: {epochs: %d, batchSize: 8, patience: 0, sampleLength: 30, ema: 0.9, learningRate: 0.01}
                """.formatted(text, test, epochs));
        // the phase of each kill, in the order a run passes them; 22 kills (two spare should one miss its window)
        int[] plan = {DATA, DATA, DATA, SETUP, SETUP, 1, 1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5};
        int kills = chain(plan, 20230);
        assertTrue(kills >= 20, "kills: " + kills + "\n" + String.join("\n", landings));
        // the first epoch, a middle one, the last one, and before and after them
        for (List<String> where : List.of(List.of("before the run directory"), List.of("epoch 1 "),
                List.of("epoch 2 ", "epoch 3 "), List.of("epoch 4 "), List.of("final save"))) {
            assertTrue(landings.stream().anyMatch(l -> where.stream().anyMatch(w -> l.contains("-> " + w))),
                    "no kill landed in " + where + ":\n" + String.join("\n", landings));
        }
        assertTrue(summaryWithoutTimes(run).keySet().containsAll(List.of("sample", "testBitsPerChar", "trivial")));
    }

    @Test
    void aSeq2seqEnsembleKilledInItsFirstEpochAndFinalSaveEndsAsAnUninterruptedRun() throws Exception {
        Path pairs = dir.resolve("dates.tsv");
        dev.seq4j.data.synthetic.SyntheticPairs.write(dev.seq4j.data.synthetic.SyntheticPairs.generate("dates", 50, 3),
                pairs);
        epochs = 2;
        config = Files.writeString(dir.resolve("config.yaml"), """
                task: seq2seq
                seed: 1
                data: {train: %s, valid: 0.2, sourceTokens: char, targetTokens: char, beam: 2}
                model: {layers: [8], embedding: 4, attention: dot, ensemble: 2, dropout: 0.1}
                train: {epochs: %d, patience: 0}
                """.formatted(pairs, epochs));
        // the first epoch and the final save: the members' checkpoints and the ensemble's decoding after them
        int kills = chain(new int[]{1, 3}, 7);
        assertTrue(kills >= 2, String.join("\n", landings));
        assertEquals(MetricsCsv.withoutTimes(dir.resolve("whole").resolve("members/2")),
                MetricsCsv.withoutTimes(run.resolve("members/2")), "the second member's metrics");
    }

    /**
     * Trains the config uninterrupted in {@code whole}, its timeline recorded; then in {@code run}, killed once for each
     * phase of {@code plan} at a seeded random moment of it, and restarted until it finishes. Asserts that the two end
     * the same, with nothing left over.
     *
     * @return the number of kills (a process that finished before its kill is not one)
     */
    private int chain(int[] plan, long seed) throws Exception {
        Path whole = dir.resolve("whole");
        run = whole;
        Timeline timeline = record(child(dir.resolve("whole.log"), "train", config.toString(), "--out", whole.toString()));

        run = dir.resolve("run");
        Random random = new Random(seed);
        int kills = 0;
        for (int k = 0; k < plan.length && !Files.exists(run.resolve(RunDirectory.SUMMARY)); k++) {
            long[] window = timeline.phase(plan[k]);
            // within the phase, clear of its end: a restarted JVM is mostly slower than the run it is timed by, but
            // not always (a loaded machine), and a kill past its phase moves the chain on for the kills after it; the
            // final save is the shortest phase and a kill past it ends the chain (one landed 52 ms in, after the end)
            double within = plan[k] <= SETUP ? 0.85 : plan[k] == epochs + 1 ? 0.3 : 0.5;
            long delay = (long) ((window[1] - window[0]) * (0.05 + (within - 0.05) * random.nextDouble()));
            kills += killOnce(k + 1, plan[k], delay) ? 1 : 0;
        }
        if (!Files.exists(run.resolve(RunDirectory.SUMMARY))) { // unless the last one finished before its kill
            Process last = launch(dir.resolve("last.log"));
            assertTrue(last.waitFor(180, TimeUnit.SECONDS));
            assertEquals(0, last.exitValue(), Files.readString(dir.resolve("last.log")));
        }
        System.out.println("kills (phase aimed at, delay after its start -> where it landed):");
        landings.forEach(l -> System.out.println("  " + l));

        assertEquals(MetricsCsv.withoutTimes(whole), MetricsCsv.withoutTimes(run));
        assertEquals(summaryWithoutTimes(whole), summaryWithoutTimes(run));
        try (Stream<Path> left = Files.list(run.resolve(RunDirectory.CHECKPOINTS))) {
            assertEquals(List.of(String.format(Locale.ROOT, "epoch-%04d", epochs)),
                    left.map(p -> p.getFileName().toString()).toList());
        }
        try (Stream<Path> all = Files.walk(run)) {
            assertEquals(List.of(), all.map(p -> run.relativize(p).toString())
                    .filter(n -> n.endsWith(".tmp") || n.endsWith(RunLock.FILE)).toList(), "temporaries or a lock left");
        }
        return kills;
    }

    /**
     * Starts the run, waits for the start of {@code phase} in this process, then {@code delay} ms more, and kills it.
     *
     * @return whether it was killed (not finished before)
     */
    private boolean killOnce(int number, int phase, long delay) throws Exception {
        boolean resumed = Files.isRegularFile(run.resolve(RunDirectory.CONFIG));
        int latestAtStart = Checkpoint.latestEpoch(run);
        Path log = dir.resolve("kill-" + number + ".log");
        Process p = launch(log);
        long start = System.nanoTime();
        try {
            long deadline = start + TimeUnit.SECONDS.toNanos(120);
            long marker = -1;
            while (marker < 0) {
                if (started(p, phase, latestAtStart, log)) {
                    marker = System.nanoTime();
                }
                assertTrue(p.isAlive() || marker >= 0, "ended before phase " + phase + ": " + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "phase " + phase + " not reached in 2 minutes");
                Thread.sleep(1);
            }
            while (System.nanoTime() - marker < delay * 1_000_000 && p.isAlive()) {
                Thread.sleep(1);
            }
            boolean alive = p.isAlive();
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            String aimed = String.format(Locale.ROOT, "%2d. %s%s, +%d ms (%d ms after start) -> %s", number,
                    phase == DATA ? "data" : phase == SETUP ? "setup" : phase == epochs + 1 ? "final save" : "epoch " + phase,
                    resumed ? " (resumed)" : "", delay, millisSince(start), alive ? landing() : "finished before the kill");
            landings.add(aimed);
            checkCompleteOrResumable(aimed);
            return alive;
        } finally {
            p.destroyForcibly();
        }
    }

    /** Whether this process has reached the start of {@code phase}. */
    private boolean started(Process p, int phase, int latestAtStart, Path log) throws IOException {
        if (phase == DATA) {
            return true;
        }
        if (phase == SETUP) { // the lock taken, as the run directory is created or reopened
            return Files.exists(run.resolve(RunLock.FILE))
                    && Files.readString(run.resolve(RunLock.FILE)).strip().equals(Long.toString(p.pid()));
        }
        // epoch k (or the final save) starts when the checkpoint of k - 1 is the latest and this process goes on from it
        int from = phase - 1;
        int latest = Checkpoint.latestEpoch(run);
        if (latestAtStart >= from) {
            return Files.readString(log).contains("resume: from the checkpoint of epoch");
        }
        return latest >= from;
    }

    /** Where a kill left the run, read from its directory. */
    private String landing() throws IOException {
        if (!Files.exists(run)) {
            return "before the run directory existed (JVM start, data preparation)";
        }
        if (Files.exists(run.resolve(RunDirectory.SUMMARY))) {
            return "complete";
        }
        if (!Files.isRegularFile(run.resolve(RunDirectory.CONFIG))) {
            return "setup: run directory created, no config.yaml yet";
        }
        List<String> temporaries;
        try (Stream<Path> all = Files.walk(run)) {
            temporaries = all.map(p -> run.relativize(p).toString()).filter(n -> n.endsWith(".tmp")).sorted().toList();
        }
        String writing = temporaries.isEmpty() ? "" : " (writing " + String.join(", ", temporaries) + ")";
        int latest = Checkpoint.latestEpoch(run);
        if (latest < 0) {
            return "setup: config written, before the epoch-0000 checkpoint" + writing;
        }
        if (latest == epochs) {
            return "final save: after the last checkpoint, before summary.json" + writing;
        }
        return "epoch " + (latest + 1) + " (from epoch-" + String.format(Locale.ROOT, "%04d", latest) + ")" + writing;
    }

    /** After a kill: the run is complete, or train accepts it again in one of its two ways. */
    private void checkCompleteOrResumable(String kill) throws IOException {
        if (Files.exists(run.resolve(RunDirectory.SUMMARY))) {
            return;
        }
        if (Files.isRegularFile(run.resolve(RunDirectory.CONFIG))) {
            RunDirectory.checkResumable(run); // throws (failing the test) when --resume would refuse it
            CliTest.Result out = CliTest.seq4j("train", config.toString(), "--out", run.toString());
            assertTrue(out.oneLineError().endsWith(": holds an interrupted run (no summary.json); continue it with "
                    + "seq4j train --resume " + run + ", or choose a new directory"), kill + ": " + out.err());
        } else if (Files.exists(run)) {
            RunDirectory.checkNew(run); // throws when train --out would refuse it
            if (Files.exists(run.resolve(RunLock.FILE))) {
                CliTest.Result resume = CliTest.seq4j("train", "--resume", run.toString());
                assertTrue(resume.oneLineError().contains("the run was stopped before it wrote its config.yaml"),
                        kill + ": " + resume.err());
            }
        }
    }

    /** Runs the uninterrupted run to its end, noting when each of its files appeared. */
    private Timeline record(Process p) throws Exception {
        long start = System.nanoTime();
        long directory = -1;
        long[] checkpoint = new long[epochs + 1];
        java.util.Arrays.fill(checkpoint, -1);
        long summary = -1;
        long deadline = start + TimeUnit.SECONDS.toNanos(180);
        try {
            while (summary < 0) {
                if (directory < 0 && Files.exists(run.resolve(RunLock.FILE))) {
                    directory = millisSince(start);
                }
                int latest = Checkpoint.latestEpoch(run);
                for (int e = 0; e <= latest; e++) {
                    checkpoint[e] = checkpoint[e] < 0 ? millisSince(start) : checkpoint[e];
                }
                if (Files.exists(run.resolve(RunDirectory.SUMMARY))) {
                    summary = millisSince(start);
                }
                assertTrue(p.isAlive() || summary >= 0, "the uninterrupted run failed: "
                        + Files.readString(dir.resolve("whole.log")));
                assertTrue(System.nanoTime() < deadline, "the uninterrupted run took over 3 minutes");
                Thread.sleep(1);
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("whole.log")));
        } finally {
            p.destroyForcibly();
        }
        Timeline t = new Timeline(directory, checkpoint, summary);
        System.out.printf(Locale.ROOT, "uninterrupted run: directory at %d ms, checkpoints at %s ms, summary at %d ms%n",
                directory, java.util.Arrays.toString(checkpoint), summary);
        return t;
    }

    /** summary.json without its wall-clock measurements. */
    /**
     * {@code train.checkpointEvery} (issue 29): a run killed with SIGKILL in the middle of an epoch, just after a
     * mid-epoch checkpoint, loses at most that many minibatches (the steps it logged after the checkpoint) and, resumed,
     * ends with the metrics, summary, steps and weights of an uninterrupted run: the same minibatch order from the
     * checkpoint's minibatch on, the same dropout draws, the epoch's loss summed on from where it stood.
     */
    @Test
    void aCharLmKilledInsideAnEpochResumesFromItsMidEpochCheckpointToTheSameResult() throws Exception {
        Path text = Files.writeString(dir.resolve("text.txt"), TinyText.pangram(120));
        config = Files.writeString(dir.resolve("config.yaml"), """
                task: charlm
                seed: 3
                data: {train: %s, sequenceLength: 20}
                model: {layers: [24], dropout: 0.2}
                train: {epochs: 3, batchSize: 4, patience: 0, sampleLength: 20, ema: 0.9, learningRate: 0.01,
                        checkpointEvery: 5, logEvery: 1}
                """.formatted(text));
        Path whole = dir.resolve("whole");
        Process p = child(dir.resolve("whole.log"), "train", config.toString(), "--out", whole.toString());
        assertTrue(p.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("whole.log")));
        int perEpoch = (int) Files.readAllLines(whole.resolve(RunDirectory.STEPS)).stream()
                .filter(l -> l.startsWith("1,")).count();
        assertTrue(perEpoch > 15, "minibatches an epoch: " + perEpoch);

        run = dir.resolve("run");
        Path target = run.resolve(RunDirectory.CHECKPOINTS).resolve("epoch-0002-batch-000010");
        Process killed = child(dir.resolve("killed.log"), "train", config.toString(), "--out", run.toString());
        long started = System.nanoTime();
        while (!Files.isDirectory(target) && killed.isAlive() && millisSince(started) < 180_000) {
            Thread.onSpinWait();
        }
        killed.destroyForcibly().waitFor();
        assertTrue(Files.isDirectory(target), "no mid-epoch checkpoint: " + Files.readString(dir.resolve("killed.log")));
        assertEquals(10, Checkpoint.latestBatch(run), "the kill came before the next mid-epoch checkpoint");
        List<String> logged = Files.readAllLines(run.resolve(RunDirectory.STEPS)).stream()
                .filter(l -> l.startsWith("2,")).toList();
        int lost = logged.isEmpty() ? 0 : Integer.parseInt(logged.get(logged.size() - 1).split(",")[1]) - 10;
        assertTrue(lost >= 0 && lost <= 5, "minibatches fitted after the checkpoint, lost: " + lost);

        Process resumed = child(dir.resolve("resumed.log"), "train", "--resume", run.toString());
        assertTrue(resumed.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, resumed.exitValue(), Files.readString(dir.resolve("resumed.log")));
        assertEquals(MetricsCsv.withoutTimes(whole), MetricsCsv.withoutTimes(run));
        assertEquals(summaryWithoutTimes(whole), summaryWithoutTimes(run));
        assertEquals(stepsWithoutTimes(whole), stepsWithoutTimes(run));
        assertEquals(RunDirectory.sha256(whole.resolve(RunDirectory.MODEL)).length(), 64);
        assertTrue(dev.seq4j.run.ModelFile.graph(whole.resolve(RunDirectory.MODEL), false).params()
                .equals(dev.seq4j.run.ModelFile.graph(run.resolve(RunDirectory.MODEL), false).params()), "the weights");
        try (Stream<Path> left = Files.list(run.resolve(RunDirectory.CHECKPOINTS))) {
            assertEquals(List.of("epoch-0003"), left.map(p2 -> p2.getFileName().toString()).toList());
        }
    }

    /** steps.csv's epoch, batch, step and loss columns. */
    private static List<String> stepsWithoutTimes(Path run) throws IOException {
        return Files.readAllLines(run.resolve(RunDirectory.STEPS)).stream().map(l -> {
            String[] c = l.split(",");
            return String.join(",", c[0], c[1], c[2], c[4], c[5]);
        }).toList();
    }

    private static Map<String, Object> summaryWithoutTimes(Path run) throws IOException {
        ObjectNode summary = (ObjectNode) new ObjectMapper().readTree(run.resolve(RunDirectory.SUMMARY).toFile());
        summary.remove(List.of("trainSeconds", "tokensPerSecond", "runSeconds"));
        Map<String, Object> out = new TreeMap<>();
        summary.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
