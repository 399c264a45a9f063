package dev.seq4j.eval;

import dev.seq4j.data.tagging.TagScheme;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Span precision, recall and F1 with conlleval's semantics: spans are read from each sentence's gold and
 * predicted tags by {@link TagScheme#spans}, and a predicted span is correct when a gold span has the same
 * first token, last token and type. Precision is correct / predicted, recall correct / gold, F1 their harmonic
 * mean (0 where undefined), overall and per type.
 */
public final class SpanMetrics {
    private final Map<String, long[]> byType = new TreeMap<>(); // type -> {gold, predicted, correct}

    /** Adds one sentence. */
    public void add(List<String> gold, List<String> predicted) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException("gold has " + gold.size() + " tags, predicted " + predicted.size());
        }
        Set<TagScheme.Span> goldSpans = new HashSet<>(TagScheme.spans(gold));
        for (TagScheme.Span s : goldSpans) {
            counts(s.type())[0]++;
        }
        for (TagScheme.Span s : new HashSet<>(TagScheme.spans(predicted))) {
            long[] c = counts(s.type());
            c[1]++;
            if (goldSpans.contains(s)) {
                c[2]++;
            }
        }
    }

    private long[] counts(String type) {
        return byType.computeIfAbsent(type, t -> new long[3]);
    }

    public long gold() {
        return total(0);
    }

    public long predicted() {
        return total(1);
    }

    public long correct() {
        return total(2);
    }

    private long total(int i) {
        return byType.values().stream().mapToLong(c -> c[i]).sum();
    }

    public double precision() {
        return ratio(correct(), predicted());
    }

    public double recall() {
        return ratio(correct(), gold());
    }

    public double f1() {
        return f1(precision(), recall());
    }

    public Set<String> types() {
        return new TreeSet<>(byType.keySet());
    }

    /** {@code precision, recall, f1, gold, predicted, correct} overall, then {@code byType} with the same keys. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = row(gold(), predicted(), correct());
        Map<String, Object> types = new LinkedHashMap<>();
        byType.forEach((type, c) -> types.put(type, row(c[0], c[1], c[2])));
        out.put("byType", types);
        return out;
    }

    private static Map<String, Object> row(long gold, long predicted, long correct) {
        Map<String, Object> out = new LinkedHashMap<>();
        double p = ratio(correct, predicted);
        double r = ratio(correct, gold);
        out.put("precision", p);
        out.put("recall", r);
        out.put("f1", f1(p, r));
        out.put("gold", gold);
        out.put("predicted", predicted);
        out.put("correct", correct);
        return out;
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }

    private static double f1(double p, double r) {
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
