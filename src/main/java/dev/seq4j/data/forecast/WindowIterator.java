package dev.seq4j.data.forecast;

import dev.seq4j.data.RowIterator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;

import java.util.List;

/**
 * Minibatches of forecast windows: the inputs (the window {@code [n, F, L]}, and for an encoder-decoder the
 * previous targets {@code [n, targets, H]}) and the labels ({@code [n, targets * H]} or {@code [n, targets, H]}),
 * all of one length, so no masks. Shuffled each epoch (seeded) for training, in order otherwise.
 */
public final class WindowIterator extends RowIterator {
    private final INDArray[] inputs;
    private final INDArray labels;
    private final int batchSize;
    private List<Integer> order;
    private int cursor;

    public WindowIterator(INDArray[] inputs, INDArray labels, int batchSize, long seed, boolean shuffle) {
        super((int) labels.size(0), seed, shuffle);
        this.inputs = inputs;
        this.labels = labels;
        this.batchSize = batchSize;
        reset();
    }

    public int batchCount() {
        return (int) ((labels.size(0) + batchSize - 1) / batchSize);
    }

    private static INDArray rows(INDArray a, long[] rows) {
        INDArrayIndex[] index = new INDArrayIndex[a.rank()];
        index[0] = new SpecifiedIndex(rows);
        for (int d = 1; d < index.length; d++) {
            index[d] = NDArrayIndex.all();
        }
        return a.get(index).dup();
    }

    @Override
    public MultiDataSet next(int num) {
        long[] rows = order.subList(cursor, Math.min(cursor + num, order.size())).stream().mapToLong(i -> i).toArray();
        cursor += rows.length;
        INDArray[] in = new INDArray[inputs.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = rows(inputs[i], rows);
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(in, new INDArray[]{rows(labels, rows)});
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
