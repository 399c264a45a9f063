package dev.seq4j.eval;

import dev.seq4j.data.tagging.TagScheme;
import dev.seq4j.result.SpanReport;

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

    /** The scores overall and per span type (sorted), as a summary and {@code eval} hold them. */
    public SpanReport report() {
        Map<String, SpanReport.TypeScore> types = new LinkedHashMap<>();
        byType.forEach((type, c) -> types.put(type, score(c[0], c[1], c[2])));
        SpanReport.TypeScore all = score(gold(), predicted(), correct());
        return new SpanReport(all.precision(), all.recall(), all.f1(), all.gold(), all.predicted(), all.correct(),
                types);
    }

    private static SpanReport.TypeScore score(long gold, long predicted, long correct) {
        double p = ratio(correct, predicted);
        double r = ratio(correct, gold);
        return new SpanReport.TypeScore(p, r, f1(p, r), gold, predicted, correct);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }

    private static double f1(double p, double r) {
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
