package dev.seq4j.cli;

import dev.seq4j.TinyText;
import dev.seq4j.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.seq4j.cli.CliTest.seq4j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The finer records of a run (issue 27): {@code steps.csv}, a row every {@code train.logEvery} minibatches, and
 * {@code train.log}, the console's lines. (Resumed after a kill: {@link ResumeCliTest}.)
 */
class StepsCliTest {
    @TempDir
    Path dir;

    private Path config(String train) throws Exception {
        Path text = Files.writeString(dir.resolve("text.txt"), TinyText.pangram(60));
        return Files.writeString(dir.resolve("config.yaml"), """
                task: charlm
                seed: 3
                data: {train: %s, sequenceLength: 20}
                model: {layers: [24]}
                train: {epochs: 2, batchSize: 8, patience: 0, sampleLength: 0, learningRate: 0.02, lrSchedule: exponential,
                        lrGamma: 0.5%s}
                """.formatted(text, train));
    }

    private static List<Map<String, String>> rows(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",");
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            assertEquals(header.length, cells.length, line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static double number(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }

    @Test
    void aRowEveryLogEveryMinibatchesWithTheEpochsLossBetweenItsRowsAndTheConsoleInTrainLog() throws Exception {
        Path run = dir.resolve("run");
        CliTest.Result r = seq4j("train", config(", logEvery: 3").toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("epoch,batch,step,seconds,train_loss,lr,grad_norm,tokens_per_s,heap_mb,rss_mb",
                Files.readAllLines(run.resolve(RunDirectory.STEPS)).get(0));
        List<Map<String, String>> steps = rows(run.resolve(RunDirectory.STEPS));
        List<Map<String, String>> epochs = rows(run.resolve(RunDirectory.METRICS));
        assertEquals(2, epochs.size());
        assertEquals(List.of(0.02, 0.01), epochs.stream().map(e -> number(e, "lr")).toList());
        long step = 0;
        double seconds = 0;
        for (Map<String, String> epoch : epochs) {
            String e = epoch.get("epoch");
            List<Map<String, String>> of = steps.stream().filter(s -> s.get("epoch").equals(e)).toList();
            assertTrue(of.size() >= 2, "rows of epoch " + e + ": " + of);
            int batch = 0;
            double low = Double.MAX_VALUE;
            double high = -Double.MAX_VALUE;
            for (int i = 0; i < of.size(); i++) {
                Map<String, String> row = of.get(i);
                int b = Integer.parseInt(row.get("batch"));
                // every 3 minibatches, and the epoch's last
                assertTrue(b > batch && b - batch <= 3 && (b % 3 == 0 || i == of.size() - 1), "batch " + b + " in " + of);
                step += b - batch;
                batch = b;
                assertEquals(step, Long.parseLong(row.get("step")), "DL4J's iteration count: minibatches of the run");
                assertTrue(number(row, "seconds") > seconds, row.toString());
                seconds = number(row, "seconds");
                double loss = number(row, "train_loss");
                assertTrue(loss > 0 && loss < 10, "bits/char: " + row);
                low = Math.min(low, loss);
                high = Math.max(high, loss);
                assertEquals(number(epoch, "lr"), number(row, "lr"), 1e-9, "the epoch's learning rate");
                assertTrue(number(row, "grad_norm") > 0 && Double.isFinite(number(row, "grad_norm")), row.toString());
                assertTrue(number(row, "tokens_per_s") > 0, row.toString());
                assertTrue(number(row, "heap_mb") > 0 && number(row, "rss_mb") > number(row, "heap_mb") / 4, row.toString());
            }
            // the epoch's train_loss is the rows' losses weighted by their characters: between the lowest and highest
            double epochLoss = number(epoch, "train_loss");
            assertTrue(epochLoss >= low - 1e-9 && epochLoss <= high + 1e-9, epochLoss + " outside [" + low + ", " + high + "]");
        }
        // train.log is the console: the data summary before the directory existed, the epochs, the last lines
        String log = Files.readString(run.resolve(RunDirectory.TRAIN_LOG));
        assertEquals(r.err(), log);
        assertTrue(log.startsWith("charlm: "), log);
        assertTrue(log.contains("\nepoch 2/2 "), log);
        assertTrue(log.contains("\nstopped: completed 2 epochs"), log);
    }

    @Test
    void logEveryZeroWritesNoStepsAndANegativeOneIsABadConfig() throws Exception {
        Path run = dir.resolve("run");
        CliTest.Result r = seq4j("train", config(", logEvery: 0").toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(run.resolve(RunDirectory.STEPS)));
        assertTrue(Files.exists(run.resolve(RunDirectory.TRAIN_LOG)));
        assertEquals("seq4j: error: config key 'train.logEvery': must be >= 0, got -1",
                seq4j("train", config("").toString(), "--set", "train.logEvery=-1", "--out",
                        dir.resolve("bad").toString()).oneLineError());
    }
}
