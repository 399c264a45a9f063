package dev.seq4j.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seq4j.TinyText;
import dev.seq4j.UserException;
import dev.seq4j.run.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real sweep, each trial a child JVM: a 2 x 2 grid whose best trial is known in advance (a learning rate of
 * 1e-6 learns nothing in 18 steps; two hidden units cannot remember a 45-character sentence), with one trial
 * killed from outside while it trains, as the kernel's out-of-memory killer would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SweepTest {
    @TempDir
    static Path dir;
    static Path sweepFile;
    static Path out;
    static Sweep.Result result;
    static String console;
    static volatile Throwable killerError;


    @BeforeAll
    static void runSmallGrid() throws Exception {
        Path text = Files.writeString(dir.resolve("text.txt"), TinyText.pangram(40));
        sweepFile = Files.writeString(dir.resolve("grid.yaml"), """
                base:
                  task: charlm
                  seed: 1
                  data: {train: %s, sequenceLength: 20}
                  model: {layers: [16]}
                  train: {epochs: 3, batchSize: 8, maxBatches: 6, patience: 0, sampleLength: 0}
                space:
                  train.learningRate: [0.000001, 0.03]
                  model.layers: [[2], [32]]
                """.formatted(text));
        out = dir.resolve("sweep");
        Thread killer = killTrialOneOnceItTrains();
        StringWriter log = new StringWriter();
        result = Sweep.run(sweepFile, out, 2, false, new PrintWriter(log, true));
        killer.interrupt();
        console = log.toString();
    }

    /** Kills trial 001's process with SIGKILL a second after it starts. */
    private static Thread killTrialOneOnceItTrains() {
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    ProcessHandle trial = ProcessHandle.current().descendants()
                            .filter(p -> commandLine(p).contains("trials/001\0"))
                            .findFirst().orElse(null);
                    if (trial != null) {
                        Thread.sleep(1000);
                        trial.destroyForcibly();
                        return;
                    }
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                // the sweep ended first
            } catch (Throwable e) {
                killerError = e;
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The process's arguments, NUL-separated, from Linux's /proc (ProcessHandle.Info gives up on long ones). */
    private static String commandLine(ProcessHandle p) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static Map<Integer, TrialRecord> byTrial(List<TrialRecord> records) {
        Map<Integer, TrialRecord> out = new TreeMap<>();
        records.forEach(r -> out.put(r.trial(), r));
        return out;
    }

    @Test
    @Order(1)
    void theKnownBestTrialWinsAndTheKilledTrialIsRecordedAsFailed() {
        assertEquals(null, killerError);
        Map<Integer, TrialRecord> trials = byTrial(result.records());
        assertEquals(List.of(1, 2, 3, 4), List.copyOf(trials.keySet()), console);
        // first key slowest: (1e-6, [2]), (1e-6, [32]), (0.03, [2]), (0.03, [32])
        assertEquals("{train.learningRate=0.03, model.layers=[32]}", trials.get(4).values().toString());
        assertEquals(4, result.best().trial(), console);
        assertEquals(out.resolve("trials/004"), result.bestRun());
        assertEquals(TrialRecord.FAILED, trials.get(1).status());
        assertTrue(trials.get(1).reason().startsWith("killed by signal 9"), trials.get(1).reason());
        for (int t = 2; t <= 4; t++) {
            assertEquals(TrialRecord.COMPLETE, trials.get(t).status(), console);
            assertEquals(3, trials.get(t).epochs());
            TrialRecord r = trials.get(t);
            assertTrue(r.wallSeconds() > r.runSeconds() && r.runSeconds() > r.trainSeconds(), r.toString());
        }
        double lowLr = trials.get(2).objective();
        double tiny = trials.get(3).objective();
        double best = trials.get(4).objective();
        assertTrue(best < tiny && tiny < lowLr, "best " + best + ", two units " + tiny + ", lr 1e-6 " + lowLr);
        assertEquals(4, result.ran());
        assertTrue(console.contains("trial 004/4 start"), console);
        assertTrue(console.contains("ETA"), console);
        assertTrue(console.contains("best: trial 004"), console);
    }

    @Test
    @Order(2)
    void everyTrialIsARunDirectoryAndTheResultsAreRankedByTheObjective() throws Exception {
        for (int t = 2; t <= 4; t++) {
            Path run = out.resolve("trials/00" + t);
            for (String f : List.of(RunDirectory.CONFIG, RunDirectory.MODEL, RunDirectory.METRICS, RunDirectory.SUMMARY,
                    SweepDirectory.RECORD)) {
                assertTrue(Files.isRegularFile(run.resolve(f)), run.resolve(f).toString());
            }
        }
        List<String> csv = Files.readAllLines(out.resolve(SweepDirectory.RESULTS_CSV));
        assertEquals("trial,train.learningRate,model.layers,valid_bpc,status,epochs,best_epoch,train_s,run_s,wall_s,reason,run",
                csv.get(0));
        assertEquals(5, csv.size());
        assertTrue(csv.get(4).startsWith("4,0.03,[32]," + result.best().objective() + ",complete,3,"), csv.get(4));
        assertTrue(csv.get(1).startsWith("1,1.0E-6,[2],,failed,"), csv.get(1));

        List<String> table = Files.readAllLines(out.resolve(SweepDirectory.RESULTS_MD)).stream()
                .filter(l -> l.startsWith("| ") && l.contains("](")).toList();
        assertEquals(List.of("| 1 | [004]", "| 2 | [003]", "| 3 | [002]", "|  | [001]"),
                table.stream().map(l -> l.substring(0, l.indexOf(']') + 1)).toList());

        for (String key : List.of("train.learningRate", "model.layers")) {
            byte[] png = Files.readAllBytes(out.resolve("plots/" + key + ".png"));
            assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4), key);
        }
        JsonNode best = SweepDirectory.JSON.readTree(out.resolve(RunDirectory.POINTER).toFile());
        assertEquals("trials/004", best.get("run").asText());
        assertEquals(out.resolve("trials/004"), RunDirectory.open(out).root(), "eval and generate accept the sweep");
        assertEquals(out.resolve("trials/004").toRealPath(), out.resolve("best").toRealPath());
    }

    @Test
    @Order(3)
    void runningTheSameSweepAgainKeepsEveryFinishedTrialAndRunsNothing() throws Exception {
        long modelTime = Files.getLastModifiedTime(out.resolve("trials/004/model.zip")).toMillis();
        Sweep.Result again = Sweep.run(sweepFile, out, 2, false, new PrintWriter(new StringWriter()));
        assertEquals(0, again.ran());
        assertEquals(result.records(), again.records());
        assertEquals(modelTime, Files.getLastModifiedTime(out.resolve("trials/004/model.zip")).toMillis());
    }

    @Test
    @Order(4)
    void aChangedSweepIsRefusedInTheOldDirectory() throws Exception {
        Path changed = Files.writeString(dir.resolve("changed.yaml"), Files.readString(sweepFile)
                .replace("[0.000001, 0.03]", "[0.000001, 0.01]"));
        String before = Files.readString(out.resolve(SweepDirectory.RESULTS_CSV));
        UserException e = assertThrows(UserException.class,
                () -> Sweep.run(changed, out, 1, false, new PrintWriter(new StringWriter())));
        assertTrue(e.getMessage().contains("holds a different sweep (space.train.learningRate changed"), e.getMessage());
        assertEquals(before, Files.readString(out.resolve(SweepDirectory.RESULTS_CSV)));
    }

    @Test
    @Order(5)
    void retryFailedRunsOnlyTheFailedTrialAgain() {
        Sweep.Result retried = Sweep.run(sweepFile, out, 2, true, new PrintWriter(new StringWriter()));
        assertEquals(1, retried.ran());
        TrialRecord one = byTrial(retried.records()).get(1);
        assertEquals(TrialRecord.COMPLETE, one.status());
        assertNotNull(one.objective());
        assertEquals(4, retried.best().trial());
    }
}
