package dev.seq4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.TinyText;
import dev.seq4j.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --resume}: a training process killed with SIGKILL continues where its last checkpoint left it. */
class ResumeCliTest {
    @TempDir
    Path dir;

    static CliTest.Result seq4j(String... args) {
        return CliTest.seq4j(args);
    }

    private Path config(int epochs) throws IOException {
        Path text = Files.writeString(dir.resolve("text.txt"), TinyText.pangram(60));
        return Files.writeString(dir.resolve("config.yaml"), """
                task: charlm
                seed: 7
                data: {train: %s, sequenceLength: 20}
                model: {layers: [24], dropout: 0.1}
                train: {epochs: %d, batchSize: 8, patience: 0, sampleLength: 20, ema: 0.9, learningRate: 0.01}
                """.formatted(text, epochs));
    }

    private static int completeCheckpoint(Path run) throws IOException {
        Path checkpoints = run.resolve(RunDirectory.CHECKPOINTS);
        if (!Files.isDirectory(checkpoints)) {
            return -1;
        }
        try (Stream<Path> s = Files.list(checkpoints)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("epoch-\\d+"))
                    .filter(n -> Files.exists(checkpoints.resolve(n).resolve("state.json")))
                    .mapToInt(n -> Integer.parseInt(n.substring(6))).max().orElse(-1);
        }
    }

    @Test
    void aRunKilledWithSigkillResumesToTheSameEpochsAndMetricsAsAnUninterruptedOne() throws Exception {
        int epochs = 8;
        Path config = config(epochs);
        Path run = dir.resolve("run");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), "dev.seq4j.cli.Seq4j",
                "train", config.toString(), "--out", run.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("train.log").toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        Process train = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (completeCheckpoint(run) < 2) {
                assertTrue(train.isAlive(), "training ended early: " + Files.readString(dir.resolve("train.log")));
                assertTrue(System.nanoTime() < deadline, "no second epoch in 2 minutes");
                Thread.sleep(10);
            }
            train.destroyForcibly(); // SIGKILL: no shutdown hooks, files as they are
            assertTrue(train.waitFor(30, TimeUnit.SECONDS));
        } finally {
            train.destroyForcibly();
        }
        assertFalse(Files.exists(run.resolve(RunDirectory.SUMMARY)), "killed before it finished");
        int rowsBefore = Files.readAllLines(run.resolve(RunDirectory.METRICS)).size() - 1;
        assertTrue(rowsBefore >= 1 && rowsBefore < epochs, "epochs logged before the kill: " + rowsBefore);

        // what a kill in the middle of a row leaves
        Files.writeString(run.resolve(RunDirectory.STEPS), "9,1,", java.nio.file.StandardOpenOption.APPEND);
        String logBefore = Files.readString(run.resolve(RunDirectory.TRAIN_LOG));
        assertTrue(logBefore.contains("epoch 1/" + epochs + " "), logBefore);

        CliTest.Result resumed = seq4j("train", "--resume", run.toString());
        assertEquals(0, resumed.code(), resumed.err());
        // train.log: the killed session's lines, then the resumed one's, then the last lines
        String log = Files.readString(run.resolve(RunDirectory.TRAIN_LOG));
        assertTrue(log.startsWith(logBefore), log);
        assertTrue(log.endsWith(resumed.err()), "the resumed session's console, whole:\n" + log);
        assertTrue(resumed.err().contains("resume: from the checkpoint of epoch "), resumed.err());
        int from = Integer.parseInt(resumed.err().replaceAll("(?s).*resume: from the checkpoint of epoch (\\d+).*", "$1"));
        // the checkpoint is written before the epoch's metrics row: a kill between the two leaves one row fewer,
        // which the resumed run restores from the checkpoint
        assertTrue(from >= 2 && (rowsBefore == from || rowsBefore == from - 1),
                "resumed from " + from + " with " + rowsBefore + " rows logged");
        assertTrue(resumed.err().contains("epoch " + (from + 1) + "/" + epochs + " "), resumed.err());
        assertFalse(resumed.err().contains("epoch " + from + "/" + epochs + " "), "no epoch is trained twice");

        CliTest.Result whole = seq4j("train", config.toString(), "--out", dir.resolve("whole").toString());
        assertEquals(0, whole.code(), whole.err());
        List<String> expected = dev.seq4j.MetricsCsv.withoutTimes(dir.resolve("whole"));
        assertEquals(epochs + 1, expected.size());
        assertEquals(expected, dev.seq4j.MetricsCsv.withoutTimes(run), "the resumed run's metrics continue exactly where they stopped");
        // steps.csv too: the rows of the epoch the kill cut short (and its half row) replaced by the resumed run's
        List<String> steps = dev.seq4j.MetricsCsv.withoutTimes(dir.resolve("whole"), RunDirectory.STEPS);
        assertTrue(steps.size() > epochs, "rows of steps.csv: " + steps.size());
        assertEquals(steps, dev.seq4j.MetricsCsv.withoutTimes(run, RunDirectory.STEPS));
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(run.resolve(RunDirectory.SUMMARY).toFile());
        JsonNode b = json.readTree(dir.resolve("whole").resolve(RunDirectory.SUMMARY).toFile());
        assertEquals(b.get("validBitsPerChar"), a.get("validBitsPerChar"));
        assertEquals(b.get("sample"), a.get("sample"));
        assertEquals(epochs, a.get("epochs").asInt());
        try (Stream<Path> left = Files.list(run.resolve(RunDirectory.CHECKPOINTS))) {
            assertEquals(List.of("epoch-000" + epochs), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aDirectoryLeftBeforeItsConfigWasWrittenIsTakenAgainByOutAndExplainedByResume() throws Exception {
        Path config = config(1);
        // what a kill between creating the run directory and writing its config leaves: the lock file of the dead
        // process, the empty checkpoints directory and the config's hidden temporary
        Path run = Files.createDirectories(dir.resolve("run").resolve(RunDirectory.CHECKPOINTS)).getParent();
        Files.writeString(run.resolve(dev.seq4j.run.RunLock.FILE), "999999999\n");
        Files.writeString(run.resolve(".config.yaml.tmp"), "task: char");
        assertEquals("seq4j: error: --resume " + run + ": the run was stopped before it wrote its config.yaml (nothing was "
                + "trained); start it again with seq4j train CONFIG --out " + run,
                seq4j("train", "--resume", run.toString()).oneLineError());

        CliTest.Result again = seq4j("train", config.toString(), "--out", run.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(Files.exists(run.resolve(RunDirectory.SUMMARY)));
        try (Stream<Path> files = Files.list(run)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
                    "the dead process's lock file and temporary are gone");
        }
        // a run interrupted after its config: --out points to --resume
        Files.delete(run.resolve(RunDirectory.SUMMARY));
        assertEquals("seq4j: error: --out " + run + ": holds an interrupted run (no summary.json); continue it with "
                + "seq4j train --resume " + run + ", or choose a new directory",
                seq4j("train", config.toString(), "--out", run.toString()).oneLineError());
    }

    @Test
    void resumeRefusesFinishedRunsOtherDataAndExtraArgumentsWithOneLine() throws Exception {
        Path config = config(2);
        Path run = dir.resolve("run");
        assertEquals(0, seq4j("train", config.toString(), "--out", run.toString()).code());

        CliTest.Result finished = seq4j("train", "--resume", run.toString());
        assertEquals(2, finished.code());
        assertEquals("seq4j: error: --resume " + run + ": the run already finished (it has summary.json); to train it "
                + "further give it more with --set train.epochs=N (or train.maxMinutes, train.patience), or start a new "
                + "run", finished.err().strip());

        CliTest.Result both = seq4j("train", config.toString(), "--resume", run.toString());
        assertEquals(2, both.code());
        assertEquals(1, both.err().strip().lines().count(), both.err());
        assertTrue(both.err().contains("give no CONFIG or --out with it"), both.err());

        CliTest.Result none = seq4j("train", "--resume", Files.createDirectories(dir.resolve("notARun")).toString());
        assertEquals(2, none.code());
        assertTrue(none.err().strip().endsWith("not a seq4j run directory (no config.yaml)"), none.err());

        // an unfinished run whose data changed since: refused, and its files are left as they were
        Files.delete(run.resolve(RunDirectory.SUMMARY));
        byte[] vocab = Files.readAllBytes(run.resolve("vocab.json"));
        Files.writeString(dir.resolve("text.txt"), TinyText.pangram(60).toUpperCase());
        CliTest.Result changed = seq4j("train", "--resume", run.toString());
        assertEquals(2, changed.code(), changed.err());
        assertEquals(1, changed.err().strip().lines().count(), changed.err());
        assertTrue(changed.err().contains("vocab.json comes out different from the data now than when the run started"),
                changed.err());
        assertTrue(java.util.Arrays.equals(vocab, Files.readAllBytes(run.resolve("vocab.json"))));
    }

    /**
     * {@code train --resume RUN --set train.epochs=5} extends a finished two-epoch run by three epochs: its metrics,
     * summary and sample are those of one uninterrupted five-epoch run, its config says five epochs and its train.log
     * holds both sessions.
     */
    @Test
    void aFinishedRunExtendedByThreeEpochsEqualsOneRunOfTheSummedLength() throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, seq4j("train", config(2).toString(), "--out", run.toString()).code());
        String logBefore = Files.readString(run.resolve(RunDirectory.TRAIN_LOG));

        CliTest.Result extended = seq4j("train", "--resume", run.toString(), "--set", "train.epochs=5");
        assertEquals(0, extended.code(), extended.err());
        assertTrue(extended.err().contains("resume: from the checkpoint of epoch 2 of 5"), extended.err());
        assertFalse(extended.err().contains("epoch 2/5 "), "no epoch is trained twice: " + extended.err());
        assertTrue(Files.readString(run.resolve(RunDirectory.TRAIN_LOG)).startsWith(logBefore));
        assertTrue(Files.readString(run.resolve(RunDirectory.CONFIG)).contains("epochs: 5"));

        Path whole = dir.resolve("whole");
        CliTest.Result once = seq4j("train", config(5).toString(), "--out", whole.toString());
        assertEquals(0, once.code(), once.err());
        assertEquals(dev.seq4j.MetricsCsv.withoutTimes(whole), dev.seq4j.MetricsCsv.withoutTimes(run));
        assertEquals(dev.seq4j.MetricsCsv.withoutTimes(whole, RunDirectory.STEPS),
                dev.seq4j.MetricsCsv.withoutTimes(run, RunDirectory.STEPS));
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(run.resolve(RunDirectory.SUMMARY).toFile());
        JsonNode b = json.readTree(whole.resolve(RunDirectory.SUMMARY).toFile());
        assertEquals(b.get("validBitsPerChar"), a.get("validBitsPerChar"));
        assertEquals(b.get("bestEpoch"), a.get("bestEpoch"));
        assertEquals(b.get("sample"), a.get("sample"));
        assertEquals(5, a.get("epochs").asInt());
        CliTest.Result eval = seq4j("eval", run.toString(), "--data", dir.resolve("text.txt").toString());
        assertEquals(0, eval.code(), "the extended run is a finished run again: " + eval.err());
    }

    /**
     * What {@code --resume --set} refuses, each with one line and exit 2 before anything is written: a key that would
     * change the model, data or optimiser, a limit the run has already reached, and a bad value.
     */
    @Test
    void anExtensionThatCannotApplyIsOneLineAndLeavesTheRunAsItWas() throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, seq4j("train", config(2).toString(), "--out", run.toString()).code());
        Map<String, String> before = RunLockCliTest.snapshot(run);

        assertEquals("seq4j: error: --set model.layers: --resume goes on with the run's own model, data and optimiser; "
                        + "only train.epochs, train.maxMinutes, train.patience may change (start a new run to change the "
                        + "rest)",
                seq4j("train", "--resume", run.toString(), "--set", "train.epochs=4", "--set", "model.layers=[8]")
                        .oneLineError());
        assertEquals("seq4j: error: --resume " + run + ": train.epochs=2: the run has trained 2 epochs already; give "
                        + "more to extend it",
                seq4j("train", "--resume", run.toString(), "--set", "train.epochs=2").oneLineError());
        assertEquals("seq4j: error: --resume " + run + ": train.maxMinutes=0.001: the run has trained for 0.0 minutes, "
                        + "and the budget counts them all; give more to extend it",
                seq4j("train", "--resume", run.toString(), "--set", "train.epochs=4", "--set", "train.maxMinutes=0.001")
                        .oneLineError().replaceAll("trained for [0-9.]+ minutes", "trained for 0.0 minutes"));
        String zero = seq4j("train", "--resume", run.toString(), "--set", "train.epochs=0").oneLineError();
        assertTrue(zero.contains("epochs"), zero);
        assertEquals(before, RunLockCliTest.snapshot(run), "nothing written");
    }

    /**
     * A run killed after its last checkpoint was renamed into place but before the older one was deleted: resumed, it
     * trains no further epoch and so writes no checkpoint, and still leaves only the latest.
     */
    @Test
    void aResumeAfterTheLastEpochLeavesOnlyTheLatestCheckpoint() throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, seq4j("train", config(2).toString(), "--out", run.toString()).code());
        Path checkpoints = run.resolve(RunDirectory.CHECKPOINTS);
        copyTree(checkpoints.resolve("epoch-0002"), checkpoints.resolve("epoch-0001"));
        Files.delete(run.resolve(RunDirectory.SUMMARY));

        CliTest.Result resumed = seq4j("train", "--resume", run.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resume: from the checkpoint of epoch 2 of 2"), resumed.err());
        try (Stream<Path> left = Files.list(checkpoints)) {
            assertEquals(List.of("epoch-0002"), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }
}
