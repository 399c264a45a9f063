package dev.seq4j.result;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * A rolling-origin backtest (see {@code eval.Backtest}): the model's forecast errors and those of the naive,
 * seasonal-naive, drift, ETS and Theta forecasts on exactly the same origins and steps.
 *
 * @param model         the model's errors, or {@code null} (not written) for a backtest of the baselines only
 * @param naive         the last value repeated
 * @param seasonalNaive the value one season earlier
 * @param drift         the line through the first and last values, extended
 * @param ets           exponential smoothing, its form chosen by AICc at each origin; {@code null} in a run of a
 *                      version before ETS
 * @param theta         the Theta method; {@code null} in a run of a version before it
 */
public record ForecastBacktest(@JsonInclude(JsonInclude.Include.NON_NULL) Scores model, Scores naive,
                               Scores seasonalNaive, Scores drift,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Scores ets,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Scores theta) {
    /**
     * One forecaster's errors, averaged over the targets, and each target's own.
     *
     * @param mae       the targets' mean MAE
     * @param rmse      their mean RMSE
     * @param smape     their mean sMAPE, in percent
     * @param mase      their mean MASE; {@code null} (written as {@code null}) when any target's is undefined
     * @param perTarget by target name, in the run's target order
     */
    public record Scores(double mae, double rmse, double smape, Double mase, Map<String, ForecastErrors> perTarget) {
    }
}
