package dev.seq4j.eval;

import dev.seq4j.data.tagging.TagScheme;
import dev.seq4j.result.ClassifierReport;
import dev.seq4j.result.TaggingReport;

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
     * Scores in the data's own tags: per-tag metrics are over the tags that occur in {@code gold} or
     * {@code predicted}, sorted.
     *
     * @param gold      the gold tags of each sentence
     * @param predicted the predicted tags of each sentence
     * @param oov       per token: its word is not in the training data
     */
    public static TaggingMetrics of(TagScheme scheme, List<List<String>> gold, List<List<String>> predicted,
                                    boolean[][] oov) {
        java.util.TreeSet<String> seen = new java.util.TreeSet<>();
        gold.forEach(seen::addAll);
        predicted.forEach(seen::addAll);
        List<String> tags = List.copyOf(seen);
        Map<String, Integer> ids = new java.util.HashMap<>();
        for (int i = 0; i < tags.size(); i++) {
            ids.put(tags.get(i), i);
        }
        int n = gold.stream().mapToInt(List::size).sum();
        int[] truth = new int[n];
        int[] guess = new int[n];
        long oovTokens = 0;
        long oovCorrect = 0;
        SpanMetrics spans = scheme == TagScheme.NONE ? null : new SpanMetrics();
        int k = 0;
        for (int s = 0; s < gold.size(); s++) {
            for (int i = 0; i < gold.get(s).size(); i++, k++) {
                truth[k] = ids.get(gold.get(s).get(i));
                guess[k] = ids.get(predicted.get(s).get(i));
                if (oov[s][i]) {
                    oovTokens++;
                    oovCorrect += truth[k] == guess[k] ? 1 : 0;
                }
            }
            if (spans != null) {
                spans.add(gold.get(s), predicted.get(s));
            }
        }
        return new TaggingMetrics(ClassifierMetrics.of(truth, guess, tags), spans, n, oovTokens, oovCorrect);
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

    /** The report a summary and {@code eval} hold: the scores, counts, per-tag scores, spans and confusion matrix. */
    public TaggingReport report() {
        ClassifierReport tags = perTag.report();
        return new TaggingReport(tokenAccuracy(), oovAccuracy(), spanF1(), tokens, oovTokens, perTag.macroF1(),
                tags.perClass(), spans == null ? null : spans.report(), tags.confusion());
    }
}
