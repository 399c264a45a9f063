package dev.seq4j.result;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A text classification run's {@code summary.json}.
 *
 * @param task              {@code textclass}
 * @param status            {@code complete} or {@code pruned}
 * @param stopReason        why training stopped
 * @param epochs            epochs trained
 * @param bestEpoch         the epoch whose model was kept
 * @param model             the network's settings and size
 * @param labels            the classes, in the model's output order
 * @param validAccuracy     the best model's validation accuracy
 * @param validMacroF1      its validation macro-F1
 * @param objective         the metric the run was judged by, at the best epoch
 * @param valid             the best model's full validation report
 * @param testAccuracy      its test accuracy, or {@code null} without a test split
 * @param testMacroF1       its test macro-F1, or {@code null}
 * @param test              its full test report, or {@code null}
 * @param baseline          the majority class and the bag-of-words logistic regression
 * @param trivial           what always answering the majority class scores
 * @param warnings          what train warned about (empty for none)
 * @param truncatedTexts    how many texts of each split were cut to {@code data.maxLength}
 * @param trainSeconds      seconds spent in training epochs
 * @param examplesPerSecond training texts per second of training
 * @param runSeconds        seconds of the whole run
 */
public record TextClassSummary(String task, String status, String stopReason, int epochs, int bestEpoch,
                               ClassificationSummary.Model model, List<String> labels, double validAccuracy,
                               double validMacroF1, ObjectiveValue objective, ClassifierReport valid,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Double testAccuracy,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Double testMacroF1,
                               @JsonInclude(JsonInclude.Include.NON_NULL) ClassifierReport test,
                               ClassificationSummary.Baseline baseline, ClassificationSummary.Trivial trivial,
                               @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings,
                               Truncated truncatedTexts, double trainSeconds, double examplesPerSecond,
                               double runSeconds) implements ClassificationSummary {
    /**
     * Compact constructor: a missing list of warnings (a run without any) is an empty one.
     *
     * @param task              the task id
     * @param status            how training ended
     * @param stopReason        why it stopped
     * @param epochs            epochs trained
     * @param bestEpoch         the kept epoch
     * @param model             the network
     * @param labels            the classes
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
     * @param truncatedTexts    texts cut per split
     * @param trainSeconds      training seconds
     * @param examplesPerSecond training throughput
     * @param runSeconds        run seconds
     */
    public TextClassSummary {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /**
     * How many texts of each split were cut to {@code data.maxLength} tokens.
     *
     * @param train training texts cut
     * @param valid validation texts cut
     * @param test  test texts cut
     */
    public record Truncated(int train, int valid, int test) {
    }
}
