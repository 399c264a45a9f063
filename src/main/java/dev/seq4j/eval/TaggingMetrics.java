package dev.seq4j.eval;

import dev.seq4j.data.tagging.TagScheme;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tagger's scores on a set of sentences: token accuracy, accuracy on out-of-vocabulary tokens (words that never
 * occur in the training data), per-tag precision and recall with the confusion matrix (DL4J's
 * {@code Evaluation}, through {@link ClassifierMetrics}), and, where the tags mark spans, span precision, recall
 * and F1 with conlleval's semantics ({@link SpanMetrics}).
 */
public record TaggingMetrics(ClassifierMetrics perTag, SpanMetrics spans, long tokens, long oovTokens, long oovCorrect) {

    /**
     * @param gold      gold tag ids per sentence
     * @param predicted predicted tag ids per sentence
     * @param oov       per token: its word is not in the training data
     */
    public static TaggingMetrics of(List<String> tags, TagScheme scheme, int[][] gold, int[][] predicted, boolean[][] oov) {
        int n = 0;
        for (int[] g : gold) {
            n += g.length;
        }
        int[] truth = new int[n];
        int[] guess = new int[n];
        long oovTokens = 0;
        long oovCorrect = 0;
        SpanMetrics spans = scheme == TagScheme.NONE ? null : new SpanMetrics();
        int k = 0;
        for (int s = 0; s < gold.length; s++) {
            for (int i = 0; i < gold[s].length; i++, k++) {
                truth[k] = gold[s][i];
                guess[k] = predicted[s][i];
                if (oov[s][i]) {
                    oovTokens++;
                    oovCorrect += gold[s][i] == predicted[s][i] ? 1 : 0;
                }
            }
            if (spans != null) {
                spans.add(names(gold[s], tags), names(predicted[s], tags));
            }
        }
        return new TaggingMetrics(ClassifierMetrics.of(truth, guess, tags), spans, n, oovTokens, oovCorrect);
    }

    private static List<String> names(int[] ids, List<String> tags) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            out.add(tags.get(id));
        }
        return out;
    }

    public double tokenAccuracy() {
        return perTag.accuracy();
    }

    /** Accuracy on out-of-vocabulary tokens, or {@code null} when there are none. */
    public Double oovAccuracy() {
        return oovTokens == 0 ? null : (double) oovCorrect / oovTokens;
    }

    /** Span F1, or {@code null} when the tags mark no spans. */
    public Double spanF1() {
        return spans == null ? null : spans.f1();
    }

    /** For JSON: tokenAccuracy, oovAccuracy, spanF1 (when spans), counts, perTag, spans, confusion. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tokenAccuracy", tokenAccuracy());
        out.put("oovAccuracy", oovAccuracy());
        if (spans != null) {
            out.put("spanF1", spans.f1());
        }
        out.put("tokens", tokens);
        out.put("oovTokens", oovTokens);
        out.put("macroF1", perTag.macroF1());
        Map<String, Object> m = perTag.toMap();
        out.put("perTag", m.get("perClass"));
        if (spans != null) {
            out.put("spans", spans.toMap());
        }
        out.put("confusion", m.get("confusion"));
        return out;
    }
}
