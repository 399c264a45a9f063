package dev.seq4j.eval;

import dev.seq4j.result.ForecastBacktest;
import dev.seq4j.result.ForecastErrors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Rolling-origin evaluation: at each origin a forecaster sees the series before it and forecasts the next
 * {@code horizon} steps of every target; errors are pooled over the origins per target, and MASE's scale is the
 * seasonal naive in-sample error on the steps before {@code scaleEnd} (the first origin). The baselines
 * ({@link ForecastBaselines}) are scored on exactly the same origins and steps, except that ETS and Theta, fitted
 * afresh at each origin, are scored on at most {@link #MAX_FITTED} of a long backtest's origins.
 */
public final class Backtest {
    private Backtest() {
    }

    /**
     * @param values   the series {@code [T][columns]}, targets first, in original units
     * @param targets  how many of the first columns are forecast
     * @param names    the target names
     * @param model    the model's forecast {@code [targets][horizon]} at an origin, or {@code null} for baselines only
     * @return the {@code model}'s errors (if any) and each baseline's: {@code mae, rmse, smape, mase} averaged over
     *         targets (MASE {@code null} if any target's scale is 0), and {@code perTarget}
     */
    public static ForecastBacktest run(double[][] values, int targets, List<String> names, List<Integer> origins,
                                       int horizon, int season, IntFunction<double[][]> model) {
        int scaleEnd = origins.get(0);
        ForecastBacktest.Scores scored = model == null ? null
                : score(values, targets, names, origins, horizon, season, scaleEnd, model);
        java.util.function.BiFunction<String, List<Integer>, ForecastBacktest.Scores> baseline = (name, at) -> score(
                values, targets, names, at, horizon, season, scaleEnd,
                origin -> ForecastMethod.classical(name, values, targets, origin, horizon, season));
        // ETS and Theta are fitted afresh at each origin: on a long backtest, at most MAX_FITTED of them, evenly spaced
        List<Integer> fitted = spaced(origins, MAX_FITTED);
        return new ForecastBacktest(scored, baseline.apply("naive", origins), baseline.apply("seasonalNaive", origins),
                baseline.apply("drift", origins), baseline.apply("ets", fitted), baseline.apply("theta", fitted));
    }

    /**
     * The most origins the ETS and Theta baselines are scored on; a backtest with more scores them on that many,
     * evenly spaced and ending with the last (their {@code perTarget} steps say how many values).
     */
    public static final int MAX_FITTED = 24;

    /** At most {@code max} of {@code origins}, evenly spaced from the first to the last, in order. */
    public static List<Integer> spaced(List<Integer> origins, int max) {
        int n = origins.size();
        if (n <= max) {
            return origins;
        }
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
        for (int i = 0; i < max; i++) {
            out.add(origins.get(n - 1 - (int) Math.round((double) i * (n - 1) / (max - 1))));
        }
        return List.copyOf(out);
    }

    /**
     * One forecaster's errors over {@code origins} (see {@link #run}), MASE scaled by the steps before the first
     * origin.
     */
    public static ForecastBacktest.Scores scores(double[][] values, int targets, List<String> names,
                                                 List<Integer> origins, int horizon, int season,
                                                 IntFunction<double[][]> forecaster) {
        return score(values, targets, names, origins, horizon, season, origins.get(0), forecaster);
    }

    private static ForecastBacktest.Scores score(double[][] values, int targets, List<String> names,
                                                 List<Integer> origins, int horizon, int season, int scaleEnd,
                                                 IntFunction<double[][]> forecaster) {
        ForecastMetrics[] m = new ForecastMetrics[targets];
        for (int c = 0; c < targets; c++) {
            m[c] = new ForecastMetrics(ForecastMetrics.scale(column(values, c, 0, scaleEnd), season));
        }
        for (int origin : origins) {
            double[][] f = forecaster.apply(origin);
            for (int c = 0; c < targets; c++) {
                m[c].add(column(values, c, origin, origin + horizon), f[c]);
            }
        }
        double mae = 0;
        double rmse = 0;
        double smape = 0;
        Double mase = 0.0;
        Map<String, ForecastErrors> perTarget = new LinkedHashMap<>();
        for (int c = 0; c < targets; c++) {
            mae += m[c].mae() / targets;
            rmse += m[c].rmse() / targets;
            smape += m[c].smape() / targets;
            mase = mase == null || m[c].mase() == null ? null : mase + m[c].mase() / targets;
            perTarget.put(names.get(c), m[c].report());
        }
        return new ForecastBacktest.Scores(mae, rmse, smape, mase, perTarget);
    }

    /**
     * {@code values[from..to)} of column {@code c}; of a series that starts later than the table (its first values
     * NaN, {@link dev.seq4j.data.forecast.TimeTable.Starts}), only the part from its start.
     */
    public static double[] column(double[][] values, int c, int from, int to) {
        while (from < to && Double.isNaN(values[from][c])) {
            from++;
        }
        double[] out = new double[to - from];
        for (int t = from; t < to; t++) {
            out[t - from] = values[t][c];
        }
        return out;
    }
}
