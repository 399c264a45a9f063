package dev.seq4j.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Metrics from class ids: which side is truth matters for precision, recall and the confusion matrix. */
class ClassifierMetricsTest {
    @Test
    void rowsAreTrueClassesAndRecallIsPerTrueClass() {
        // truth: a a a b; predicted: a b b b
        ClassifierMetrics m = ClassifierMetrics.of(new int[]{0, 0, 0, 1}, new int[]{0, 1, 1, 1}, List.of("a", "b"));
        assertArrayEquals(new long[]{1, 2}, m.confusion()[0]);
        assertArrayEquals(new long[]{0, 1}, m.confusion()[1]);
        assertEquals(1.0 / 3, m.recall()[0], 1e-9);
        assertEquals(1.0, m.precision()[0], 1e-9);
        assertEquals(1.0, m.recall()[1], 1e-9);
        assertEquals(1.0 / 3, m.precision()[1], 1e-9);
        assertEquals(0.5, m.accuracy(), 1e-9);
    }
}
