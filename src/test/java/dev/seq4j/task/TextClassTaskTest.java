package dev.seq4j.task;

import dev.seq4j.config.ConfigLoader;
import dev.seq4j.config.RunConfig;
import dev.seq4j.result.ClassifierEvaluation;
import dev.seq4j.result.TextClassSummary;
import dev.seq4j.run.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tiny sentiment set the classifier must learn perfectly, then eval and predict on it. */
class TextClassTaskTest {
    @TempDir
    static Path dir;
    static TrainedRun outcome;
    static Path valid;

    @BeforeAll
    static void train() throws Exception {
        String[] good = {"good", "great", "lovely", "fine"};
        String[] bad = {"bad", "awful", "poor", "nasty"};
        StringBuilder train = new StringBuilder("label\ttext\n");
        for (int i = 0; i < 48; i++) {
            train.append(i % 2 == 0 ? "pos\tthe food was " + good[i / 2 % 4] : "neg\tthe food was " + bad[i / 2 % 4])
                    .append(i % 3 == 0 ? " today" : "").append('\n');
        }
        Path file = Files.writeString(dir.resolve("train.tsv"), train.toString());
        valid = Files.writeString(dir.resolve("valid.tsv"), "label\ttext\npos\tgreat food\nneg\tpoor food\n"
                + "pos\tthe food was fine\nneg\tawful\n");
        ObjectNodeConfig config = new ObjectNodeConfig(file, valid);
        outcome = Tasks.train(config.resolved, dir.resolve("run"), new PrintWriter(new StringWriter()), null,
                (epoch, best) -> null);
    }

    /** The tiny run's config. */
    private record ObjectNodeConfig(RunConfig resolved) {
        ObjectNodeConfig(Path train, Path valid) {
            this(ConfigLoader.fromTree((com.fasterxml.jackson.databind.node.ObjectNode) ConfigLoader.YAML.valueToTree(
                    Map.of("task", "textclass", "seed", 5,
                            "data", Map.of("train", train.toString(), "valid", valid.toString()),
                            "model", Map.of("layers", List.of(16), "embedding", 8, "pooling", "max"),
                            "train", Map.of("epochs", 15, "batchSize", 8, "learningRate", 0.02, "patience", 0)))));
        }
    }

    @Test
    void samplesHoldEachValidationTextAsTheModelReadItWithItsClassAndProbability() throws Exception {
        dev.seq4j.result.Samples s = SamplesCheck.read(outcome.run(), "label",
                List.of(List.of("pos"), List.of("neg"), List.of("pos"), List.of("neg")));
        List<String> texts = List.of("great food", "poor food", "the food was fine", "awful");
        dev.seq4j.api.TextClassifier model = dev.seq4j.api.Seq4j.load(outcome.run().root(),
                dev.seq4j.api.TextClassifier.class);
        for (int k = 0; k < texts.size(); k++) {
            dev.seq4j.result.Samples.Sample x = s.samples().get(k);
            assertEquals(model.tokens(texts.get(k)), x.input()); // "great" is unknown: <unk>
            dev.seq4j.api.ClassPrediction p = model.classify(texts.get(k));
            assertEquals(List.of(p.label()), x.predicted());
            assertEquals(p.probability(p.label()), x.confidence(), 1e-5);
        }
        assertEquals(" ", s.inputSeparator());
        assertTrue(s.samples().stream().allMatch(dev.seq4j.result.Samples.Sample::correct));
    }

    @Test
    void aTinySetIsLearnedPerfectlyAndTheRunHasItsFiles() throws Exception {
        TextClassSummary s = (TextClassSummary) outcome.summary();
        assertEquals(1.0, s.validAccuracy(), s.toString());
        assertEquals(1.0, s.validMacroF1());
        for (String f : List.of(RunDirectory.MODEL, TextClassTask.VOCAB, TextClassTask.LABELS, TextClassTask.BASELINE,
                TextClassTask.CONFUSION, TextClassTask.CONFUSION_PNG, RunDirectory.SUMMARY)) {
            assertTrue(Files.isRegularFile(outcome.run().path(f)), f);
        }
        assertEquals(List.of("neg", "pos"), s.labels());
        assertEquals(4, s.valid().examples());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(json.readValue(outcome.run().path(TextClassTask.CONFUSION).toFile(),
                dev.seq4j.result.ClassifierReport.Confusion.class), s.valid().confusion());
        assertEquals(2, s.valid().confusion().count(1, 1));
    }

    @Test
    void evalReportsTheModelAndTheBaselineOnAFile() {
        ClassifierEvaluation m = (ClassifierEvaluation) Tasks.evaluate(RunDirectory.open(dir.resolve("run")), valid);
        assertEquals(1.0, m.accuracy());
        assertEquals(4L, m.examples());
        assertEquals(List.of("neg", "pos"), List.copyOf(m.perClass().keySet()));
        assertTrue(m.headline().startsWith("4 examples: accuracy 1.0000, macro-F1 1.0000 (bag-of-words logistic "
                + "regression: accuracy "), m.headline());
    }

    @Test
    void predictWritesALabelAndProbabilitiesPerRowWithoutNeedingLabels() throws Exception {
        Path unlabelled = Files.writeString(dir.resolve("new.tsv"), "text\nlovely food\nnasty food\n");
        List<String> lines = Cli.out("predict", dir.resolve("run"), "--data", unlabelled).lines().toList();
        assertEquals(3, lines.size());
        assertEquals("line\tpredicted\tp(neg)\tp(pos)\ttext", lines.get(0));
        String[] first = lines.get(1).split("\t");
        assertEquals(List.of("2", "pos"), List.of(first[0], first[1]));
        assertEquals(1.0, Double.parseDouble(first[2]) + Double.parseDouble(first[3]), 1e-5);
        assertTrue(lines.get(2).startsWith("3\tneg\t"), lines.get(2));
    }
}
