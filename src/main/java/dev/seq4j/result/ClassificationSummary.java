package dev.seq4j.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.seq4j.config.ModelSpec;

import java.util.List;
import java.util.Locale;

/**
 * What the classification tasks' summaries ({@link TextClassSummary}, {@link SeriesClassSummary}) have in common: the
 * best model's accuracy and macro-F1 on validation (and test) data next to the baselines', and the headline that
 * compares them.
 */
public interface ClassificationSummary extends Summary {
    /**
     * The classes, in the order of the model's outputs.
     *
     * @return the labels
     */
    List<String> labels();

    /**
     * The best model's accuracy on the validation split.
     *
     * @return the share of validation examples classified right
     */
    double validAccuracy();

    /**
     * The best model's macro-F1 on the validation split.
     *
     * @return the mean over classes of F1
     */
    double validMacroF1();

    /**
     * The best model's accuracy on the test split.
     *
     * @return the share of test examples classified right, or {@code null} without a test split
     */
    Double testAccuracy();

    /**
     * The best model's macro-F1 on the test split.
     *
     * @return the mean over classes of F1, or {@code null} without a test split
     */
    Double testMacroF1();

    /**
     * The baselines, trained on the same split.
     *
     * @return the majority class and the classical model's scores
     */
    Baseline baseline();

    @Override
    default String headline() {
        Baseline b = baseline();
        String line = String.format(Locale.ROOT, "valid: accuracy %.4f, macro-F1 %.4f (%s: accuracy %.4f; "
                        + "majority class: %.4f)", validAccuracy(), validMacroF1(), b.model(), b.validAccuracy(),
                b.majorityValidAccuracy());
        if (testAccuracy() != null) {
            line += String.format(Locale.ROOT, "%ntest: accuracy %.4f, macro-F1 %.4f (%s: accuracy %.4f; "
                            + "majority class: %.4f)", testAccuracy(), testMacroF1(), b.model(), b.testAccuracy(),
                    b.majorityTestAccuracy());
        }
        return line;
    }

    /**
     * The settings that shape a classifier's network, and its size.
     *
     * @param cell          the recurrent cell
     * @param layers        the recurrent layers' widths
     * @param embedding     the token embedding's width, or {@code null} for series (which have none)
     * @param pooling       how the sequence is reduced to one vector
     * @param bidirectional how the layers read in both directions, or {@code none}
     * @param parameters    the number of trainable parameters
     */
    record Model(ModelSpec.Cell cell, List<Integer> layers, @JsonInclude(JsonInclude.Include.NON_NULL) Integer embedding,
                 ModelSpec.Pooling pooling, ModelSpec.Direction bidirectional, long parameters) {
    }

    /**
     * The baselines: always answering the training set's majority class, and a classical model on the same split.
     *
     * @param majorityClass         the training set's most frequent class
     * @param majorityValidAccuracy its share of the validation split
     * @param model                 the classical model, e.g. {@code bag-of-words logistic regression}
     * @param validAccuracy         the classical model's validation accuracy
     * @param validMacroF1          its validation macro-F1
     * @param testAccuracy          its test accuracy, or {@code null} without a test split
     * @param testMacroF1           its test macro-F1, or {@code null}
     * @param majorityTestAccuracy  the majority class's share of the test split, or {@code null}
     */
    record Baseline(String majorityClass, double majorityValidAccuracy, String model, double validAccuracy,
                    double validMacroF1, @JsonInclude(JsonInclude.Include.NON_NULL) Double testAccuracy,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Double testMacroF1,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Double majorityTestAccuracy) {
    }

    /**
     * The trivial model, always answering the majority class: what a model that learned nothing scores.
     *
     * @param model         what it answers
     * @param validAccuracy its validation accuracy
     * @param validMacroF1  its validation macro-F1
     */
    record Trivial(String model, double validAccuracy, double validMacroF1) {
    }
}
