package dev.seq4j.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.api.Seq4j;
import dev.seq4j.api.Tagger;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tagging summary of the golden run (a BIO run without a test split, none of whose validation words is unseen):
 * its typed values, its headline, and the keys a run with a test split writes, which depend on each other.
 */
class TaggingSummaryTest {
    static final Path RUN = Path.of("src/test/resources/golden/runs-0.1.0/tagging/run");
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theGoldenSummaryReadsTypedThroughTheTagger() {
        TaggingSummary s = Seq4j.load(RUN, Tagger.class).summary();
        assertEquals(0.2894736842105263, s.validTokenAccuracy());
        assertEquals(null, s.validOovAccuracy());
        assertEquals(0.13333333333333333, s.validSpanF1());
        assertEquals("O", s.baseline().fallbackTag());
        assertEquals(0.896551724137931, s.baseline().validSpanF1());
        assertEquals(14, s.valid().spans().gold());
        assertEquals(0.20000000000000004, s.valid().spans().byType().get("LOC").f1());
        assertEquals(19, s.valid().perTag().get("O").support());
        assertEquals(11, s.valid().confusion().count(6, 6));
        assertEquals(dev.seq4j.config.TaggingDataSpec.CharFeatures.SHAPE, s.model().charFeatures());
        assertEquals(1, s.warnings().size());
        assertEquals("valid: token accuracy 0.2895, OOV accuracy -, span F1 0.1333 (most frequent tag per word: token "
                + "accuracy 0.9737, OOV accuracy -, span F1 0.8966)", s.headline());
    }

    @Test
    void withATestSplitItsOovAccuracyIsWrittenEvenWhenNull() throws Exception {
        TaggingSummary s = Seq4j.load(RUN, Tagger.class).summary();
        JsonNode none = JSON.valueToTree(s);
        assertTrue(none.has("validOovAccuracy") && none.get("validOovAccuracy").isNull());
        assertFalse(none.has("testTokenAccuracy") || none.has("testOovAccuracy") || none.has("test"), none.toString());
        assertFalse(none.get("baseline").has("testOovAccuracy"));

        TaggingSummary.Baseline b = s.baseline();
        TaggingSummary.Baseline tb = new TaggingSummary.Baseline(b.model(), b.fallbackTag(), b.validTokenAccuracy(),
                b.validOovAccuracy(), b.validSpanF1(), 0.75, null, 0.5);
        TaggingSummary tested = new TaggingSummary(s.task(), s.status(), s.stopReason(), s.epochs(), s.bestEpoch(),
                s.model(), s.tags(), s.scheme(), s.trainScheme(), s.validTokenAccuracy(), s.validOovAccuracy(),
                s.validSpanF1(), 0.25, null, 0.125, s.objective(), tb, s.trivial(), s.warnings(), s.valid(), s.valid(),
                s.trainSeconds(), s.tokensPerSecond(), s.runSeconds());
        JsonNode json = JSON.valueToTree(tested);
        assertTrue(json.has("testOovAccuracy") && json.get("testOovAccuracy").isNull(), json.toString());
        assertTrue(json.get("baseline").has("testOovAccuracy") && json.get("baseline").get("testOovAccuracy").isNull());
        assertEquals(0.25, json.get("testTokenAccuracy").asDouble());
        assertEquals(tested, JSON.readValue(JSON.writeValueAsString(tested), TaggingSummary.class));
        assertTrue(tested.headline().endsWith("\ntest: token accuracy 0.2500, OOV accuracy -, span F1 0.1250 (most "
                + "frequent tag per word: token accuracy 0.7500, OOV accuracy -, span F1 0.5000)"), tested.headline());

        TaggingSummary oov = new TaggingSummary(s.task(), s.status(), s.stopReason(), s.epochs(), s.bestEpoch(),
                s.model(), s.tags(), s.scheme(), s.trainScheme(), s.validTokenAccuracy(), s.validOovAccuracy(),
                s.validSpanF1(), 0.25, 0.0625, 0.125, s.objective(), tb, s.trivial(), s.warnings(), s.valid(), s.valid(),
                s.trainSeconds(), s.tokensPerSecond(), s.runSeconds());
        assertEquals(0.0625, JSON.valueToTree(oov).get("testOovAccuracy").asDouble());
        assertEquals(oov, JSON.readValue(JSON.writeValueAsString(oov), TaggingSummary.class));
    }
}
