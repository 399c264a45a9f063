package dev.seq4j.result;

import java.util.List;
import java.util.Map;

/**
 * A classifier's (or a tagger's per-tag) metrics on one split: accuracy, macro-F1 (every class counts the same, however
 * rare), per-class precision, recall and support, and the confusion matrix.
 *
 * @param accuracy  the share of examples classified right
 * @param macroF1   the mean over classes of F1
 * @param examples  how many examples were scored
 * @param perClass  by label, in the run's label order
 * @param confusion the counts, rows the true class and columns the predicted one
 */
public record ClassifierReport(double accuracy, double macroF1, long examples, Map<String, ClassScore> perClass,
                               Confusion confusion) {
    /**
     * One class's scores.
     *
     * @param precision the share of the examples predicted as the class that are of it (0 when none are predicted)
     * @param recall    the share of the class's examples predicted as it (0 when it has none)
     * @param support   how many examples are of the class
     */
    public record ClassScore(double precision, double recall, long support) {
    }

    /**
     * A confusion matrix, as {@code confusion.json} holds it.
     *
     * @param labels                   the classes, in row (and column) order
     * @param rowsTrueColumnsPredicted {@code [true][predicted]} counts (lists, so that equal matrices are equal)
     */
    public record Confusion(List<String> labels, List<List<Long>> rowsTrueColumnsPredicted) {
        /**
         * A confusion matrix from its counts.
         *
         * @param labels the classes
         * @param counts {@code [true][predicted]} counts
         * @return the matrix
         */
        public static Confusion of(List<String> labels, long[][] counts) {
            return new Confusion(labels, java.util.Arrays.stream(counts)
                    .map(row -> java.util.Arrays.stream(row).boxed().toList()).toList());
        }

        /**
         * One count.
         *
         * @param truth     the true class's index
         * @param predicted the predicted class's index
         * @return how many examples of {@code truth} were predicted as {@code predicted}
         */
        public long count(int truth, int predicted) {
            return rowsTrueColumnsPredicted.get(truth).get(predicted);
        }
    }
}
