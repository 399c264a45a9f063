package dev.seq4j.eval;

import dev.seq4j.result.SpanReport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Span scores against conlleval (CoNLL-2000's script, version 2004-01-26) on hand-made sentences. The expected
 * numbers are conlleval's output for the same sentences written as {@code token gold predicted} lines:
 * <pre>
 * processed 15 tokens with 7 phrases; found: 8 phrases; correct: 3.
 * accuracy:  66.67%; precision:  37.50%; recall:  42.86%; FB1:  40.00
 *               LOC: precision:   0.00%; recall:   0.00%; FB1:   0.00  2
 *              MISC: precision:   0.00%; recall:   0.00%; FB1:   0.00  1
 *               ORG: precision:  50.00%; recall: 100.00%; FB1:  66.67  2
 *               PER: precision:  66.67%; recall:  66.67%; FB1:  66.67  3
 * </pre>
 */
class SpanMetricsTest {
    static List<String> tags(String s) {
        return List.of(s.split(" "));
    }

    @Test
    void agreesWithConllevalOnHandMadeCases() {
        SpanMetrics m = new SpanMetrics();
        m.add(tags("B-PER B-PER O"), tags("B-PER B-PER O"));         // adjacent spans, both found
        m.add(tags("B-LOC I-LOC B-LOC"), tags("B-LOC I-LOC I-LOC")); // adjacent spans merged by the prediction
        m.add(tags("O B-ORG I-ORG"), tags("O I-ORG I-ORG"));         // I- without B-: still the right span
        m.add(tags("B-PER I-PER I-PER"), tags("B-PER I-PER O"));     // partial span
        m.add(tags("B-LOC I-LOC"), tags("B-LOC I-ORG"));             // type change inside a span
        m.add(tags("O"), tags("B-MISC"));                            // a span that is not there
        assertEquals(7, m.gold());
        assertEquals(8, m.predicted());
        assertEquals(3, m.correct());
        assertEquals(0.3750, m.precision(), 1e-4);
        assertEquals(0.4286, m.recall(), 1e-4);
        assertEquals(0.4000, m.f1(), 1e-4);
        SpanReport report = m.report();
        assertEquals(new SpanReport(m.precision(), m.recall(), m.f1(), 7, 8, 3, report.byType()), report);
        Map<String, SpanReport.TypeScore> byType = report.byType();
        assertEquals(List.of("LOC", "MISC", "ORG", "PER"), List.copyOf(byType.keySet()));
        assertEquals(0.0, byType.get("LOC").f1(), 1e-4);
        assertEquals(0.5, byType.get("ORG").precision(), 1e-4);
        assertEquals(1.0, byType.get("ORG").recall(), 1e-4);
        assertEquals(0.6667, byType.get("PER").f1(), 1e-4);
        assertEquals(2L, byType.get("LOC").predicted());
    }

    @Test
    void bioesAndIoReadTheSameSpans() {
        SpanMetrics bioes = new SpanMetrics();
        bioes.add(tags("S-PER O B-LOC E-LOC"), tags("S-PER O B-LOC I-LOC"));
        SpanMetrics bio = new SpanMetrics();
        bio.add(tags("B-PER O B-LOC I-LOC"), tags("B-PER O B-LOC I-LOC"));
        assertEquals(1.0, bio.f1(), 1e-9);
        // B-LOC I-LOC at the end of the sentence is the same span as B-LOC E-LOC
        assertEquals(1.0, bioes.f1(), 1e-9);
    }

    @Test
    void emptyCountsScoreZeroNotNaN() {
        SpanMetrics m = new SpanMetrics();
        m.add(tags("O O"), tags("O O"));
        assertEquals(0.0, m.f1());
        assertEquals(0.0, m.precision());
    }
}
