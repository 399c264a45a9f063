package dev.seq4j.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Edit distance, error rates and BLEU-4 against values worked out by hand. */
class SequenceMetricsTest {
    static List<String> words(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split(" "));
    }

    static List<String> chars(String s) {
        return s.chars().mapToObj(c -> String.valueOf((char) c)).toList();
    }

    @Test
    void editDistance() {
        assertEquals(3, SequenceMetrics.editDistance(chars("kitten"), chars("sitting"))); // k->s, e->i, +g
        assertEquals(0, SequenceMetrics.editDistance(words("a b"), words("a b")));
        assertEquals(2, SequenceMetrics.editDistance(words(""), words("a b")));
        assertEquals(1, SequenceMetrics.editDistance(words("HH AH L OW"), words("HH EH L OW")));
    }

    @Test
    void bleuOfOneSentence() {
        SequenceMetrics m = new SequenceMetrics();
        m.add(words("the cat sat on the mat"), words("the cat sat on a mat"));
        // clipped precisions 5/6, 3/5, 2/4, 1/3; equal lengths, no brevity penalty: (1/12)^(1/4)
        assertEquals(Math.pow(1.0 / 12, 0.25), m.bleu(), 1e-12);
        assertEquals(0.0, m.exactMatch());
        assertEquals(1.0 / 6, m.tokenErrorRate(), 1e-12);       // one substitution in 6 reference tokens
    }

    @Test
    void brevityPenaltyAndNoSmoothing() {
        SequenceMetrics shortOutput = new SequenceMetrics();
        shortOutput.add(words("the cat sat on"), words("the cat sat on the mat"));
        // every n-gram matches; c = 4 < r = 6: exp(1 - 6/4)
        assertEquals(Math.exp(-0.5), shortOutput.bleu(), 1e-12);
        SequenceMetrics noFourGram = new SequenceMetrics();
        noFourGram.add(words("the cat sat on the mat"), words("the cat is on the mat"));
        assertEquals(0.0, noFourGram.bleu());                    // no matching 4-gram: 0 without smoothing
    }

    @Test
    void corpusRates() {
        SequenceMetrics m = new SequenceMetrics();
        m.add(words("K AE T"), words("K AE T"));
        m.add(words("D AO G Z"), words("D AO G"));              // one insertion
        m.add(words("B ER D"), words("B ER D"));
        m.add(words("F IH SH"), words("F IH SH"));
        assertEquals(0.75, m.exactMatch(), 1e-12);
        assertEquals(0.25, m.wordErrorRate(), 1e-12);
        assertEquals(1.0 / 12, m.tokenErrorRate(), 1e-12);      // 1 edit over 3 + 3 + 3 + 3 reference tokens
        assertEquals(new dev.seq4j.result.SequenceScores(0.75, 0.25, 1.0 / 12, m.bleu(), 4L), m.report());
    }
}
