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
 * @param model                 the network's settings and size ({@code parameters} 0 when no network is trained)
 * @param method                how the run forecasts: its network, ETS, Theta or a mean of them, and what
 *                              {@code model.forecaster: auto} compared; {@code null} in a run of a version before
 *                              them (it forecasts with its network)
 * @param intervals             the prediction intervals the run's forecasts carry, and how often they held on the test
 *                              part; {@code null} (not written) when there were no validation origins to make them
 *                              from, or in a run of a version before them
 * @param targets               the forecast columns, in the model's output order
 * @param covariates            the columns the model reads but does not forecast
 * @param season                the season in steps (seasonal naive's lag, MASE's scale)
 * @param missingFilled         how many missing cells {@code data.missing} filled
 * @param validLoss             the best epoch's validation mean squared error (scaled); {@code null} (not written)
 *                              when no network is trained
 * @param objective             the metric the run was judged by, at the best epoch; {@code null} (not written) when no
 *                              network is trained
 * @param testMae               the model's test MAE, averaged over the targets
 * @param testRmse              its test RMSE
 * @param testSmape             its test sMAPE, in percent
 * @param testMase              its test MASE; {@code null} (written as {@code null}) when undefined
 * @param seasonalNaiveTestMase seasonal naive's test MASE; {@code null} (written as {@code null}) when undefined
 * @param seasonalNaiveTestMae  seasonal naive's test MAE
 * @param trivial               what the naive forecast scores
 * @param warnings              what train warned about (empty for none)
 * @param test                  the full test backtest: the model and each baseline, per target
 * @param members               each ensemble member alone; {@code null} (not written) for a single network
 * @param trainSeconds          seconds spent in training epochs
 * @param runSeconds            seconds of the whole run
 */
