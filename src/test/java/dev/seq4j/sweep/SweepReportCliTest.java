package dev.seq4j.sweep;

import dev.seq4j.TinyText;
import dev.seq4j.cli.Seq4j;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 23, case 11, through the command line: the shipped random sweep's first five draws (seed 7) are the trials
 * after which the sweep stopped for good inside the model.layers plot. Cut to one minibatch each, they must
 * finish, with every plot drawn.
 */
class SweepReportCliTest {
    @TempDir
    Path dir;

    @Test
    void theShippedRandomSweepsFirstFiveTrialsFinishWithEveryPlot() throws Exception {
        Path text = Files.writeString(dir.resolve("text.txt"), TinyText.pangram(60));
        String shipped = Files.readString(SweepReportTest.RANDOM_SWEEP);
        String sweep = shipped.replace("base: configs/charlm.yaml", "base: " + Path.of("configs/charlm.yaml").toAbsolutePath())
                .replace("trials: 12", "trials: 5")
                .replace("  train.sampleLength: 0", "  train.sampleLength: 0\n  train.epochs: 1\n  train.maxBatches: 1\n"
                        + "  data.train: " + text + "\n  data.sequenceLength: 20")
                .replace("  train.epochs: 3\n", "").replace("  train.maxBatches: 40\n", "");
        // the copy listed the space in alphabetical order (its results.csv columns are), which decides the draws
        List<String> lines = new java.util.ArrayList<>(sweep.lines().toList());
        int space = lines.indexOf("space:");
        List<String> keys = new java.util.ArrayList<>(lines.subList(space + 1, space + 6));
        keys.sort(null);
        for (int i = 0; i < keys.size(); i++) {
            lines.set(space + 1 + i, keys.get(i));
        }
        sweep = String.join("\n", lines) + "\n";
        assertTrue(sweep.contains("trials: 5") && sweep.contains("maxBatches: 1"), sweep);
        Path file = Files.writeString(dir.resolve("sweep.yaml"), sweep);
        Path out = dir.resolve("out");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = assertTimeoutPreemptively(Duration.ofMinutes(6), () -> Seq4j.run(new PrintWriter(stdout, true),
                new PrintWriter(stderr, true), "sweep", file.toString(), "--out", out.toString(), "--parallel", "1"));
        assertEquals(0, code, stderr + "\n" + stdout);
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        // the results.csv, before its objective column
        List<String> expected = List.of("1,[256],56,0.006137,0.8371,step", "2,[256],17,0.03084,0.5543,exponential",
                "3,\"[64,64]\",30,0.01332,0.8531,step", "4,[256],24,0.00406,0.8468,exponential",
                "5,\"[128,128]\",18,0.01075,0.6985,exponential");
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(rows.get(i + 1).startsWith(expected.get(i) + ","), rows.get(i + 1));
        }
        for (String key : SweepSpec.load(file).keys()) {
            byte[] png = Files.readAllBytes(out.resolve("plots/" + key + ".png"));
            assertTrue(png.length > 1000 && png[1] == 'P', key);
        }
        assertTrue(!(stdout + "" + stderr).contains("warning"), stderr + "\n" + stdout);
    }
}
