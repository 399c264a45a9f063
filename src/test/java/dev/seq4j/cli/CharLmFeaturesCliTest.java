package dev.seq4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.TinyText;
import dev.seq4j.run.ModelFile;
import dev.seq4j.run.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.seq4j.cli.CliTest.seq4j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tagger with contextual char-LM features (issue 30, {@code model.charLm}, {@code model.charLmBackward}): it trains,
 * keeps a copy of both LMs and where they came from, and evaluates and tags with those copies after the LM runs are
 * gone; what cannot be used is one line.
 */
class CharLmFeaturesCliTest {
    @TempDir
    static Path dir;
    static Path forward;
    static Path backward;
    static final Path NER = Path.of("src/test/resources/tagging/ner.bio");

    @BeforeAll
    static void trainTwoLms() throws Exception {
        Path text = Files.writeString(dir.resolve("text.txt"), TinyText.pangram(20)
                + "John Smith lives in New York . Mary works for Acme Corp in Boston .\n".repeat(10));
        forward = dir.resolve("forward");
        backward = dir.resolve("backward");
        for (Path lm : List.of(forward, backward)) {
            Path config = Files.writeString(dir.resolve(lm.getFileName() + ".yaml"), """
                    task: charlm
                    seed: 1
                    data: {train: %s, sequenceLength: 30, reverse: %s}
                    model: {layers: [12]}
                    train: {epochs: 1, sampleLength: 0}
                    """.formatted(text, lm == backward));
            CliTest.Result r = seq4j("train", config.toString(), "--out", lm.toString());
            assertEquals(0, r.code(), r.err());
        }
    }

    private static Path tagging(String model) throws Exception {
        return Files.writeString(Files.createTempFile(dir, "tagging", ".yaml"), """
                task: tagging
                seed: 1
                data: {train: %s, valid: %s, minCount: 1}
                model: {layers: [8], embedding: 8%s}
                train: {epochs: 2}
                """.formatted(NER, NER, model));
    }

    @Test
    void aTaggerTrainsOnBothLmsKeepsThemAndTagsWithoutTheOriginals() throws Throwable {
        Path run = dir.resolve("tagger");
        CliTest.Result r = seq4j("train", tagging(", charLm: " + forward + ", charLmBackward: " + backward).toString(),
                "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("char-LM features: forward " + forward + " (12), backward " + backward + " (12)"),
                r.err());
        // the first layer reads the word embedding, suffix and shape features and the two LMs' 12 + 12
        assertEquals(8 + 16 + 9 + 24, ModelFile.shape(run.resolve(RunDirectory.MODEL)).nIn("rnn0"));
        JsonNode record = new ObjectMapper().readTree(run.resolve("charlm.json").toFile());
        assertEquals(forward.toAbsolutePath().normalize().toString(), record.get("forward").get("run").asText());
        assertEquals(RunDirectory.sha256(backward.resolve(RunDirectory.MODEL)),
                record.get("backward").get("modelSha256").asText());
        assertEquals(RunDirectory.sha256(forward.resolve(RunDirectory.MODEL)),
                RunDirectory.sha256(run.resolve("charlm-forward").resolve(RunDirectory.MODEL)), "a copy of the LM");

        evaluatesAndTagsAlikeWithoutTheLmRuns(run);
    }

    /** The LM runs gone, the tagger {@code run} still evaluates the same and tags, with its copies. */
    private static void evaluatesAndTagsAlikeWithoutTheLmRuns(Path run) throws Throwable {
        String before = seq4j("eval", run.toString(), "--data", NER.toString()).out();
        withoutTheLmRuns(() -> {
            CliTest.Result eval = seq4j("eval", run.toString(), "--data", NER.toString());
            assertEquals(0, eval.code(), eval.err());
            assertEquals(before, eval.out());
            Path text = Files.writeString(Files.createTempFile(dir, "in", ".txt"), "Anna met John Smith in Boston .\n");
            CliTest.Result tag = seq4j("tag", run.toString(), "--input", text.toString());
            assertEquals(0, tag.code(), tag.err());
            assertTrue(tag.out().startsWith("Anna\t"), tag.out());
        });
    }

