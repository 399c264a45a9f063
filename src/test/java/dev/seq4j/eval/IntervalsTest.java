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
        double[][] w = Intervals.widths(ZEROS, 1, origins, 2, IntervalsTest::forecast, 0.9, new boolean[1]).halfWidth();
        assertArrayEquals(new double[]{18, 36}, w[0], 1e-12);
        // with fewer origins than the level needs, Student's t (3 degrees of freedom: 2.3534) times the RMS error
        w = Intervals.widths(ZEROS, 1, List.of(1, 2, 3), 2, IntervalsTest::forecast, 0.9, new boolean[1]).halfWidth();
        double rms = Math.sqrt((1 + 4 + 9) / 3.0);
        assertArrayEquals(new double[]{2.353363 * rms, 2 * 2.353363 * rms}, w[0], 1e-5);
    }

    @Test
    void countsTheValuesInside() {
        Intervals.Widths widths = new Intervals.Widths(new double[][]{{10, 10}}, new boolean[1]);
        // origins 1..20: step 1 errors 1..20 (10 inside), step 2 errors 2..40 (5 inside)
        List<Integer> origins = java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList();
        assertEquals(15 / 40.0, Intervals.coverage(ZEROS, 1, origins, 2, IntervalsTest::forecast, widths), 1e-12);
    }

    @Test
    void relativeIntervalsGrowWithTheLevel() {
        // a series that doubles every step and a forecaster 10% low: errors are 10% of the next value, 20% of the last
        double[][] v = new double[30][1];
        for (int i = 0; i < v.length; i++) {
            v[i][0] = Math.pow(2, i % 20);
        }
        java.util.function.IntFunction<double[][]> low = o -> new double[][]{{0.9 * v[o][0], 0.9 * v[o + 1][0]}};
        List<Integer> origins = java.util.stream.IntStream.rangeClosed(1, 15).boxed().toList();
        assertArrayEquals(new boolean[]{true}, Intervals.positive(v, 1, 30));
        Intervals.Widths w = Intervals.widths(v, 1, origins, 2, low, 0.9, new boolean[]{true});
        assertArrayEquals(new double[]{0.2, 0.4}, w.halfWidth()[0], 1e-12);
        // at origin 10 the last value is 2^9: the half-widths are 0.2 and 0.4 of it, and every value is inside
        assertArrayEquals(new double[]{0.2 * 512, 0.4 * 512}, w.at(v, 10)[0], 1e-9);
        assertEquals(1.0, Intervals.coverage(v, 1, List.of(16, 17, 18), 2, low, w), 1e-12);
        // from a last value of 0 or below the fractions mean nothing: the band falls back to the lowest level seen
        assertArrayEquals(new double[]{1, 1}, new double[]{Intervals.lowest(v, 1, 16)[0], Intervals.lowest(v, 1, 1)[0]});
        Intervals.Widths floored = w.lowest(new double[]{4});
        assertArrayEquals(w.at(v, 10)[0], floored.at(v, 10)[0], 1e-12);
        double[][] fallen = {{8}, {0}, {-3}};
        assertArrayEquals(new double[]{0, 0}, w.at(fallen, 2)[0], 1e-12);
        assertArrayEquals(new double[]{0.8, 1.6}, floored.at(fallen, 2)[0], 1e-12);
        assertArrayEquals(new double[]{0.8, 1.6}, floored.at(fallen, 3)[0], 1e-12);
        assertArrayEquals(new double[]{1.6, 3.2}, floored.at(fallen, 1)[0], 1e-12);
        // absolute errors from the same origins are as wide as the largest ones seen, too wide early and too narrow late
        Intervals.Widths absolute = Intervals.widths(v, 1, origins, 2, low, 0.9, new boolean[1]);
        assertEquals(0.1 * Math.pow(2, 15), absolute.halfWidth()[0][0], 1e-9);
        assertEquals(0.0, Intervals.coverage(v, 1, List.of(17, 18), 2, low, absolute), 1e-12);
        // a target with a value at or below 0 is not relative
        v[3][0] = 0;
        assertArrayEquals(new boolean[]{false}, Intervals.positive(v, 1, 30));
        assertArrayEquals(new boolean[]{true}, Intervals.positive(v, 1, 3));
    }

    @Test
    void widensBeyondTheHorizonWithTheSquareRootOfTheSteps() {
        double[] w = {1, 2, 3};
        assertEquals(2, Intervals.halfWidth(w, 1), 1e-12);
        assertEquals(3 * Math.sqrt(12 / 3.0), Intervals.halfWidth(w, 11), 1e-12);
    }
}
