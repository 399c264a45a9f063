package dev.seq4j.eval;

import dev.seq4j.result.SequenceScores;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores of generated token sequences against one reference each, accumulated over a corpus:
 * <ul>
 * <li>exact match: the share of outputs equal to their reference, token for token;</li>
 * <li>word error rate, as grapheme-to-phoneme work uses it: the share of outputs that are not exactly right
 * ({@code 1 - exactMatch});</li>
 * <li>token error rate: the Levenshtein distance over tokens (insertions, deletions, substitutions), summed
 * over the corpus and divided by the summed reference length;</li>
 * <li>corpus BLEU-4 (Papineni et al. 2002): the geometric mean of the clipped 1- to 4-gram precisions, pooled over
 * the corpus, times the brevity penalty {@code exp(1 - r / c)} when the outputs are shorter in all than the
 * references. Without smoothing: a corpus with no matching n-gram of some order scores 0.</li>
 * </ul>
 */
public final class SequenceMetrics {
    private static final int ORDER = 4;

    private long outputs;
    private long exact;
    private long edits;
    private long referenceTokens;
    private long outputTokens;
    private final long[] matches = new long[ORDER];
    private final long[] candidates = new long[ORDER];

    /** Adds one output and its reference. */
    public void add(List<String> output, List<String> reference) {
        outputs++;
        exact += output.equals(reference) ? 1 : 0;
        edits += editDistance(output, reference);
        referenceTokens += reference.size();
        outputTokens += output.size();
        for (int n = 1; n <= ORDER; n++) {
            Map<List<String>, Integer> ref = ngrams(reference, n);
            for (Map.Entry<List<String>, Integer> e : ngrams(output, n).entrySet()) {
                matches[n - 1] += Math.min(e.getValue(), ref.getOrDefault(e.getKey(), 0));
                candidates[n - 1] += e.getValue();
            }
        }
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> out = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            out.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
        }
        return out;
    }

    /** Levenshtein distance between two token sequences. */
    public static int editDistance(List<String> a, List<String> b) {
        int[] previous = new int[b.size() + 1];
        int[] current = new int[b.size() + 1];
        for (int j = 0; j <= b.size(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.size(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.size(); j++) {
                int substitute = previous[j - 1] + (a.get(i - 1).equals(b.get(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.size()];
    }

    public long count() {
        return outputs;
    }

    public double exactMatch() {
        return outputs == 0 ? 0 : (double) exact / outputs;
    }

    public double wordErrorRate() {
        return 1 - exactMatch();
    }

    public double tokenErrorRate() {
        return referenceTokens == 0 ? 0 : (double) edits / referenceTokens;
    }

    public double bleu() {
        double logSum = 0;
        for (int n = 0; n < ORDER; n++) {
            if (matches[n] == 0 || candidates[n] == 0) {
                return 0;
            }
            logSum += Math.log((double) matches[n] / candidates[n]);
        }
        double brevity = outputTokens >= referenceTokens ? 1 : Math.exp(1 - (double) referenceTokens / outputTokens);
        return brevity * Math.exp(logSum / ORDER);
    }

    /** The four scores and the {@code count} of outputs, as {@code eval} reports them. */
    public SequenceScores report() {
        return new SequenceScores(exactMatch(), wordErrorRate(), tokenErrorRate(), bleu(), outputs);
    }
}