    /** Runs {@code check} while the two LM runs are moved away, then puts them back. */
    private static void withoutTheLmRuns(org.junit.jupiter.api.function.Executable check) throws Throwable {
        Path moved = Files.createTempDirectory(dir, "moved");
        Files.move(forward, moved.resolve("forward"));
        Files.move(backward, moved.resolve("backward"));
        try {
            check.execute();
        } finally {
            Files.move(moved.resolve("forward"), forward);
            Files.move(moved.resolve("backward"), backward);
        }
    }

    @Test
    void whatCannotGiveFeaturesIsOneLineAndWritesNothing() throws Exception {
        Path out = dir.resolve("never");
        String error = seq4j("train", tagging(", charLm: " + backward).toString(), "--out", out.toString())
                .oneLineError();
        assertTrue(error.contains("config key 'model.charLm': " + backward + " reads backwards (its data.reverse is "
                + "true); model.charLm needs a forward one"), error);
        error = seq4j("train", tagging(", charLmBackward: " + NER.getParent()).toString(), "--out", out.toString())
                .oneLineError();
        assertTrue(error.contains("config key 'model.charLmBackward': "), error);
        error = seq4j("train", tagging(", charLm: " + Path.of("src/test/resources/golden/runs-0.1.0/tagging/run"))
                .toString(), "--out", out.toString()).oneLineError();
        assertTrue(error.contains("a run of task 'tagging', not a char LM"), error);
        Path forecast = Files.writeString(dir.resolve("forecast.yaml"), """
                task: forecast
                seed: 1
                data: {train: %s}
                model: {charLm: %s}
                """.formatted(NER, forward));
        error = seq4j("train", forecast.toString(), "--out", out.toString()).oneLineError();
        assertTrue(error.contains("config key 'model.charLm': is for tagging and textclass"), error);
        error = seq4j("train", textclass(", charLmBackward: " + backward, "char").toString(), "--out", out.toString())
                .oneLineError();
        assertTrue(error.contains("config key 'model.charLmBackward': char-LM features are read at each word's end; "
                + "use data.tokens: word"), error);
        assertFalse(Files.exists(out));
    }

    private static Path textclass(String model, String tokens) throws Exception {
        Path data = dir.resolve("reviews.tsv");
        if (!Files.exists(data)) {
            StringBuilder rows = new StringBuilder("label\ttext\n");
            String[] good = {"Great food and friendly staff .", "I loved it , really good .", "Excellent value !"};
            String[] bad = {"The food was cold and bland .", "Terrible service , never again .", "Not good at all ."};
            for (int i = 0; i < 8; i++) {
                rows.append("positive\t").append(good[i % 3]).append('\n');
                rows.append("negative\t").append(bad[i % 3]).append('\n');
            }
            Files.writeString(data, rows);
        }
        return Files.writeString(Files.createTempFile(dir, "textclass", ".yaml"), """
                task: textclass
                seed: 1
                data: {train: %s, valid: %s, test: %s, tokens: %s, minCount: 1}
                model: {layers: [8], embedding: 8%s}
                train: {epochs: 2, batchSize: 4}
                """.formatted(data, data, data, tokens, model));
    }

