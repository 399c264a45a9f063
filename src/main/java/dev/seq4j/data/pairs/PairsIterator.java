package dev.seq4j.data.pairs;

import dev.seq4j.data.RowIterator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Random;

/**
 * Minibatches of encoded pairs for teacher forcing. Every source of a batch has the same length; targets are padded
 * to the batch's longest and masked after each row's end:
 * <pre>
 * inputs:  source [mb, 1, Ts] ids, previous [mb, 1, Tt] ids (&lt;s&gt; t1 .. tn); masks [mb, Ts] (all ones), [mb, Tt]
 * labels:  next [mb, V, Tt] one-hot (t1 .. tn &lt;/s&gt;); mask [mb, Tt]
 * </pre>
 * Sources are never padded because DL4J's {@code Bidirectional} wrapper reverses a padded sequence whole, so the
 * backward layer would read the padding before the source and train on states that decoding (a source at a time,
 * unpadded) never sees. For training, pairs are shuffled each epoch (seeded), grouped by source length and cut into
 * batches, and the batches shuffled; evaluation takes the groups in order of length. The arrays are built directly
 * rather than through DataVec's {@code RecordReaderMultiDataSetIterator}, which pads every sequence of a batch to
 * the longest of either side.
 */
public final class PairsIterator extends RowIterator {
    private final PairsData.Split split;
    private final int targetVocab;
    private final int batchSize;
    private final boolean shuffle;
    private final Random batchOrder;
    private List<int[]> batches;
    private int cursor;
    private double smoothing;

    public PairsIterator(PairsData.Split split, int targetVocab, int batchSize, long seed, boolean shuffle) {
        super(split.size(), seed, shuffle);
        this.split = split;
        this.targetVocab = targetVocab;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.batchOrder = new Random(seed + 1);
        reset();
    }

    /** Smooths the labels: {@code 1 - eps} on each target token and {@code eps / V} on every token (see {@link Targets}). */
    public PairsIterator labelSmoothing(double eps) {
        this.smoothing = eps;
        return this;
    }

    /** Batches per epoch: each source length's pairs in batches of at most the batch size. */
    public int batchCount() {
        return batches.size();
    }

    @Override
    public MultiDataSet next(int num) {
        if (num != batchSize) {
            throw new UnsupportedOperationException("batches have the size given at construction");
        }
        return next();
    }

    @Override
    public MultiDataSet next() {
        int[] rows = batches.get(cursor++);
        int[][] source = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            source[i] = split.source()[rows[i]];
        }
        INDArray[] src = ids(source);
        Targets t = Targets.of(split, rows, targetVocab, smoothing);
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{src[0], t.previous()}, new INDArray[]{t.labels()},
                new INDArray[]{src[1], t.mask()}, new INDArray[]{t.mask()});
    }

    /** Ids as {@code [n, 1, T]} (T the longest row, shorter rows padded with 0) and the mask {@code [n, T]}. */
    public static INDArray[] ids(int[][] rows) {
        int t = 0;
        for (int[] r : rows) {
            t = Math.max(t, r.length);
        }
        float[] ids = new float[rows.length * t];
        float[] mask = new float[rows.length * t];
        for (int i = 0; i < rows.length; i++) {
            for (int k = 0; k < rows[i].length; k++) {
                ids[i * t + k] = rows[i][k];
                mask[i * t + k] = 1;
            }
        }
        return new INDArray[]{Nd4j.create(ids, new long[]{rows.length, 1, t}, 'c'),
                Nd4j.create(mask, new long[]{rows.length, t}, 'c')};
    }

    /**
     * The decoder side of a batch.
     *
     * @param previous decoder inputs {@code [n, 1, Tt]}
     * @param labels   next tokens {@code [n, V, Tt]}: one-hot, or with label smoothing {@code eps}, {@code 1 - eps + eps/V}
     *                 on the token and {@code eps/V} on every other (zero past each row's end)
     * @param mask     {@code [n, Tt]}
     */
    public record Targets(INDArray previous, INDArray labels, INDArray mask) {
        public static Targets of(PairsData.Split split, int[] rows, int vocab, double smoothing) {
            int[][] in = new int[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                in[i] = split.targetIn()[rows[i]];
            }
            INDArray[] previous = ids(in);
            int t = (int) previous[0].size(2);
            INDArray labels = Nd4j.zeros(DataType.FLOAT, rows.length, vocab, t);
            for (int i = 0; i < rows.length; i++) {
                int[] out = split.targetOut()[rows[i]];
                for (int k = 0; k < out.length; k++) {
                    if (smoothing > 0) {
                        for (int c = 0; c < vocab; c++) {
                            labels.putScalar(i, c, k, smoothing / vocab);
                        }
                    }
                    labels.putScalar(i, out[k], k, 1 - smoothing + smoothing / vocab);
                }
            }
            return new Targets(previous[0], labels, previous[1]);
        }
    }

    @Override
    public boolean hasNext() {
        return cursor < batches.size();
    }

    @Override
    public void reset() {
        java.util.Map<Integer, List<Integer>> byLength = new java.util.TreeMap<>();
        for (int r : epochOrder()) {
            byLength.computeIfAbsent(split.source()[r].length, k -> new java.util.ArrayList<>()).add(r);
        }
        batches = new java.util.ArrayList<>();
        for (List<Integer> group : byLength.values()) {
            for (int from = 0; from < group.size(); from += batchSize) {
                batches.add(group.subList(from, Math.min(from + batchSize, group.size())).stream().mapToInt(i -> i).toArray());
            }
        }
        if (shuffle) {
            java.util.Collections.shuffle(batches, batchOrder);
        }
        cursor = 0;
    }
}
