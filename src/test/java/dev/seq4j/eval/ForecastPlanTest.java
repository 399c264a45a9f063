package dev.seq4j.eval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run's forecasting plan: one method for every target, or one per target, as its summary writes it. */
class ForecastPlanTest {
    @Test
    void aPlanPerTargetReadsAndWritesAsItsSummaryDoesAndCollapsesWhenAllAgree() {
        ForecastPlan plan = ForecastPlan.parse("ets|network+ets+theta|seasonalNaive");
        assertTrue(plan.perTarget());
        assertEquals("ets|network+ets+theta|seasonalNaive", plan.toString());
        assertEquals("network+ets+theta", plan.of(1).toString());
        assertTrue(plan.usesNetwork());
        assertEquals(List.of("ets", "network", "theta", "seasonalNaive"), plan.parts());
        ForecastPlan same = ForecastPlan.parse("ets+theta|ets+theta");
        assertFalse(same.perTarget());
        assertEquals("ets+theta", same.toString());
        assertEquals("theta", ForecastPlan.parse("theta").of(5).toString()); // one method is every target's
        assertThrows(IllegalArgumentException.class, () -> ForecastPlan.parse("ets|arima"));
        assertThrows(IllegalArgumentException.class, () -> ForecastPlan.parse("ets|"));
    }

    @Test
    void eachTargetsRowIsItsOwnMethodsMean() {
        Map<String, double[][]> parts = Map.of(
                "ets", new double[][]{{1, 1}, {10, 10}},
                "theta", new double[][]{{3, 3}, {30, 30}},
                "seasonalNaive", new double[][]{{5, 5}, {50, 50}});
        double[][] f = ForecastPlan.parse("ets+theta|seasonalNaive").forecast(parts::get);
        assertArrayEquals(new double[]{2, 2}, f[0]);
        assertArrayEquals(new double[]{50, 50}, f[1]);
        assertArrayEquals(new double[]{20, 20}, ForecastPlan.parse("ets+theta").forecast(parts::get)[1]);
    }
}