    @Test
    void aTextClassifierTrainsOnBothLmsKeepsThemAndClassifiesWithoutTheOriginals() throws Throwable {
        Path run = dir.resolve("classifier");
        CliTest.Result r = seq4j("train", textclass(", charLm: " + forward + ", charLmBackward: " + backward, "word")
                .toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("char-LM features: forward " + forward + " (12), backward " + backward + " (12)"),
                r.err());
        // the first layer reads the token embedding and the two LMs' 12 + 12
        assertEquals(8 + 24, ModelFile.shape(run.resolve(RunDirectory.MODEL)).nIn("rnn0"));
        assertEquals(RunDirectory.sha256(forward.resolve(RunDirectory.MODEL)),
                new ObjectMapper().readTree(run.resolve("charlm.json").toFile()).get("forward").get("modelSha256")
                        .asText());
        Path data = dir.resolve("reviews.tsv");
        String before = seq4j("eval", run.toString(), "--data", data.toString()).out();
        String predicted = seq4j("predict", run.toString(), "--data", data.toString()).out();
        withoutTheLmRuns(() -> {
            CliTest.Result eval = seq4j("eval", run.toString(), "--data", data.toString());
            assertEquals(0, eval.code(), eval.err());
            assertEquals(before, eval.out());
            CliTest.Result predict = seq4j("predict", run.toString(), "--data", data.toString());
            assertEquals(0, predict.code(), predict.err());
            assertEquals(predicted, predict.out());
            // the typed API classifies a text as predict does (its features are the same whatever else is batched)
            dev.seq4j.api.TextClassifier model = dev.seq4j.api.Seq4j.load(run, dev.seq4j.api.TextClassifier.class);
            String row = predict.out().split("\n")[3];
            dev.seq4j.api.ClassPrediction one = model.classify("I loved it , really good .");
            assertTrue(row.endsWith("\tI loved it , really good ."), row);
            assertEquals(row.split("\t")[2], String.format(java.util.Locale.ROOT, "%.6f",
                    one.probability(model.labels().get(0))), row);
        });
    }

    @Test
    void aTaggerThatTrainsItsLmsStartsFromThemChangesThemAndTagsWithoutTheOriginals() throws Throwable {
        Path run = dir.resolve("fine-tuned");
        CliTest.Result r = seq4j("train", tagging(", charLm: " + forward + ", charLmBackward: " + backward
                + ", charLmTrainable: true").toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("backward " + backward + " (12); trained with the model"), r.err());
        ModelFile.Shape shape = ModelFile.shape(run.resolve(RunDirectory.MODEL));
        assertEquals(8 + 16 + 9 + 24, shape.nIn("rnn0"));
        // each LM's layer in the tagger reads the LM's characters
        assertEquals(ModelFile.shape(forward.resolve(RunDirectory.MODEL)).nIn("rnn0"), shape.nIn("forward_rnn0"));
        assertTrue(new ObjectMapper().readTree(run.resolve("charlm.json").toFile()).get("backward").get("trainable")
                .asBoolean());
        // trained: the tagger's copy of each LM layer moved away from the LM's weights, but not far
        org.nd4j.linalg.api.ndarray.INDArray lm = RunDirectory.open(forward).model().getLayer("rnn0").params();
        org.nd4j.linalg.api.ndarray.INDArray tuned = RunDirectory.open(run).model().getLayer("forward_rnn0").params();
        double moved = lm.distance2(tuned);
        assertTrue(moved > 0 && moved < 0.5 * lm.norm2Number().doubleValue(), moved + " of " + lm.norm2Number());

        evaluatesAndTagsAlikeWithoutTheLmRuns(run);
    }

    @Test
    void aClassifierThatTrainsItsLmsClassifiesAsBeforeWithoutTheOriginals() throws Throwable {
        Path run = dir.resolve("fine-tuned-classifier");
        CliTest.Result r = seq4j("train", textclass(", charLm: " + forward + ", charLmTrainable: true", "word")
                .toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("forward " + forward + " (12); trained with the model"), r.err());
        ModelFile.Shape shape = ModelFile.shape(run.resolve(RunDirectory.MODEL));
        assertEquals(8 + 12, shape.nIn("rnn0"));
        assertTrue(shape.has("forward_rnn0"));
        Path data = dir.resolve("reviews.tsv");
        String before = seq4j("eval", run.toString(), "--data", data.toString()).out();
        String predicted = seq4j("predict", run.toString(), "--data", data.toString()).out();
        withoutTheLmRuns(() -> {
            assertEquals(before, seq4j("eval", run.toString(), "--data", data.toString()).out());
            assertEquals(predicted, seq4j("predict", run.toString(), "--data", data.toString()).out());
        });
    }

    @Test
    void trainingLmsThatAreNotThereIsOneLine() throws Exception {
        Path out = dir.resolve("never-trainable");
        String error = seq4j("train", tagging(", charLmTrainable: true").toString(), "--out", out.toString())
                .oneLineError();
        assertTrue(error.contains("config key 'model.charLmTrainable': trains the char LMs"), error);
        assertFalse(Files.exists(out));
    }
}
