package dev.seq4j.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Classification metrics against numbers worked out by hand. */
class ClassifierMetricsTest {
    @Test
    void accuracyMacroF1AndTheConfusionMatrixOfAWorkedExample() {
        // truth 0 0 1 1 1, predicted 0 1 1 1 0: class 0 P = 1/2, R = 1/2, F1 = 1/2; class 1 P = R = F1 = 2/3
        ClassifierMetrics m = ClassifierMetrics.of(new int[]{0, 0, 1, 1, 1}, new int[]{0, 1, 1, 1, 0}, List.of("a", "b"));
        assertEquals(0.6, m.accuracy(), 1e-12);
        assertEquals((0.5 + 2.0 / 3) / 2, m.macroF1(), 1e-12);
        assertArrayEquals(new double[]{0.5, 2.0 / 3}, m.precision(), 1e-12);
        assertArrayEquals(new double[]{0.5, 2.0 / 3}, m.recall(), 1e-12);
        assertArrayEquals(new long[]{1, 1}, m.confusion()[0]);
        assertArrayEquals(new long[]{1, 2}, m.confusion()[1]);
        assertEquals(5, m.examples());
    }
}
