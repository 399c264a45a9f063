package dev.seq4j.eval;

import java.util.HashMap;
import java.util.Map;

/**
 * Interpolated Kneser-Ney character n-gram model (Kneser and Ney 1995; Chen and Goodman 1998, section 3.5),
 * the classical baseline a char LM has to beat. The highest order uses raw counts, lower orders use
 * continuation counts (how many distinct characters precede an n-gram), each order has its own absolute
 * discount {@code D = n1 / (n1 + 2 n2)}, and the recursion ends in the uniform distribution over the
 * vocabulary, so every symbol, unseen ones included, has a probability.
 * <p>
 * Symbols are vocabulary indices below 4096; an n-gram is packed into a {@code long}, 12 bits a symbol,
 * with its length in the top bits.
 */
public final class CharNGramModel {
    private static final int BITS = 12;

    private final int order;
    private final int vocabSize;
    /** counts[n]: n-gram -> count (raw for the highest order, continuation for lower). */
    private final Map<Long, Integer>[] counts;
    /** histories[n]: (n-1)-gram history -> {sum of counts[n] over next symbols, number of distinct next symbols}. */
    private final Map<Long, int[]>[] histories;
    private final double[] discount;

    @SuppressWarnings("unchecked")
    private CharNGramModel(int order, int vocabSize) {
        this.order = order;
        this.vocabSize = vocabSize;
        this.counts = new Map[order + 1];
        this.histories = new Map[order + 1];
        this.discount = new double[order + 1];
        for (int n = 1; n <= order; n++) {
            counts[n] = new HashMap<>();
            histories[n] = new HashMap<>();
        }
    }

    /** Counts every n-gram of {@code ids} up to {@code order}. */
    public static CharNGramModel train(int[] ids, int vocabSize, int order) {
        if (order < 1 || order > 5) {
            throw new IllegalArgumentException("order must be 1..5, got " + order);
        }
        if (vocabSize > (1 << BITS)) {
            throw new IllegalArgumentException("vocabulary too large for packed n-grams: " + vocabSize);
        }
        CharNGramModel model = new CharNGramModel(order, vocabSize);
        for (int i = 0; i + order <= ids.length; i++) {
            model.counts[order].merge(pack(ids, i, order), 1, Integer::sum);
        }
        // Lower orders get continuation counts: one for each distinct longer n-gram that ends in them.
        for (int n = order - 1; n >= 1; n--) {
            Map<Long, Integer> lower = model.counts[n];
            for (long gram : model.counts[n + 1].keySet()) {
                lower.merge(suffix(gram, n), 1, Integer::sum);
            }
        }
        for (int n = 1; n <= order; n++) {
            long n1 = 0;
            long n2 = 0;
            for (Map.Entry<Long, Integer> e : model.counts[n].entrySet()) {
                int c = e.getValue();
                if (c == 1) {
                    n1++;
                } else if (c == 2) {
                    n2++;
                }
                int[] h = model.histories[n].computeIfAbsent(prefix(e.getKey(), n), k -> new int[2]);
                h[0] += c;
                h[1] += 1;
            }
            model.discount[n] = n1 + n2 == 0 ? 0.5 : Math.min(0.95, Math.max(0.05, n1 / (double) (n1 + 2 * n2)));
        }
        return model;
    }

    /** Probability of {@code ids[pos]} given up to {@code order - 1} preceding symbols. */
    public double probability(int[] ids, int pos) {
        int context = Math.min(order - 1, pos);
        return probability(ids, pos, context + 1);
    }

    private double probability(int[] ids, int pos, int n) {
        if (n == 0) {
            return 1.0 / vocabSize;
        }
        double lower = probability(ids, pos, n - 1);
        int[] h = histories[n].get(n == 1 ? packLength(0) : pack(ids, pos - n + 1, n - 1));
        if (h == null || h[0] == 0) {
            return lower;
        }
        int c = counts[n].getOrDefault(pack(ids, pos - n + 1, n), 0);
        double d = discount[n];
        return (Math.max(c - d, 0) + d * h[1] * lower) / h[0];
    }

    /** Bits per character over {@code ids[1..]}, each symbol predicted from the ones before it in {@code ids}. */
    public CharLmMetrics evaluate(int[] ids) {
        double nats = 0;
        for (int i = 1; i < ids.length; i++) {
            nats -= Math.log(probability(ids, i));
        }
        return new CharLmMetrics(ids.length - 1L, nats);
    }

    public int order() {
        return order;
    }

    private static long packLength(int n) {
        return (long) n << 60;
    }

    private static long pack(int[] ids, int start, int n) {
        long key = packLength(n);
        for (int i = 0; i < n; i++) {
            key |= (long) ids[start + i] << (BITS * (n - 1 - i));
        }
        return key;
    }

    /** The last {@code n} symbols of an (n+1)-gram. */
    private static long suffix(long gram, int n) {
        long symbols = gram & ((1L << (BITS * n)) - 1);
        return packLength(n) | symbols;
    }

    /** The first {@code n-1} symbols of an n-gram. */
    private static long prefix(long gram, int n) {
        long symbols = (gram & ((1L << 60) - 1)) >>> BITS;
        return packLength(n - 1) | symbols;
    }
}
