package dev.seq4j.task;

import dev.seq4j.UserException;
import dev.seq4j.config.ConfigLoader;
import dev.seq4j.config.RunConfig;
import dev.seq4j.result.TaggingEvaluation;
import dev.seq4j.result.TaggingSummary;
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
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tagging task that only a model reading the sentence both ways can solve: each word's tag says whether the
 * <em>next</em> word is a "low" or a "high" one (the last word is tagged END). A word's own identity tells nothing,
 * so the most-frequent-tag baseline is near chance, and the bidirectional tagger must be near perfect.
 */
class TaggingTaskTest {
    @TempDir
    static Path dir;
    static TrainedRun outcome;
    static Path valid;

    /** Tab-separated {@code token tag} lines, {@code n} sentences of 4 to 9 words. */
    static String nextWordTask(int n, int seed) {
        Random r = new Random(seed);
        StringBuilder out = new StringBuilder();
        for (int s = 0; s < n; s++) {
            int len = 4 + r.nextInt(6);
            int[] w = r.ints(len, 0, 12).toArray();
            for (int i = 0; i < len; i++) {
                String tag = i == len - 1 ? "END" : w[i + 1] < 6 ? "LOW" : "HIGH";
                out.append("w").append(w[i]).append('\t').append(tag).append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }

    @BeforeAll
    static void train() throws Exception {
        Path file = Files.writeString(dir.resolve("train.tsv"), nextWordTask(400, 1));
        valid = Files.writeString(dir.resolve("valid.tsv"), nextWordTask(60, 2));
        RunConfig config = ConfigLoader.fromTree((com.fasterxml.jackson.databind.node.ObjectNode) ConfigLoader.YAML
                .valueToTree(Map.of("task", "tagging", "seed", 3,
                        "data", Map.of("train", file.toString(), "valid", valid.toString(), "minCount", 1),
                        "model", Map.of("layers", List.of(16), "embedding", 8, "bidirectional", "concat"),
                        "train", Map.of("epochs", 12, "batchSize", 16, "learningRate", 0.02, "patience", 0))));
        outcome = Tasks.train(config, dir.resolve("run"), new PrintWriter(new StringWriter()), null,
                (epoch, best) -> null);
    }

    @Test
    void samplesAreSentencesSpreadThroughTheValidationSetWithTheModelsTags() throws Exception {
        List<List<String>> words = new java.util.ArrayList<>();
        List<List<String>> tags = new java.util.ArrayList<>();
        for (String sentence : nextWordTask(60, 2).split("\n\n")) {
            words.add(sentence.lines().map(l -> l.split("\t")[0]).toList());
            tags.add(sentence.lines().map(l -> l.split("\t")[1]).toList());
        }
        dev.seq4j.result.Samples s = SamplesCheck.read(outcome.run(), "tags", tags);
        int[] picked = dev.seq4j.result.Samples.spread(8, 60);
        assertEquals(List.of(0, 7, 15, 22, 30, 37, 45, 52), java.util.Arrays.stream(picked).boxed().toList());
        dev.seq4j.api.Tagger model = dev.seq4j.api.Seq4j.load(outcome.run().root(), dev.seq4j.api.Tagger.class);
        for (int k = 0; k < picked.length; k++) {
            dev.seq4j.result.Samples.Sample x = s.samples().get(k);
            assertEquals(words.get(picked[k]), x.input());
            assertEquals(model.tag(x.input()), x.predicted(), "the best model's tags");
        }
    }

    @Test
    void theBidirectionalTaggerLearnsWhatNoPerWordBaselineCan() throws Exception {
        TaggingSummary s = (TaggingSummary) outcome.summary();
        double model = s.validTokenAccuracy();
        double baseline = s.baseline().validTokenAccuracy();
        assertTrue(model > 0.97, "model " + model);
        assertTrue(baseline < 0.6, "baseline " + baseline);
        assertEquals(List.of("END", "HIGH", "LOW"), s.tags());
        // the trivial tagger answers the most frequent training tag: HIGH or LOW (each about 5 tokens in 12)
        Map<String, Long> trainTags = tagCounts(nextWordTask(400, 1));
        String frequent = trainTags.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        Map<String, Long> validTags = tagCounts(nextWordTask(60, 2));
        assertEquals("always '" + frequent + "', the most frequent training tag", s.trivial().model());
        assertEquals((double) validTags.get(frequent) / validTags.values().stream().mapToLong(Long::longValue).sum(),
                s.trivial().validTokenAccuracy(), 1e-12);
        assertEquals(List.of(), s.warnings(), s.toString());
        assertFalse(Files.readString(outcome.run().path(RunDirectory.SUMMARY)).contains("\"warnings\""));
        assertEquals("none", s.scheme());
        // no spans in this tag set, and no test split: those keys are left out, the OOV accuracy is there
        assertNull(s.validSpanF1());
        assertNull(s.valid().spans());
        assertNull(s.testTokenAccuracy());
        assertNull(s.test());
        assertEquals(model, s.valid().tokenAccuracy());
        assertEquals(List.of("END", "HIGH", "LOW"), List.copyOf(s.valid().perTag().keySet()));
        assertEquals(s.valid().tokens(), s.valid().perTag().values().stream()
                .mapToLong(dev.seq4j.result.ClassifierReport.ClassScore::support).sum());
        assertTrue(s.headline().startsWith(String.format(java.util.Locale.ROOT, "valid: token accuracy %.4f, OOV "
                + "accuracy ", model)) && s.headline().contains("(most frequent tag per word: token accuracy ")
                && !s.headline().contains("span F1") && !s.headline().contains("test:"), s.headline());
        for (String f : List.of(RunDirectory.MODEL, TaggingTask.WORDS, TaggingTask.SUFFIXES, TaggingTask.TAGS,
                TaggingTask.BASELINE, Classification.CONFUSION, Classification.CONFUSION_PNG, RunDirectory.SUMMARY)) {
            assertTrue(Files.exists(outcome.run().path(f)), f);
        }
    }

    private static Map<String, Long> tagCounts(String conll) {
        return conll.lines().filter(l -> !l.isBlank()).map(l -> l.split("\t")[1])
                .collect(java.util.stream.Collectors.groupingBy(t -> t, java.util.stream.Collectors.counting()));
    }

    @Test
    void evaluateReportsTheModelAndTheBaselineOnTheSameFile() throws Exception {
        TaggingEvaluation e = (TaggingEvaluation) Tasks.evaluate(outcome.run(), valid);
        assertEquals(((TaggingSummary) outcome.summary()).validTokenAccuracy(), e.tokenAccuracy());
        assertEquals(60, e.sentences());
        assertEquals(e.tokens(), e.perTag().values().stream()
                .mapToLong(dev.seq4j.result.ClassifierReport.ClassScore::support).sum());
        assertNull(e.spanF1());
        // as eval prints it: the OOV accuracies are written even when null, the span F1 only for span tags
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(e);
        assertTrue(json.has("baselineTokenAccuracy") && json.has("oovAccuracy") && json.has("baselineOovAccuracy")
                && !json.has("spanF1") && !json.has("spans"), json.toString());
        assertTrue(e.headline().startsWith(String.format(java.util.Locale.ROOT, "%,d tokens (%,d unseen): token "
                + "accuracy %.4f, OOV accuracy ", e.tokens(), e.oovTokens(), e.tokenAccuracy())), e.headline());
    }

    @Test
    void anUnknownTagAtEvaluationNamesFileAndLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.tsv"), "w1\tLOW\nw2\tMIDDLE\n");
        String m = assertThrows(UserException.class, () -> Tasks.evaluate(outcome.run(), bad)).getMessage();
        assertTrue(m.contains("bad.tsv line 2") && m.contains("'MIDDLE'"), m);
    }

    @Test
    void tagAppendsAColumnToConllAndWritesTokensForText() throws Exception {
        String conll = Cli.out("tag", outcome.run().root(), "--input", valid);
        assertEquals(60, conll.split("\n\n").length); // sentences
        String first = conll.lines().findFirst().orElseThrow();
        assertTrue(first.matches("w\\d+\t(LOW|HIGH|END)\t(LOW|HIGH|END)"), first);
        Path text = Files.writeString(dir.resolve("in.txt"), "w1 w7 w3\n\nw2 w2\n");
        List<String> lines = Cli.out("tag", outcome.run().root(), "--input", text).lines().toList();
        assertEquals(7, lines.size());
        assertEquals("w1\tHIGH", lines.get(0)); // the next word, w7, is high
        assertEquals("w7\tLOW", lines.get(1));
        assertEquals("w3\tEND", lines.get(2));
        assertEquals("", lines.get(3));
    }
}
