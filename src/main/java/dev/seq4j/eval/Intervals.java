package dev.seq4j.eval;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Prediction intervals from a forecaster's own errors (split conformal prediction, Vovk et al. 2005; for forecasts,
 * Stankeviciute et al. 2021): on origins it was not fitted to (the validation part), the absolute error of each target
 * at each step of the horizon is collected, and the interval at that step is the forecast plus or minus their
 * {@code ceil((n + 1) level) / n} quantile. Such an interval covers about {@code level} of future values when the
 * errors to come are like those seen, whatever the forecaster (a network, ETS, Theta or a mean), at the price of
 * needing validation origins. With fewer than {@code level / (1 - level)} of them (9 for 90%) the quantile does not
 * exist, and the half-width is Student's t quantile for that many errors times their root mean square (the errors
 * taken as normal around 0), or the largest error if that is wider.
 */
public final class Intervals {
    /** The level the runs' intervals are made for. */
    public static final double LEVEL = 0.9;

    private Intervals() {
    }

    /**
     * The half-width of the interval at each step, {@code [target][step]}.
     *
     * @param values    the series {@code [T][columns]}, targets first
     * @param origins   the validation origins, at least one, each with {@code h} known steps after it
     * @param forecasts the forecast {@code [target][step]} from each origin
     */
    public static double[][] halfWidths(double[][] values, int targets, List<Integer> origins, int h,
                                        IntFunction<double[][]> forecasts, double level) {
        int n = origins.size();
        double[][][] errors = new double[targets][h][n];
        for (int i = 0; i < n; i++) {
            int o = origins.get(i);
            double[][] f = forecasts.apply(o);
            for (int c = 0; c < targets; c++) {
                for (int k = 0; k < h; k++) {
                    errors[c][k][i] = Math.abs(values[o + k][c] - f[c][k]);
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
        return out;
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
     *
     * @param widths the half-widths {@code [target][step]} ({@link #halfWidths})
     */
    public static double coverage(double[][] values, int targets, List<Integer> origins, int h,
                                  IntFunction<double[][]> forecasts, double[][] widths) {
        long inside = 0;
        long all = 0;
        for (int o : origins) {
            double[][] f = forecasts.apply(o);
            for (int c = 0; c < targets; c++) {
                for (int k = 0; k < h; k++) {
                    inside += Math.abs(values[o + k][c] - f[c][k]) <= widths[c][k] ? 1 : 0;
                    all++;
                }
            }
        }
        return (double) inside / all;
    }
}
