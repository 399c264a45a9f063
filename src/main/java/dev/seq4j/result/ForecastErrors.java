package dev.seq4j.result;

/**
 * One series' point-forecast errors over a backtest's steps (see {@code eval.ForecastMetrics}): MAE and RMSE in the
 * series' units, sMAPE as the M4 competition defines it, and MASE (Hyndman and Koehler 2006).
 *
 * @param mae   the mean absolute error
 * @param rmse  the root mean squared error
 * @param smape the symmetric mean absolute percentage error, in percent from 0 to 200
 * @param mase  the MAE over the in-sample seasonal-naive MAE; {@code null} (written as {@code null}) when that scale
 *              is 0, as for a constant training series
 * @param steps how many forecast steps were scored
 */
public record ForecastErrors(double mae, double rmse, double smape, Double mase, long steps) {
}
