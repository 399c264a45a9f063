package dev.seq4j.result;

import java.util.Locale;
import java.util.Map;

/**
 * {@code eval} of a classification run (text or series): the model's metrics on a labelled file next to its
 * classical baseline's.
 *
 * @param task             {@code textclass} or {@code seriesclass}
 * @param data             the file evaluated on
 * @param examples         how many examples it holds
 * @param accuracy         the model's accuracy
 * @param macroF1          the model's macro-F1
 * @param baselineAccuracy the classical baseline's accuracy
 * @param baselineMacroF1  the classical baseline's macro-F1
 * @param baseline         which classical model that is
 * @param perClass         the model's scores per class
 * @param confusion        the model's confusion matrix
 */
public record ClassifierEvaluation(String task, String data, long examples, double accuracy, double macroF1,
                                   double baselineAccuracy, double baselineMacroF1, String baseline,
                                   Map<String, ClassifierReport.ClassScore> perClass,
                                   ClassifierReport.Confusion confusion) implements Evaluation {
    @Override
    public String headline() {
        return String.format(Locale.ROOT, "%,d examples: accuracy %.4f, macro-F1 %.4f (%s: accuracy %.4f, macro-F1 "
                + "%.4f)", examples, accuracy, macroF1, baseline, baselineAccuracy, baselineMacroF1);
    }
}
