package dev.seq4j.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Baseline forecasts and error measures against values worked out by hand. */
class ForecastMetricsTest {
    @Test
    void baselines() {
        assertArrayEquals(new double[]{5, 5}, ForecastBaselines.naive(new double[]{1, 2, 5}, 2));
        // n = 6, m = 4: steps 1..4 repeat y[2..5], step 5 wraps to y[2] again
        assertArrayEquals(new double[]{3, 4, 5, 6, 3}, ForecastBaselines.seasonalNaive(new double[]{1, 2, 3, 4, 5, 6}, 5, 4));
        assertArrayEquals(ForecastBaselines.naive(new double[]{1, 7}, 3), ForecastBaselines.seasonalNaive(new double[]{1, 7}, 3, 1));
        // slope (5 - 1) / 2 = 2 per step
        assertArrayEquals(new double[]{7, 9, 11}, ForecastBaselines.drift(new double[]{1, 2, 5}, 3));
        assertThrows(IllegalArgumentException.class, () -> ForecastBaselines.seasonalNaive(new double[]{1, 2}, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> ForecastBaselines.drift(new double[]{1}, 1));
    }

    @Test
    void errors() {
        // training part 1 3 2 6: one-step changes 2, 1, 4 (scale 7/3); two-step changes 1, 3 (scale 2)
        assertEquals(7.0 / 3, ForecastMetrics.scale(new double[]{1, 3, 2, 6}, 1), 1e-12);
        assertEquals(2.0, ForecastMetrics.scale(new double[]{1, 3, 2, 6}, 2), 1e-12);
        ForecastMetrics m = new ForecastMetrics(7.0 / 3);
        m.add(new double[]{2, 4}, new double[]{1, 6});                // errors 1 and -2
        assertEquals(1.5, m.mae(), 1e-12);
        assertEquals(Math.sqrt(2.5), m.rmse(), 1e-12);
        assertEquals(100 * (2.0 / 3 + 0.4) / 2, m.smape(), 1e-12);    // 2|e| / (|y| + |f|): 2/3 and 4/10
        assertEquals(1.5 / (7.0 / 3), m.mase(), 1e-12);
        assertEquals(2, m.count());
        ForecastMetrics zero = new ForecastMetrics(0);
        zero.add(new double[]{0, 1}, new double[]{0, 1});
        assertEquals(0, zero.smape(), 1e-12);                         // 0 / 0 counts as no error
    }

    @Test
    void aConstantTrainingSeriesLeavesMaseUndefinedNotInfinite() {
        double scale = ForecastMetrics.scale(new double[]{4, 4, 4, 4}, 1);
        assertEquals(0, scale);
        ForecastMetrics m = new ForecastMetrics(scale);
        m.add(new double[]{5}, new double[]{4});
        assertNull(m.mase());
        assertNull(m.report().mase());
        assertEquals(new dev.seq4j.result.ForecastErrors(1, 1, 100 * (2.0 / 9), null, 1), m.report());
        // written as an explicit null, as backtests and eval always have
        assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(m.report()).get("mase").isNull());
    }
}
