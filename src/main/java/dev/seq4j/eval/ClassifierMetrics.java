package dev.seq4j.eval;

import dev.seq4j.result.ClassifierReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classification metrics from DL4J's {@link Evaluation}: accuracy, macro-averaged F1 (every class counts the
 * same, however rare), per-class precision and recall, and the confusion matrix (rows: true class, columns:
 * predicted).
 */
public record ClassifierMetrics(List<String> labels, double accuracy, double macroF1, double[] precision,
                                double[] recall, long[][] confusion, long examples) {

    public static ClassifierMetrics of(ComputationGraph net, MultiDataSetIterator data, List<String> labels) {
        Evaluation evaluation = new Evaluation(labels);
        data.reset();
        net.doEvaluation(data, evaluation);
        return from(evaluation, labels);
    }

    /** From true and predicted class ids (for baselines that are not networks). */
    public static ClassifierMetrics of(int[] truth, int[] predicted, List<String> labels) {
        Evaluation evaluation = new Evaluation(labels);
        for (int i = 0; i < truth.length; i++) {
            evaluation.eval(predicted[i], truth[i]); // DL4J's order: eval(predictedIdx, actualIdx)
        }
        return from(evaluation, labels);
    }

    static ClassifierMetrics from(Evaluation e, List<String> labels) {
        int c = labels.size();
        double[] precision = new double[c];
        double[] recall = new double[c];
        long[][] confusion = new long[c][c];
        long n = 0;
        for (int i = 0; i < c; i++) {
            precision[i] = e.precision(i);
            recall[i] = e.recall(i);
            for (int j = 0; j < c; j++) {
                confusion[i][j] = e.getConfusionMatrix().getCount(i, j);
                n += confusion[i][j];
            }
        }
        // DL4J's f1(Macro) is the positive class's F1 when there are two classes; average the per-class F1 ourselves
        double macroF1 = 0;
        for (int i = 0; i < c; i++) {
            macroF1 += precision[i] + recall[i] == 0 ? 0 : 2 * precision[i] * recall[i] / (precision[i] + recall[i]);
        }
        return new ClassifierMetrics(labels, e.accuracy(), macroF1 / c, precision, recall, confusion, n);
    }

    /** The report a summary holds: accuracy, macro-F1, per-class precision, recall and support, the confusion matrix. */
    public ClassifierReport report() {
        Map<String, ClassifierReport.ClassScore> perClass = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            perClass.put(labels.get(i), new ClassifierReport.ClassScore(precision[i], recall[i],
                    java.util.Arrays.stream(confusion[i]).sum()));
        }
        return new ClassifierReport(accuracy, macroF1, examples, perClass,
                ClassifierReport.Confusion.of(labels, confusion));
    }

    /** Index of the largest value in each row of {@code [n, C]} probabilities. */
    public static int[] argmax(INDArray probabilities) {
        return probabilities.argMax(1).toIntVector();
    }
}
