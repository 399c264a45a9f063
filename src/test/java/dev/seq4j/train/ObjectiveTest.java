package dev.seq4j.train;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectiveTest {
    final Objective accuracy = new Objective("valid_accuracy", false, "valid_loss");

    @Test
    void anEqualObjectiveWinsOnlyWithALowerTieBreakMetric() {
        Map<String, Double> best = Map.of("valid_accuracy", 1.0, "valid_loss", 0.20);
        assertTrue(accuracy.better(Map.of("valid_accuracy", 1.0, "valid_loss", 0.05), best));
        assertFalse(accuracy.better(Map.of("valid_accuracy", 1.0, "valid_loss", 0.20), best));
        assertFalse(accuracy.better(Map.of("valid_accuracy", 0.9, "valid_loss", 0.01), best));
        assertTrue(accuracy.better(Map.of("valid_accuracy", 0.5, "valid_loss", 9.0), null));
        assertFalse(accuracy.better(Map.of("valid_accuracy", Double.NaN, "valid_loss", 0.1), null));
    }

    @Test
    void withoutATieBreakAnEqualObjectiveIsNoImprovement() {
        Objective bpc = new Objective("valid_bpc", true);
        assertFalse(bpc.better(Map.of("valid_bpc", 2.0), Map.of("valid_bpc", 2.0)));
        assertTrue(bpc.better(Map.of("valid_bpc", 1.9), Map.of("valid_bpc", 2.0)));
    }
}
