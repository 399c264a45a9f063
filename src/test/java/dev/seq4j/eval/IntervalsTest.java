package dev.seq4j.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class IntervalsTest {
    /** A series of zeros and a forecaster whose error at origin o is o at step 1 and 2o at step 2. */
    static final double[][] ZEROS = new double[40][1];

    static double[][] forecast(int o) {
        return new double[][]{{o, -2.0 * o}};
    }

    @Test
    void takesTheConformalRankOfTheAbsoluteErrors() {
        List<Integer> origins = java.util.stream.IntStream.rangeClosed(1, 19).boxed().toList();
        // n = 19: rank ceil(20 * 0.9) = 18, the 18th smallest of 1..19 is 18
        double[][] w = Intervals.halfWidths(ZEROS, 1, origins, 2, IntervalsTest::forecast, 0.9);
        assertArrayEquals(new double[]{18, 36}, w[0], 1e-12);
        // with fewer origins than the level needs, Student's t (3 degrees of freedom: 2.3534) times the RMS error
        w = Intervals.halfWidths(ZEROS, 1, List.of(1, 2, 3), 2, IntervalsTest::forecast, 0.9);
        double rms = Math.sqrt((1 + 4 + 9) / 3.0);
        assertArrayEquals(new double[]{2.353363 * rms, 2 * 2.353363 * rms}, w[0], 1e-5);
    }

    @Test
    void countsTheValuesInside() {
        double[][] widths = {{10, 10}};
        // origins 1..20: step 1 errors 1..20 (10 inside), step 2 errors 2..40 (5 inside)
        List<Integer> origins = java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList();
        assertEquals(15 / 40.0, Intervals.coverage(ZEROS, 1, origins, 2, IntervalsTest::forecast, widths), 1e-12);
    }

    @Test
    void widensBeyondTheHorizonWithTheSquareRootOfTheSteps() {
        double[] w = {1, 2, 3};
        assertEquals(2, Intervals.halfWidth(w, 1), 1e-12);
        assertEquals(3 * Math.sqrt(12 / 3.0), Intervals.halfWidth(w, 11), 1e-12);
    }
}
