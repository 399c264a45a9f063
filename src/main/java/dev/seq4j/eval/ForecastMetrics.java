package dev.seq4j.eval;

import dev.seq4j.result.ForecastErrors;

/**
 * Point-forecast errors, accumulated over any number of forecasts of one series:
 * <ul>
 * <li>MAE, the mean absolute error, and RMSE, the root mean squared error, in the series' units;</li>
 * <li>sMAPE, the symmetric mean absolute percentage error as the M4 competition defines it,
 * {@code 200 / n * sum |y - f| / (|y| + |f|)}, in percent from 0 to 200 (a step where both are 0 counts 0);</li>
 * <li>MASE (Hyndman and Koehler 2006), the MAE divided by {@code scale}: the in-sample MAE of the seasonal naive
 * forecast on the training part, {@code mean |y[t] - y[t-m]|}. Below 1 the forecast beats what seasonal naive did
 * one step ahead in training. A training part with no seasonal change at all has scale 0, and MASE is then
 * undefined: reported as {@code null}, never as infinity.</li>
 * </ul>
 */
public final class ForecastMetrics {
    private final double scale;
    private double absolute;
    private double squared;
    private double symmetric;
    private long n;

    /** @param scale the MASE scale ({@link #scale}) */
    public ForecastMetrics(double scale) {
        this.scale = scale;
    }

    /** The MASE scale of a training series: the mean absolute change over one season of {@code m} steps. */
    public static double scale(double[] train, int m) {
        if (train.length <= m) {
            throw new IllegalArgumentException("the MASE scale needs more than " + m + " training values, got " + train.length);
        }
        double sum = 0;
        for (int t = m; t < train.length; t++) {
            sum += Math.abs(train[t] - train[t - m]);
        }
        return sum / (train.length - m);
    }

    /** Adds a forecast and the values that came true, step by step. */
    public void add(double[] actual, double[] forecast) {
        if (actual.length != forecast.length) {
            throw new IllegalArgumentException(actual.length + " actual values for " + forecast.length + " forecasts");
        }
        for (int i = 0; i < actual.length; i++) {
            double e = actual[i] - forecast[i];
            absolute += Math.abs(e);
            squared += e * e;
            double denominator = Math.abs(actual[i]) + Math.abs(forecast[i]);
            symmetric += denominator == 0 ? 0 : 2 * Math.abs(e) / denominator;
            n++;
        }
    }

    public long count() {
        return n;
    }

    public double mae() {
        return absolute / n;
    }

    public double rmse() {
        return Math.sqrt(squared / n);
    }

    /** In percent, 0 to 200. */
    public double smape() {
        return 100 * symmetric / n;
    }

    /** {@code null} when the scale is 0 (a training part without seasonal change). */
    public Double mase() {
        return scale > 0 ? mae() / scale : null;
    }

    /** {@code mae, rmse, smape, mase} and the number of forecast {@code steps}, as a backtest reports them. */
    public ForecastErrors report() {
        return new ForecastErrors(mae(), rmse(), smape(), mase(), n);
    }
}
