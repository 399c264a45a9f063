package dev.seq4j.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.seq4j.config.ModelSpec;

import java.util.List;
import java.util.Locale;

/**
 * A forecasting run's {@code summary.json}: the best model's rolling-origin backtest on the test origins next to the
 * naive, seasonal-naive and drift forecasts of the same steps.
 *
 * @param task                  {@code forecast}
 * @param status                {@code complete} or {@code pruned}
 * @param stopReason            why training stopped
 * @param epochs                epochs trained
 * @param bestEpoch             the epoch whose model was kept
 * @param model                 the network's settings and size
 * @param targets               the forecast columns, in the model's output order
 * @param covariates            the columns the model reads but does not forecast
 * @param season                the season in steps (seasonal naive's lag, MASE's scale)
 * @param missingFilled         how many missing cells {@code data.missing} filled
 * @param validLoss             the best epoch's validation mean squared error (scaled)
 * @param objective             the metric the run was judged by, at the best epoch
 * @param testMae               the model's test MAE, averaged over the targets
 * @param testRmse              its test RMSE
 * @param testSmape             its test sMAPE, in percent
 * @param testMase              its test MASE; {@code null} (written as {@code null}) when undefined
 * @param seasonalNaiveTestMase seasonal naive's test MASE; {@code null} (written as {@code null}) when undefined
 * @param seasonalNaiveTestMae  seasonal naive's test MAE
 * @param trivial               what the naive forecast scores
 * @param warnings              what train warned about (empty for none)
 * @param test                  the full test backtest: the model and each baseline, per target
 * @param trainSeconds          seconds spent in training epochs
 * @param runSeconds            seconds of the whole run
 */
public record ForecastSummary(String task, String status, String stopReason, int epochs, int bestEpoch, Model model,
                              List<String> targets, List<String> covariates, int season, int missingFilled,
                              double validLoss, ObjectiveValue objective, double testMae, double testRmse,
                              double testSmape, Double testMase, Double seasonalNaiveTestMase,
                              double seasonalNaiveTestMae, Trivial trivial,
                              @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings,
                              ForecastBacktest test, double trainSeconds, double runSeconds) implements Summary {
    /**
     * Compact constructor: a missing list of warnings (a run without any) is an empty one.
     *
     * @param task                  the task id
     * @param status                how training ended
     * @param stopReason            why it stopped
     * @param epochs                epochs trained
     * @param bestEpoch             the kept epoch
     * @param model                 the network
     * @param targets               the targets
     * @param covariates            the covariates
     * @param season                the season
     * @param missingFilled         the filled cells
     * @param validLoss             the validation loss
     * @param objective             the objective
     * @param testMae               test MAE
     * @param testRmse              test RMSE
     * @param testSmape             test sMAPE
     * @param testMase              test MASE or {@code null}
     * @param seasonalNaiveTestMase seasonal naive's test MASE or {@code null}
     * @param seasonalNaiveTestMae  seasonal naive's test MAE
     * @param trivial               the trivial model
     * @param warnings              the warnings
     * @param test                  the backtest
     * @param trainSeconds          training seconds
     * @param runSeconds            run seconds
     */
    public ForecastSummary {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    @Override
    public String headline() {
        return String.format(Locale.ROOT, "valid: mse %.4f (scaled)%ntest: MAE %.4f, RMSE %.4f, sMAPE %.2f%%, MASE %s "
                        + "(seasonal naive: MAE %.4f, MASE %s)", validLoss, testMae, testRmse, testSmape,
                number(testMase), seasonalNaiveTestMae, number(seasonalNaiveTestMase));
    }

    /** A MASE to print: four decimals, or why there is none. */
    static String number(Double mase) {
        return mase == null ? "undefined (constant training series)" : String.format(Locale.ROOT, "%.4f", mase);
    }

    /**
     * The settings that shape a forecaster's network, and its size (a forecaster reads the last step: no pooling).
     *
     * @param cell          the recurrent cell
     * @param layers        the recurrent layers' widths
     * @param bidirectional how the layers read in both directions, or {@code none}
     * @param parameters    the number of trainable parameters
     */
    public record Model(ModelSpec.Cell cell, List<Integer> layers, ModelSpec.Direction bidirectional,
                        long parameters) {
    }

    /**
     * The trivial model, the naive forecast: what a model that learned nothing scores.
     *
     * @param model   what it forecasts
     * @param testMae its test MAE on the same backtest
     */
    public record Trivial(String model, double testMae) {
    }
}
