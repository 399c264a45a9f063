package dev.seq4j.task;

import dev.seq4j.UserException;
import dev.seq4j.config.ConfigLoader;
import dev.seq4j.config.RunConfig;
import dev.seq4j.data.synthetic.SyntheticControl;
import dev.seq4j.result.ClassifierEvaluation;
import dev.seq4j.result.SeriesClassSummary;
import dev.seq4j.run.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tiny set of rising and falling series (long layout, different lengths) that the classifier must learn
 * perfectly, then eval and predict on other files; the saved normaliser is the training data's.
 */
class SeriesClassTaskTest {
    @TempDir
    static Path dir;
    static TrainedRun outcome;
    static Path valid;

    /** {@code sequence_id,t,value,label}: series i rises (up) or falls (down) from a level, 6 to 11 steps. */
    static String trends(int n, int seed) {
        java.util.Random r = new java.util.Random(seed);
        StringBuilder out = new StringBuilder("sequence_id,t,value,label\n");
        for (int i = 0; i < n; i++) {
            boolean up = i % 2 == 0;
            double level = 80 + 40 * r.nextDouble(); // wide enough that the last value alone cannot tell
            for (int t = 0; t < 6 + i / 2 % 6; t++) { // lengths independent of the class
                out.append(String.format(java.util.Locale.ROOT, "q%d,%d,%.3f,%s%n", i, t,
                        level + (up ? 2 : -2) * t + r.nextGaussian() * 0.3, up ? "up" : "down"));
            }
        }
        return out.toString();
    }

    @BeforeAll
    static void train() throws Exception {
        Path file = Files.writeString(dir.resolve("train.csv"), trends(40, 1));
        valid = Files.writeString(dir.resolve("valid.csv"), trends(10, 2));
        RunConfig config = ConfigLoader.fromTree((com.fasterxml.jackson.databind.node.ObjectNode) ConfigLoader.YAML
                .valueToTree(Map.of("task", "seriesclass", "seed", 5,
                        "data", Map.of("train", file.toString(), "valid", valid.toString()),
                        "model", Map.of("layers", List.of(8)),
                        "train", Map.of("epochs", 30, "batchSize", 8, "learningRate", 0.05, "patience", 0))));
        outcome = Tasks.train(config, dir.resolve("run"), new PrintWriter(new StringWriter()), null,
                (epoch, best) -> null);
    }

    @Test
    void aTinySetIsLearnedPerfectlyAndTheRunHasItsFiles() {
        SeriesClassSummary s = (SeriesClassSummary) outcome.summary();
        assertEquals(1.0, s.validAccuracy(), s.toString());
        assertEquals(List.of("down", "up"), s.labels());
        assertEquals(List.of("value"), s.features());
        assertTrue(s.headline().startsWith("valid: accuracy 1.0000, macro-F1 1.0000 (bag-of-values logistic regression: "
                + "accuracy "), s.headline());
        for (String f : List.of(RunDirectory.MODEL, SeriesClassTask.NORMALIZER, SeriesClassTask.FEATURES,
                Classification.LABELS, SeriesClassTask.BASELINE, SeriesClassTask.BASELINE_BINS,
                Classification.CONFUSION, Classification.CONFUSION_PNG, RunDirectory.SUMMARY)) {
            assertTrue(Files.isRegularFile(outcome.run().path(f)), f);
        }
    }

    @Test
    void theSavedNormaliserHasTheTrainingDataMeanNotTheValidationData() throws Exception {
        double sum = 0;
        long n = 0;
        for (String line : Files.readAllLines(dir.resolve("train.csv")).subList(1, 1 + (int) Files.lines(
                dir.resolve("train.csv")).count() - 1)) {
            sum += Double.parseDouble(line.split(",")[2]);
            n++;
        }
        NormalizerStandardize norm = (NormalizerStandardize) SeriesClassTask.normalizer(RunDirectory.open(
                dir.resolve("run")));
        assertEquals(sum / n, norm.getMean().getDouble(0), 1e-3);
    }

    @Test
    void evalAndPredictReadOtherFilesWithTheRunsNormaliser() throws Exception {
        RunDirectory run = RunDirectory.open(dir.resolve("run"));
        ClassifierEvaluation m = (ClassifierEvaluation) Tasks.evaluate(run, valid);
        assertEquals(1.0, m.accuracy());
        assertEquals(10L, m.examples());
        assertEquals(10L, m.perClass().values().stream().mapToLong(c -> c.support()).sum());

        Path unlabelled = Files.writeString(dir.resolve("new.csv"), "sequence_id,t,value\n"
                + "rise,0,100\nrise,1,102\nrise,2,104\nrise,3,106\nrise,4,108\nrise,5,110\n"
                + "fall,5,98\nfall,4,100\nfall,3,102\nfall,2,104\nfall,1,106\nfall,0,108\nfall,6,96\n");
        List<String> lines = Cli.out("predict", run.root(), "--data", unlabelled).lines().toList();
        assertEquals(3, lines.size());
        assertEquals("sequence\tpredicted\tp(down)\tp(up)", lines.get(0));
        assertTrue(lines.get(1).startsWith("rise\tup\t"), lines.get(1));
        assertTrue(lines.get(2).startsWith("fall\tdown\t"), lines.get(2));
    }

    @Test
    void aLabelTheModelNeverSawOrOtherFeaturesAreClearErrors() throws Exception {
        RunDirectory run = RunDirectory.open(dir.resolve("run"));
        Path flat = Files.writeString(dir.resolve("flat.csv"), "sequence_id,t,value,label\nz,0,1,flat\n");
        String m = assertThrows(UserException.class, () -> Tasks.evaluate(run, flat)).getMessage();
        assertTrue(m.contains("sequence 'z' has label 'flat', which does not occur in the training data [down, up]"), m);
        Path two = Files.writeString(dir.resolve("two.csv"), "sequence_id,t,value,other,label\nz,0,1,2,up\n");
        m = assertThrows(UserException.class, () -> Tasks.evaluate(run, two)).getMessage();
        assertTrue(m.contains("has 2 features per step; the model was trained on 1 [value]"), m);
    }

    @Test
    void theFilesLayoutOfTheGeneratorTrainsToo() {
        Path set = dir.resolve("control");
        SyntheticControl.writePerSequence(SyntheticControl.generate(3, 20, 4), set);
        RunConfig config = ConfigLoader.fromTree((com.fasterxml.jackson.databind.node.ObjectNode) ConfigLoader.YAML
                .valueToTree(Map.of("task", "seriesclass", "seed", 5,
                        "data", Map.of("train", set.toString(), "valid", "0.3", "normalize", "minmax"),
                        "model", Map.of("layers", List.of(4), "pooling", "avg", "bidirectional", "concat"),
                        "train", Map.of("epochs", 1, "batchSize", 4))));
        SeriesClassSummary s = (SeriesClassSummary) Tasks.train(config, dir.resolve("control-run"),
                new PrintWriter(new StringWriter()), null, (epoch, best) -> null).summary();
        assertEquals(SyntheticControl.CLASSES.stream().sorted().toList(), s.labels());
        assertEquals(List.of("x0"), s.features());
        assertEquals(5, s.valid().examples());
        assertEquals(dev.seq4j.config.ModelSpec.Pooling.AVG, s.model().pooling());
    }
}
