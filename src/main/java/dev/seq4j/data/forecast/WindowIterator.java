package dev.seq4j.data.forecast;

import dev.seq4j.data.RowIterator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Minibatches of forecast windows: features {@code [mb, F, L]} and labels {@code [mb, targets * horizon]}, all of
 * one length, so no masks. Shuffled each epoch (seeded) for training, in order otherwise.
 */
public final class WindowIterator extends RowIterator {
    private final float[][][] features;
    private final float[][] labels;
    private final int batchSize;
    private List<Integer> order;
    private int cursor;

    public WindowIterator(float[][][] features, float[][] labels, int batchSize, long seed, boolean shuffle) {
        super(features.length, seed, shuffle);
        this.features = features;
        this.labels = labels;
        this.batchSize = batchSize;
        reset();
    }

    public int batchCount() {
        return (features.length + batchSize - 1) / batchSize;
    }

    @Override
    public MultiDataSet next(int num) {
        List<Integer> rows = order.subList(cursor, Math.min(cursor + num, order.size()));
        cursor += rows.size();
        float[][][] f = new float[rows.size()][][];
        float[][] l = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            f[i] = features[rows.get(i)];
            l[i] = labels[rows.get(i)];
        }
        INDArray in = Nd4j.create(f);
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{in}, new INDArray[]{Nd4j.create(l)});
    }

    @Override
    public MultiDataSet next() {
        return next(batchSize);
    }

    @Override
    public boolean hasNext() {
        return cursor < order.size();
    }

    @Override
    public void reset() {
        order = epochOrder();
        cursor = 0;
    }
}
