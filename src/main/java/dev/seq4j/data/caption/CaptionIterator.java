package dev.seq4j.data.caption;

import dev.seq4j.data.RowIterator;
import dev.seq4j.data.pairs.PairsIterator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.Random;

/**
 * Minibatches of captioned images for teacher forcing:
 * <pre>
 * inputs:  image [mb, 3, H, W], previous [mb, 1, Tt] ids (&lt;s&gt; w1 .. wn); masks: none, [mb, Tt]
 * labels:  next [mb, V, Tt] one-hot (w1 .. wn &lt;/s&gt;); mask [mb, Tt]
 * </pre>
 * Shuffled each epoch (seeded) and batched with captions of similar length for training; in order for evaluation.
 */
public final class CaptionIterator extends RowIterator {
    private final CaptionData.Split split;
    private final int vocab;
    private final int batchSize;
    private final boolean shuffle;
    private final Random batchOrder;
    private List<Integer> order;
    private int cursor;
    private double smoothing;

    public CaptionIterator(CaptionData.Split split, int vocab, int batchSize, long seed, boolean shuffle) {
        super(split.size(), seed, shuffle);
        this.split = split;
        this.vocab = vocab;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.batchOrder = new Random(seed + 1);
        reset();
    }

    /** Smooths the labels (see {@link PairsIterator.Targets}). */
    public CaptionIterator labelSmoothing(double eps) {
        this.smoothing = eps;
        return this;
    }

    public int batchCount() {
        return (split.size() + batchSize - 1) / batchSize;
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
        int[] rows = order.subList(cursor, Math.min(cursor + batchSize, order.size())).stream().mapToInt(i -> i).toArray();
        cursor += rows.length;
        long[] r = java.util.Arrays.stream(rows).asLongStream().toArray();
        INDArray images = split.pixels().get(NDArrayIndex.indices(r), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all());
        PairsIterator.Targets t = PairsIterator.Targets.of(split.captions(), rows, vocab, smoothing);
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{images, t.previous()}, new INDArray[]{t.labels()},
                new INDArray[]{null, t.mask()}, new INDArray[]{t.mask()});
    }

    @Override
    public boolean hasNext() {
        return cursor < order.size();
    }

    @Override
    public void reset() {
        order = shuffle ? batchedOrder(batchSize, r -> split.captions().targetIn()[r].length, batchOrder) : epochOrder();
        cursor = 0;
    }
}
