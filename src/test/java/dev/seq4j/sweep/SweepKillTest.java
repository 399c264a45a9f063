package dev.seq4j.sweep;

import dev.seq4j.TinyText;
import dev.seq4j.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sweep process killed with SIGKILL half-way, then run again: nothing finished is lost or run twice. */
class SweepKillTest {
    @TempDir
    Path dir;

    @Test
    void aKilledSweepResumesKeepingEveryFinishedTrialAndRunningNoneTwice() throws Exception {
        Path text = Files.writeString(dir.resolve("text.txt"), TinyText.pangram(40));
        Path sweepFile = Files.writeString(dir.resolve("grid.yaml"), """
                base:
                  task: charlm
                  seed: 2
                  data: {train: %s, sequenceLength: 20}
                  model: {layers: [8]}
                  train: {epochs: 2, batchSize: 8, maxBatches: 4, patience: 0, sampleLength: 0}
                space:
                  train.batchSize: [4, 8]
                  train.learningRate: [0.01, 0.02]
                """.formatted(text));
        Path out = dir.resolve("sweep");
        Process sweep = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), "dev.seq4j.cli.Seq4j",
                "sweep", sweepFile.toString(), "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sweep.log").toFile()).start();
        try {
            // kill it while trial 002 trains, with trial 001 finished
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(Files.exists(out.resolve("trials/001/" + SweepDirectory.RECORD))
                    && Files.exists(out.resolve("trials/002/" + RunDirectory.CONFIG)))) {
                assertTrue(sweep.isAlive(), "sweep ended early: " + Files.readString(dir.resolve("sweep.log")));
                assertTrue(System.nanoTime() < deadline, "no trial finished in 2 minutes");
                Thread.sleep(20);
            }
            List<ProcessHandle> trials = sweep.descendants().toList();
            sweep.destroyForcibly(); // SIGKILL
            sweep.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle trial : trials) {
                trial.onExit().get(30, TimeUnit.SECONDS); // a trial whose sweep is gone stops by itself
            }
        } finally {
            sweep.destroyForcibly();
        }

        Map<Integer, Long> finishedBefore = new TreeMap<>();
        for (int t = 1; t <= 4; t++) {
            Path model = out.resolve("trials/00" + t + "/" + RunDirectory.MODEL);
            if (Files.exists(out.resolve("trials/00" + t + "/" + RunDirectory.SUMMARY))) {
                finishedBefore.put(t, Files.getLastModifiedTime(model).toMillis());
            }
        }
        assertTrue(finishedBefore.containsKey(1));
        assertTrue(finishedBefore.size() < 4, "the sweep was killed before it finished: " + finishedBefore);

        StringWriter log = new StringWriter();
        Sweep.Result resumed = Sweep.run(sweepFile, out, 1, false, new PrintWriter(log, true));
        assertEquals(4, resumed.records().size(), log.toString());
        assertTrue(resumed.records().stream().allMatch(r -> r.status().equals(TrialRecord.COMPLETE)), log.toString());
        assertEquals(4 - finishedBefore.size(), resumed.ran(), log.toString());
        for (var e : finishedBefore.entrySet()) {
            assertEquals(e.getValue(), Files.getLastModifiedTime(out.resolve("trials/00" + e.getKey() + "/"
                    + RunDirectory.MODEL)).toMillis(), "trial " + e.getKey() + " ran again");
            assertFalse(log.toString().contains("trial 00" + e.getKey() + "/4 start"), log.toString());
        }
        assertEquals(5, Files.readAllLines(out.resolve(SweepDirectory.RESULTS_CSV)).size());
        assertFalse(Files.exists(out.resolve("trials/.tmp")));
        assertTrue(new File(out.toFile(), "best.json").isFile());
    }

    @Test
    void anInterruptedTrialWithACheckpointContinuesFromItInsteadOfStartingOver() throws Exception {
        Path text = Files.writeString(dir.resolve("text.txt"), TinyText.pangram(40));
        Path sweepFile = Files.writeString(dir.resolve("grid.yaml"), """
                base:
                  task: charlm
                  seed: 2
                  data: {train: %s, sequenceLength: 20}
                  model: {layers: [8]}
                  train: {epochs: 3, batchSize: 8, maxBatches: 3, patience: 0, sampleLength: 0}
                space:
                  train.batchSize: [4, 8]
                """.formatted(text));
        Path out = dir.resolve("sweep");
        Sweep.Result first = Sweep.run(sweepFile, out, 1, false, new PrintWriter(new StringWriter(), true));
        assertEquals(2, first.ran());
        // as if the sweep had been killed after trial 2's last checkpoint, before its summary
        Files.delete(out.resolve("trials/002/" + RunDirectory.SUMMARY));
        Files.delete(out.resolve("trials/002/" + SweepDirectory.RECORD));

        StringWriter log = new StringWriter();
        Sweep.Result again = Sweep.run(sweepFile, out, 1, false, new PrintWriter(log, true));
        assertEquals(1, again.ran(), log.toString());
        assertTrue(log.toString().contains("trial 002/2 resume"), log.toString());
        String trialLog = Files.readString(out.resolve(SweepDirectory.LOGS).resolve("002.log"));
        assertTrue(trialLog.contains("resume: from the checkpoint of epoch 3 of 3"), trialLog);
        String resumed = trialLog.substring(trialLog.indexOf("resume: from"));
        assertFalse(resumed.matches("(?s).*epoch \\d/3 .*"), "no epoch is trained again: " + resumed);
        for (int t = 0; t < 2; t++) {
            TrialRecord a = first.records().get(t);
            TrialRecord b = again.records().get(t);
            assertEquals(a.objective(), b.objective(), "trial " + (t + 1));
            assertEquals(a.epochs(), b.epochs(), "trial " + (t + 1));
        }
    }
}
