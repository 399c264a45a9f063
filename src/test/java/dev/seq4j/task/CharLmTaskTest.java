package dev.seq4j.task;

import dev.seq4j.TinyText;
import dev.seq4j.config.RunConfig;
import dev.seq4j.data.text.CharVocabulary;
import dev.seq4j.result.CharLmSummary;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Over-fitting a tiny text: the loss goes to nearly zero and generation reproduces the text. */
class CharLmTaskTest {
    @TempDir
    static Path dir;
    static TrainedRun outcome;
    static String console;

    static RunConfig config(Path train, String... overrides) {
        return dev.seq4j.TestConfigs.charlm(11, Map.of("train", train.toString(), "valid", "0.2",
                "sequenceLength", 32), overrides);
    }

    @BeforeAll
    static void overfit() throws Exception {
        Path text = Files.writeString(dir.resolve("pangram.txt"), TinyText.pangram(40));
        StringWriter log = new StringWriter();
        outcome = Tasks.train(config(text, "model.layers=[64]", "train.epochs=30", "train.batchSize=8",
                        "train.learningRate=0.02", "train.patience=0", "train.sampleLength=90"),
                dir.resolve("run"), new PrintWriter(log, true), null);
        console = log.toString();
    }

    @Test
    void lossGoesNearZero() {
        double bpc = ((CharLmSummary) outcome.summary()).validBitsPerChar();
        assertTrue(bpc < 0.05, "valid bits/char " + bpc + "\n" + console);
    }

    @Test
    void generationReproducesTheText() {
        String pangram = TinyText.pangram(1);
        assertTrue(TinyText.pangram(4).contains(outcome.sample()), "sample: " + outcome.sample());
        String greedy = dev.seq4j.api.Seq4j.load(dir.resolve("run"), dev.seq4j.api.CharLanguageModel.class).generate("the quick", 80, 0.05, 0, 1);
        assertEquals(TinyText.pangram(3).substring(9, 89), greedy);
        assertTrue(pangram.length() < 90);
    }

    /** The API's vocabulary is the run's {@code vocab.json}, index for index, the unknown symbol first. */
    @Test
    void theModelGivesItsVocabulary() {
        dev.seq4j.api.CharLanguageModel lm = dev.seq4j.api.Seq4j.load(dir.resolve("run"),
                dev.seq4j.api.CharLanguageModel.class);
        List<String> symbols = lm.vocabulary();
        assertEquals(CharVocabulary.load(dir.resolve("run").resolve(CharLmTask.VOCAB)).symbols(), symbols);
        assertEquals("\uFFFD", symbols.get(CharVocabulary.UNKNOWN));
        assertEquals(lm.summary(), outcome.summary());
    }

    @Test
    void generationIsDeterministicForASeed() {
        dev.seq4j.api.CharLanguageModel lm = dev.seq4j.api.Seq4j.load(dir.resolve("run"),
                dev.seq4j.api.CharLanguageModel.class);
        String a = lm.generate("dog", 200, 20.0, 0, 123);
        assertEquals(a, lm.generate("dog", 200, 20.0, 0, 123));
        assertNotEquals(a, lm.generate("dog", 200, 20.0, 0, 124));
    }

    /** Every cell learns the tiny text well below its unigram entropy in a few seconds; the choice is recorded. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"lstm", "peephole_lstm", "gru", "simple_rnn"})
    void everyCellLearns(String cell) throws Exception {
        Path run = dir.resolve("cell-" + cell);
        TrainedRun o = Tasks.train(config(dir.resolve("pangram.txt"), "model.cell=" + cell,
                "model.layers=[32]", "train.epochs=6", "train.batchSize=8", "train.learningRate=0.02",
                "train.patience=0", "train.sampleLength=0"), run, new PrintWriter(new StringWriter()), null);
        double unigram = unigramBits(TinyText.pangram(1));
        double bpc = ((CharLmSummary) o.summary()).validBitsPerChar();
        assertTrue(bpc < unigram / 2, cell + ": " + bpc + " bits/char against a unigram entropy of " + unigram);
        assertEquals(cell, RunDirectory.open(run).config().model().cell().id());
        assertEquals(cell, ((CharLmSummary) o.summary()).model().cell().id());
    }

    /** With a test text, the 5-gram is scored on it too: low on the training text's own sentences, high on others. */
    @Test
    void theFiveGramIsScoredOnTheTestText() throws Exception {
        Path seen = Files.writeString(dir.resolve("seen.txt"), TinyText.pangram(3));
        Path unseen = Files.writeString(dir.resolve("unseen.txt"), "zyxw vuts rqpo nmlk jihg fedc ba ".repeat(8));
        double[] fiveGram = new double[2];
        double[] lstm = new double[2];
        Path[] tests = {seen, unseen};
        for (int i = 0; i < 2; i++) {
            TrainedRun o = Tasks.train(config(dir.resolve("pangram.txt"), "data.test=" + tests[i], "model.layers=[16]",
                    "train.epochs=1", "train.batchSize=8", "train.sampleLength=0"), dir.resolve("test-run-" + i),
                    new PrintWriter(new StringWriter()), null);
            CharLmSummary summary = (CharLmSummary) o.summary();
            fiveGram[i] = summary.baseline().testBitsPerChar();
            lstm[i] = summary.testBitsPerChar();
            assertTrue(summary.headline().endsWith(String.format(java.util.Locale.ROOT,
                    "; test: %.4f bits/char (interpolated Kneser-Ney 5-gram: %.4f)", lstm[i], fiveGram[i])),
                    summary.headline());
        }
        assertTrue(fiveGram[0] < 0.5 && fiveGram[1] > 3, java.util.Arrays.toString(fiveGram));
    }

    private static double unigramBits(String text) {
        Map<Integer, Long> counts = new java.util.HashMap<>();
        text.codePoints().forEach(c -> counts.merge(c, 1L, Long::sum));
        double n = text.codePoints().count();
        return counts.values().stream().mapToDouble(c -> -c / n * Math.log(c / n) / Math.log(2)).sum();
    }

    @Test
    void theRunDirectoryHoldsEverything() throws Exception {
        Path run = dir.resolve("run");
        for (String name : new String[]{RunDirectory.CONFIG, RunDirectory.VERSIONS, RunDirectory.METRICS,
                RunDirectory.MODEL, RunDirectory.CURVE, RunDirectory.SUMMARY, CharLmTask.VOCAB}) {
            assertTrue(Files.size(run.resolve(name)) > 0, name);
        }
        assertEquals(31, Files.readAllLines(run.resolve(RunDirectory.METRICS)).size());
        try (var checkpoints = Files.list(run.resolve(RunDirectory.CHECKPOINTS))) {
            assertTrue(checkpoints.anyMatch(p -> p.getFileName().toString().equals("epoch-0030")
                    && Files.isRegularFile(p.resolve("model.zip")) && Files.isRegularFile(p.resolve("state.json"))));
        }
        assertEquals(config(dir.resolve("pangram.txt"), "model.layers=[64]", "train.epochs=30", "train.batchSize=8",
                        "train.learningRate=0.02", "train.patience=0", "train.sampleLength=90"),
                RunDirectory.open(run).config());
        byte[] png = Files.readAllBytes(run.resolve(RunDirectory.CURVE));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }
}