public record ForecastSummary(String task, String status, String stopReason, int epochs, int bestEpoch, Model model,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Method method,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Intervals intervals,
                              List<String> targets, List<String> covariates, int season, int missingFilled,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Double validLoss,
                              @JsonInclude(JsonInclude.Include.NON_NULL) ObjectiveValue objective, double testMae, double testRmse,
                              double testSmape, Double testMase, Double seasonalNaiveTestMase,
                              double seasonalNaiveTestMae, Trivial trivial,
                              @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings,
                              ForecastBacktest test,
                              @JsonInclude(JsonInclude.Include.NON_NULL) List<Member> members,
                              double trainSeconds, double runSeconds) implements Summary {
    /**
     * Compact constructor: a missing list of warnings (a run without any) is an empty one.
     *
     * @param task                  the task id
     * @param status                how training ended
     * @param stopReason            why it stopped
     * @param epochs                epochs trained
     * @param bestEpoch             the kept epoch
     * @param model                 the network
     * @param method                the forecast method
     * @param intervals             the prediction intervals
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
     * @param members               the ensemble's members, or {@code null}
     * @param trainSeconds          training seconds
     * @param runSeconds            run seconds
     */
    public ForecastSummary {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    @Override
    public String headline() {
        String classical = test == null || test.ets() == null || test.theta() == null ? ""
                : String.format(Locale.ROOT, "; ETS: MAE %.4f, MASE %s; Theta: MAE %.4f, MASE %s", test.ets().mae(),
                number(test.ets().mase()), test.theta().mae(), number(test.theta().mase()));
        String forecaster = method == null || method.name().equals(dev.seq4j.eval.ForecastMethod.NETWORK) ? ""
                : "forecaster: " + method.name() + (method.validation() == null ? "" : " (validation MASE: "
                + method.validation().entrySet().stream().map(e -> e.getKey() + String.format(Locale.ROOT, " %.4f",
                e.getValue())).collect(java.util.stream.Collectors.joining(", ")) + ")") + "%n";
        String valid = validLoss == null ? "" : String.format(Locale.ROOT, "valid: mse %.4f (scaled)%n", validLoss);
        String covered = intervals == null ? "" : String.format(Locale.ROOT, "%n%.0f%% intervals (from %d %s "
                + "origins%s) held %.1f%% of the test values", 100 * intervals.level(), intervals.origins(),
                intervals.from(), intervals.relativeHalfWidth() == null ? "" : ", relative to the level",
                100 * intervals.testCoverage());
        return String.format(Locale.ROOT, forecaster + "%stest: MAE %.4f, RMSE %.4f, sMAPE %.2f%%, MASE %s "
                        + "(seasonal naive: MAE %.4f, MASE %s%s)%s", valid, testMae, testRmse, testSmape,
                number(testMase), seasonalNaiveTestMae, number(seasonalNaiveTestMase), classical, covered);
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
     * @param parameters    the number of trainable parameters (each member's, for an ensemble)
     * @param ensemble      how many networks forecast together, their outputs averaged ({@code model.ensemble});
     *                      written only above 1, so a single network's summary keeps the keys it always had
     */
    public record Model(ModelSpec.Cell cell, List<Integer> layers, ModelSpec.Direction bidirectional,
                        long parameters,
                        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = One.class) int ensemble) {
        /**
         * A summary without {@code ensemble} (one network, or written before ensembles) reads as 1.
         *
         * @param cell          the cell
         * @param layers        the layers' widths
         * @param bidirectional the directions
         * @param parameters    the parameters
         * @param ensemble      the networks, 0 read as 1
         */
        public Model {
            ensemble = Math.max(1, ensemble);
        }
    }

    /** Jackson's value filter that leaves out a {@code model.ensemble} of 1: {@code equals} is true for it. */
    static final class One {
        @Override
        public boolean equals(Object value) {
            return Integer.valueOf(1).equals(value);
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    /**
     * One ensemble member alone, to compare with the ensemble.
     *
     * @param member     its number, from 1
     * @param directory  its directory in the run ({@code .} for the first)
     * @param seed       its seed
     * @param epochs     epochs it trained
     * @param bestEpoch  the epoch whose model it kept
     * @param stopReason why it stopped
     * @param validLoss  its own validation loss ({@code null}, not written, without validation windows)
     * @param testMase   its own network's test MASE; {@code null} (written as {@code null}) when undefined
     */
    public record Member(int member, String directory, long seed, int epochs, int bestEpoch, String stopReason,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double validLoss, Double testMase) {
    }

    /**
     * This summary with its ensemble's members.
     *
     * @param members each member alone
     * @return the summary with them
     */
    public ForecastSummary withMembers(List<Member> members) {
        return new ForecastSummary(task, status, stopReason, epochs, bestEpoch, model, method, intervals, targets,
                covariates, season, missingFilled, validLoss, objective, testMae, testRmse, testSmape, testMase,
                seasonalNaiveTestMase, seasonalNaiveTestMae, trivial, warnings, test, members, trainSeconds,
                runSeconds);
    }

    /**
     * How a run forecasts.
     *
     * @param name              the method: {@code network}, {@code ets}, {@code theta}, {@code seasonalNaive}, or a
     *                          mean of them joined by {@code +}; where {@code auto} chose differently for the targets
     *                          of a file, each target's in the targets' order joined by {@code |}
     *                          ({@code dev.seq4j.eval.ForecastPlan})
     * @param validationOrigins how many validation origins {@code model.forecaster: auto} compared the candidates on;
     *                          {@code null} (not written) for a method set by the config
     * @param validation        each candidate's MASE over those origins (its MAE where MASE is undefined), the mean
     *                          over the targets; each target's lowest is chosen; {@code null} (not written) for a
     *                          method set by the config
     */
    public record Method(String name,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Integer validationOrigins,
                         @JsonInclude(JsonInclude.Include.NON_NULL) java.util.Map<String, Double> validation) {
    }

    /**
     * Prediction intervals made from the run's errors on origins it was not fitted to ({@code eval.Intervals}): the
     * forecast plus or minus a half-width at each step.
     *
     * @param level             the share of values they are made to cover, e.g. 0.9
     * @param origins           how many origins the errors came from
     * @param from              which origins: {@code validation} (a method with a network: its validation origins) or
     *                          {@code history} (ETS, Theta, seasonal naive and their means, refitted at each: up to 48
     *                          origins spread over the steps before the test part)
     * @param halfWidth         by target, the half-width at each step of the horizon for a forecast from the end of
     *                          the training data, in the target's units
     * @param relativeHalfWidth by target whose values are all positive, the half-width at each step as a fraction of
     *                          its last value before the forecast (the one used at any origin); {@code null} (not
     *                          written) when no target is
     * @param relativeLevelFloor by target with a relative half-width, its smallest value before the test part: the
     *                          level its band is scaled by when the last value before a forecast is 0 or below;
     *                          {@code null} (not written) when no target is relative
     * @param testCoverage      the share of the test values that fell inside them
     */
    public record Intervals(double level, int origins, String from, java.util.Map<String, double[]> halfWidth,
                            @JsonInclude(JsonInclude.Include.NON_NULL)
                            java.util.Map<String, double[]> relativeHalfWidth,
                            @JsonInclude(JsonInclude.Include.NON_NULL)
                            java.util.Map<String, Double> relativeLevelFloor,
                            double testCoverage) {
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
