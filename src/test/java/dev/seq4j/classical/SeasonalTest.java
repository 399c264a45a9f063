package dev.seq4j.classical;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeasonalTest {
    static double[] column(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        return lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[1])).toArray();
    }

    @Test
    void findsThePeriodOfACycleUnderTrendAndNoise() {
        Random random = new Random(3);
        double[] y = new double[200];
        for (int t = 0; t < y.length; t++) {
            y[t] = 0.05 * t + Math.sin(2 * Math.PI * t / 9) + 0.3 * random.nextGaussian();
        }
        assertEquals(9, Seasonal.period(y, 60));
    }

    @Test
    void findsNoPeriodInNoiseOrARandomWalk() {
        Random random = new Random(5);
        double[] noise = new double[200];
        double[] walk = new double[200];
        for (int t = 0; t < noise.length; t++) {
            noise[t] = random.nextGaussian();
            walk[t] = (t == 0 ? 0 : walk[t - 1]) + random.nextGaussian();
        }
        assertEquals(1, Seasonal.period(noise, 60));
        assertEquals(1, Seasonal.period(walk, 60));
        assertEquals(1, Seasonal.period(new double[]{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 60));
    }

    /** Yearly sunspots (data/statsmodels): the 11-year solar cycle. */
    @Test
    void findsTheSolarCycle() throws Exception {
        int p = Seasonal.period(column(Path.of("data/statsmodels/sunspots.csv")), 60);
        assertTrue(p == 10 || p == 11, "period " + p);
    }

    /**
     * A curved trend leaves a slowly decaying autocorrelation with bumps; none is a cycle. Before the trough rule the
     * global temperature anomaly's first 138 years had "period" 7.
     */
    @Test
    void findsNoCycleInACurvedTrendOrTheNile() throws Exception {
        double[] temp = column(Path.of("data/forecast-bench/global_temp.csv"));
        assertEquals(1, Seasonal.period(temp, 60));
        assertEquals(1, Seasonal.period(java.util.Arrays.copyOf(temp, 138), 60));
        assertEquals(1, Seasonal.period(column(Path.of("data/statsmodels/nile.csv")), 60));
    }

    /** R's decompose() on a series that is exactly a line plus a season recovers the season. */
    @Test
    void theDecompositionRecoversAnExactSeason() {
        double[] season = {3, -1, -4, 2};
        double[] y = new double[24];
        for (int t = 0; t < y.length; t++) {
            y[t] = 10 + 0.5 * t + season[t % 4];
        }
        assertArrayEquals(season, Seasonal.figure(y, 4, false), 1e-9);
        assertTrue(Seasonal.isSeasonal(y, 4));
        assertFalse(Seasonal.isSeasonal(y, 1));
    }
}
