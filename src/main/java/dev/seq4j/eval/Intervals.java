package dev.seq4j.eval;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Prediction intervals from a forecaster's own errors (split conformal prediction, Vovk et al. 2005; for forecasts,
 * Stankeviciute et al. 2021): on origins it was not fitted to, the error of each target at each step of the horizon is
 * collected, and the interval at that step is the forecast plus or minus their {@code ceil((n + 1) level) / n}
 * quantile. Such an interval covers about {@code level} of future values when the errors to come are like those seen,
 * whatever the forecaster (a network, ETS, Theta or a mean), at the price of needing such origins. With fewer than
 * {@code level / (1 - level)} of them (9 for 90%) the quantile does not exist, and the half-width is Student's t
 * quantile for that many errors times their root mean square (the errors taken as normal around 0), or the largest
 * error if that is wider.
 * <p>
 * A target whose values before the test part are all positive has <em>relative</em> intervals (normalized conformal
 * prediction, Papadopoulos et al. 2008): its errors are taken as fractions of the target's last value before each
 * origin, so the interval grows with the series' level (a series that doubles has errors twice as large, as a
 * multiplicative model assumes). Measured on 13 unseen series (the forecasting benchmark), ETS's 90% intervals held
 * 70% of the test values with absolute errors and 77% with relative ones, calibrated on the same origins.
 */
public final class Intervals {
    /** The level the runs' intervals are made for. */
    public static final double LEVEL = 0.9;

    private Intervals() {
    }

    /**
     * A run's interval half-widths at any origin: {@code halfWidth[target][step]} in the target's units, or, for a
     * {@code relative} target, as a fraction of its last value before the origin. A relative target whose last value
     * is 0 or below (outside what the fractions were measured on) is scaled by its {@code lowest} value before the
     * test part instead (0 where unknown, for runs written before it was kept), so its band never collapses to
     * nothing.
     */
    public record Widths(double[][] halfWidth, boolean[] relative, double[] lowest) {
        /** Widths without lowest levels: a relative band from a last value of 0 or below has width 0. */
        public Widths(double[][] halfWidth, boolean[] relative) {
            this(halfWidth, relative, new double[relative.length]);
        }

        /** These widths with each relative target's lowest level before the test part ({@link #lowest}). */
        public Widths lowest(double[] lowest) {
            return new Widths(halfWidth, relative, lowest.clone());
        }

        /** The half-widths {@code [target][step]} in the targets' units for a forecast from {@code origin}. */
        public double[][] at(double[][] values, int origin) {
            double[][] out = new double[halfWidth.length][];
            for (int c = 0; c < out.length; c++) {
                double s = !relative[c] || values[origin - 1][c] > 0 ? scale(values, c, origin, relative[c])
                        : lowest[c];
                out[c] = new double[halfWidth[c].length];
                for (int k = 0; k < out[c].length; k++) {
                    out[c][k] = halfWidth[c][k] * s;
                }
            }
            return out;
        }
    }

    /**
     * Each target's smallest value before {@code end} (the level a relative band falls back to), 0 for none; a series
     * that starts later than the table from its start.
     */
    public static double[] lowest(double[][] values, int targets, int end) {
        double[] out = new double[targets];
        for (int c = 0; c < targets; c++) {
            out[c] = end > 0 ? Double.POSITIVE_INFINITY : 0;
            for (int i = 0; i < end; i++) {
                out[c] = Double.isNaN(values[i][c]) ? out[c] : Math.min(out[c], values[i][c]);
            }
        }
        return out;
    }

    /** Which targets get relative intervals: those whose values before {@code end} are all positive. */
    public static boolean[] positive(double[][] values, int targets, int end) {
        double[] lowest = lowest(values, targets, end);
        boolean[] out = new boolean[targets];
        for (int c = 0; c < targets; c++) {
            out[c] = end == 0 || lowest[c] > 0;
        }
        return out;
    }

    /** What a target's errors at {@code origin} are divided by: its last value before it if relative, else 1. */
    static double scale(double[][] values, int c, int origin, boolean relative) {
        return relative ? Math.abs(values[origin - 1][c]) : 1;
    }

    /**
     * The half-widths at each step, {@code [target][step]}, from the errors at {@code origins}.
     *
     * @param values    the series {@code [T][columns]}, targets first
     * @param origins   origins the forecaster was not fitted to, at least one, each with {@code h} known steps after it
     * @param forecasts the forecast {@code [target][step]} from each origin
     * @param relative  by target, whether its errors are fractions of its last value ({@link #positive})
     */
    public static Widths widths(double[][] values, int targets, List<Integer> origins, int h,
                                IntFunction<double[][]> forecasts, double level, boolean[] relative) {
        int n = origins.size();
        double[][][] errors = new double[targets][h][n];
        for (int i = 0; i < n; i++) {
            int o = origins.get(i);
            double[][] f = forecasts.apply(o);
            for (int c = 0; c < targets; c++) {
                double s = scale(values, c, o, relative[c]);
                for (int k = 0; k < h; k++) {
                    errors[c][k][i] = Math.abs(values[o + k][c] - f[c][k]) / s;
                }
            }
        }
        int rank = (int) Math.ceil((n + 1) * level); // 1-based
        double t = rank <= n ? 0 : new org.apache.commons.math3.distribution.TDistribution(n)
                .inverseCumulativeProbability((1 + level) / 2);
        double[][] out = new double[targets][h];
        for (int c = 0; c < targets; c++) {
            for (int k = 0; k < h; k++) {
                double[] e = errors[c][k];
                Arrays.sort(e);
                if (rank <= n) {
                    out[c][k] = e[rank - 1];
                } else { // too few errors for the quantile: Student's t on their root mean square
                    double sq = 0;
                    for (double v : e) {
                        sq += v * v;
                    }
                    out[c][k] = Math.max(e[n - 1], t * Math.sqrt(sq / n));
                }
            }
        }
        return new Widths(out, relative.clone());
    }

    /**
     * The half-width {@code k} steps ahead (0-based) from widths made for {@code h} steps: as made within the horizon,
     * and beyond it (a forecast in rounds) growing like a random walk's, with the square root of the steps.
     */
    public static double halfWidth(double[] widths, int k) {
        int h = widths.length;
        return k < h ? widths[k] : widths[h - 1] * Math.sqrt((k + 1.0) / h);
    }

    /**
     * How many of the values at {@code origins} fell inside the intervals, as a fraction of all targets' steps.
     */
    public static double coverage(double[][] values, int targets, List<Integer> origins, int h,
                                  IntFunction<double[][]> forecasts, Widths widths) {
        long inside = 0;
        long all = 0;
        for (int o : origins) {
            double[][] f = forecasts.apply(o);
            double[][] w = widths.at(values, o);
            for (int c = 0; c < targets; c++) {
                for (int k = 0; k < h; k++) {
                    inside += Math.abs(values[o + k][c] - f[c][k]) <= w[c][k] ? 1 : 0;
                    all++;
                }
            }
        }
        return (double) inside / all;
    }
}
