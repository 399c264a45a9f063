package dev.seq4j.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.seq4j.config.SeriesClassDataSpec;

import java.util.List;

/**
 * A series classification run's {@code summary.json}.
 *
 * @param task              {@code seriesclass}
 * @param status            {@code complete} or {@code pruned}
 * @param stopReason        why training stopped
 * @param epochs            epochs trained
 * @param bestEpoch         the epoch whose model was kept
 * @param model             the network's settings and size
 * @param features          the series' features (columns), in the model's input order
 * @param labels            the classes, in the model's output order
 * @param normalize         how the features were scaled
 * @param validAccuracy     the best model's validation accuracy
 * @param validMacroF1      its validation macro-F1
 * @param objective         the metric the run was judged by, at the best epoch
 * @param valid             the best model's full validation report
 * @param testAccuracy      its test accuracy, or {@code null} without a test split
 * @param testMacroF1       its test macro-F1, or {@code null}
 * @param test              its full test report, or {@code null}
 * @param baseline          the majority class and the bag-of-values logistic regression
 * @param trivial           what always answering the majority class scores
 * @param warnings          what train warned about (empty for none)
 * @param trainSeconds      seconds spent in training epochs
 * @param examplesPerSecond training series per second of training
 * @param runSeconds        seconds of the whole run
 */
public record SeriesClassSummary(String task, String status, String stopReason, int epochs, int bestEpoch,
                                 ClassificationSummary.Model model, List<String> features, List<String> labels,
                                 SeriesClassDataSpec.Normalize normalize, double validAccuracy, double validMacroF1,
                                 ObjectiveValue objective, ClassifierReport valid,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) Double testAccuracy,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) Double testMacroF1,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) ClassifierReport test,
                                 ClassificationSummary.Baseline baseline, ClassificationSummary.Trivial trivial,
                                 @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings,
                                 double trainSeconds, double examplesPerSecond, double runSeconds)
        implements ClassificationSummary {
    /**
     * Compact constructor: a missing list of warnings (a run without any) is an empty one.
     *
     * @param task              the task id
     * @param status            how training ended
     * @param stopReason        why it stopped
     * @param epochs            epochs trained
     * @param bestEpoch         the kept epoch
     * @param model             the network
     * @param features          the features
     * @param labels            the classes
     * @param normalize         the scaling
     * @param validAccuracy     validation accuracy
     * @param validMacroF1      validation macro-F1
     * @param objective         the objective
     * @param valid             the validation report
     * @param testAccuracy      test accuracy or {@code null}
     * @param testMacroF1       test macro-F1 or {@code null}
     * @param test              the test report or {@code null}
     * @param baseline          the baselines
     * @param trivial           the trivial model
     * @param warnings          the warnings
     * @param trainSeconds      training seconds
     * @param examplesPerSecond training throughput
     * @param runSeconds        run seconds
     */
    public SeriesClassSummary {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
