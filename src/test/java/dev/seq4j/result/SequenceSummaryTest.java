package dev.seq4j.result;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The seq2seq and caption summaries of the golden runs (src/test/resources/golden) as records: the headline train
 * prints, the scores by split, and the optional test scores and ensemble members, which are written only when the run
 * has them.
 */
class SequenceSummaryTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/runs-0.1.0");
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static ObjectNode golden(String task) throws IOException {
        return (ObjectNode) JSON.readTree(GOLDEN.resolve(task).resolve("run/summary.json").toFile());
    }

    @Test
    void theHeadlineIsTheValidScoresOfBeamSearchThenGreedyDecoding() throws IOException {
        Seq2seqSummary s = JSON.treeToValue(golden("seq2seq"), Seq2seqSummary.class);
        assertEquals("valid: beam 2: word error rate 1.0000, token error rate 0.9100, BLEU 0.0000 (greedy: 1.0000, "
                + "0.9300, 0.0000)", s.headline());
        assertEquals(new SequenceSummary.Scores(0.0, 1.0, 0.91, 0.0), s.beamScores(false));
        assertEquals(new SequenceSummary.Scores(0.0, 1.0, 0.93, 0.0), s.greedyScores(false));
        assertNull(s.beamScores(true));
        assertNull(s.greedyScores(true));
        assertNull(s.members());
        assertEquals(27, s.maxSourceLength());
        assertEquals(1, s.model().ensemble());

        CaptionSummary c = JSON.treeToValue(golden("caption"), CaptionSummary.class);
        assertEquals("valid: beam 3: word error rate 1.0000, token error rate 0.8333, BLEU 0.0000 (greedy: 1.0000, "
                + "0.8889, 0.0000)", c.headline());
        assertEquals("cnn [16, 32] -> dense 8", c.model().encoder());
        assertEquals(0.5, c.trivial().validTokenErrorRate());
    }

    @Test
    void testScoresAndMembersAreWrittenOnlyWhenTheRunHasThem() throws IOException {
        ObjectNode json = golden("seq2seq");
        json.put("testExactMatch", 0.25).put("testWordErrorRate", 0.75).put("testTokenErrorRate", 0.5)
                .put("testBleu", 0.125).put("greedyTestExactMatch", 0.2).put("greedyTestWordErrorRate", 0.8)
                .put("greedyTestTokenErrorRate", 0.55).put("greedyTestBleu", 0.1);
        json.putArray("members").addObject().put("member", 1).put("directory", ".").put("seed", 5).put("epochs", 1)
                .put("bestEpoch", 1).put("stopReason", "completed 1 epochs").put("greedyValidWordErrorRate", 1.0);
        Seq2seqSummary s = JSON.treeToValue(json, Seq2seqSummary.class);
        assertEquals("valid: beam 2: word error rate 1.0000, token error rate 0.9100, BLEU 0.0000 (greedy: 1.0000, "
                + "0.9300, 0.0000)\ntest: beam 2: word error rate 0.7500, token error rate 0.5000, BLEU 0.1250 "
                + "(greedy: 0.8000, 0.5500, 0.1000)", s.headline());
        assertEquals(new SequenceSummary.Scores(0.2, 0.8, 0.55, 0.1), s.greedyScores(true));
        assertEquals(List.of(new Seq2seqSummary.Member(1, ".", 5, 1, 1, "completed 1 epochs", 1.0, null)),
                s.members());
        // written back: the same keys and values (a member without a test split has no greedyTestWordErrorRate)
        assertEquals(json, JSON.readTree(JSON.writeValueAsString(s)));

        Seq2seqSummary single = JSON.treeToValue(golden("seq2seq"), Seq2seqSummary.class);
        assertEquals(golden("seq2seq"), JSON.readTree(JSON.writeValueAsString(single)));
    }

    @Test
    void anEvaluationsHeadlineCountsItsOutputs() {
        SequenceScores greedy = new SequenceScores(0.5, 0.5, 0.25, 0.0, 1200);
        assertEquals("1,200 outputs: beam 4: word error rate 0.4000, token error rate 0.2000, BLEU 0.1000 (greedy: "
                + "0.5000, 0.2500, 0.0000)", new CaptionEvaluation("caption", "c.tsv", 1200, 4, 0.6, 0.4, 0.2, 0.1,
                greedy).headline());
    }
}
