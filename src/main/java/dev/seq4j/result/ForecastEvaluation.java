package dev.seq4j.result;

import java.util.Locale;
import java.util.Map;

/**
 * {@code eval} of a forecast run: its model and the baselines backtested on the last origins of a file, the model's
 * errors averaged over the targets next to each baseline's.
 *
 * @param task          {@code forecast}
 * @param data          the file evaluated on
 * @param origins       how many forecast origins were backtested
 * @param horizon       how many steps each origin forecasts
 * @param season        the season (in steps) of seasonal naive and of MASE's scale
 * @param mae           the model's mean MAE over the targets
 * @param rmse          its mean RMSE
 * @param smape         its mean sMAPE, in percent
 * @param mase          its mean MASE; {@code null} (written as {@code null}) when undefined (a constant series)
 * @param naive         the naive forecast's errors
 * @param seasonalNaive the seasonal-naive forecast's errors
 * @param drift         the drift forecast's errors
 * @param ets           exponential smoothing's errors (its form chosen by AICc at each origin)
 * @param theta         the Theta method's errors
 * @param perTarget     the model's errors by target
 * @param coverage      the share of the values that fell inside the run's prediction intervals (made for
 *                      {@code intervals.level} in its summary); {@code null} (not written) for a run without them
 */
public record ForecastEvaluation(String task, String data, int origins, int horizon, int season, double mae,
                                 double rmse, double smape, Double mase, Baseline naive, Baseline seasonalNaive,
                                 Baseline drift, Baseline ets, Baseline theta, Map<String, ForecastErrors> perTarget,
                                 @com.fasterxml.jackson.annotation.JsonInclude(
                                         com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Double coverage)
        implements Evaluation {
    @Override
    public String headline() {
        return String.format(Locale.ROOT, "%d origin(s) of %d steps: MAE %.4f, MASE %s (seasonal naive: MAE %.4f, "
                + "MASE %s; ETS: MAE %.4f, MASE %s; Theta: MAE %.4f, MASE %s)", origins, horizon, mae,
                ForecastSummary.number(mase), seasonalNaive.mae(), ForecastSummary.number(seasonalNaive.mase()),
                ets.mae(), ForecastSummary.number(ets.mase()), theta.mae(), ForecastSummary.number(theta.mase()))
                + (coverage == null ? "" : String.format(Locale.ROOT, "; intervals held %.1f%% of the values",
                100 * coverage));
    }

    /**
     * A baseline's errors averaged over the targets.
     *
     * @param mae   mean MAE
     * @param rmse  mean RMSE
     * @param smape mean sMAPE, in percent
     * @param mase  mean MASE, or {@code null} (written as {@code null}) when undefined
     */
    public record Baseline(double mae, double rmse, double smape, Double mase) {
    }
}
