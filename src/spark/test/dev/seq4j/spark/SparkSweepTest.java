package dev.seq4j.spark;

import dev.seq4j.cli.Seq4j;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sweep --spark local[2]}: the trials run as Spark tasks (two at once), and the sweep's table equals the local
 * runner's (child JVMs) in content: every trial, value, objective, status and epoch count; only the seconds differ.
 */
class SparkSweepTest {
    @TempDir
    Path dir;

    static List<String> withoutSeconds(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        return lines.stream().map(l -> {
            String[] f = l.split(",", -1);
            StringBuilder kept = new StringBuilder();
            for (int i = 0; i < f.length; i++) {
                if (!List.of("train_s", "run_s", "wall_s").contains(header.get(i))) {
                    kept.append(f[i]).append(',');
                }
            }
            return kept.toString();
        }).toList();
    }

    /** A grid over {@code space} (YAML lines under {@code space:}) of tiny char LMs on {@code text}, 2 epochs of 3 minibatches. */
    static Path grid(Path dir, Path text, String space) throws Exception {
        return Files.writeString(dir.resolve("grid.yaml"), """
                base:
                  task: charlm
                  seed: 2
                  data: {train: %s, sequenceLength: 20}
                  model: {layers: [8]}
                  train: {epochs: 2, batchSize: 8, maxBatches: 3, patience: 0, sampleLength: 0}
                space:
                """.formatted(text) + space);
    }

    private int sweep(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Seq4j.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertEquals(0, code, err.toString());
        if (List.of(args).contains("--spark")) {
            assertTrue(err.toString().contains("trials on Spark local[2], one trial per task"), err.toString());
        }
        return code;
    }

    @Test
    void aSweepOnSparkLocalModeGivesTheLocalRunnersTable() throws Exception {
        Path text = Files.writeString(dir.resolve("text.txt"), "the quick brown fox jumps over the lazy dog.\n".repeat(40));
        Path sweepFile = grid(dir, text, "  train.batchSize: [4, 8]\n  train.learningRate: [0.01, 0.02]\n");
        sweep("sweep", sweepFile.toString(), "--parallel", "2", "--out", dir.resolve("local").toString());
        sweep("sweep", sweepFile.toString(), "--parallel", "2", "--spark", "local[2]", "--out",
                dir.resolve("spark").toString());
        List<String> local = withoutSeconds(dir.resolve("local").resolve("results.csv"));
        assertEquals(5, local.size(), local.toString());
        assertEquals(local, withoutSeconds(dir.resolve("spark").resolve("results.csv")));
        for (int t = 1; t <= 4; t++) {
            String log = Files.readString(dir.resolve("spark").resolve("logs").resolve("00" + t + ".log"));
            assertTrue(log.contains("epoch 2/2"), log);
        }
    }
}
