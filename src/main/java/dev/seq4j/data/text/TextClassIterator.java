package dev.seq4j.data.text;

import org.nd4j.linalg.api.ndarray.INDArray;
import dev.seq4j.data.RowIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Minibatches of encoded texts for a classifier: features {@code [mb, 1, T]} (token ids for an embedding
 * layer), a features mask {@code [mb, T]} (1 for real tokens, aligned at the start, 0 for padding), and
 * one-hot labels {@code [mb, C]}; {@code T} is the longest text in the batch; with char-LM features
 * ({@link TextClassData.Split#context}) a second input {@code [mb, W, T]}, masked alike. The order is shuffled each
 * epoch (seeded), or kept for evaluation.
 */
public final class TextClassIterator extends RowIterator {
    private final TextClassData.Split split;
    private final int classes;
    private final int batchSize;
    private List<Integer> order;
    private int cursor;

    public TextClassIterator(TextClassData.Split split, int classes, int batchSize, long seed, boolean shuffle) {
        super(split.size(), seed, shuffle);
        this.split = split;
        this.classes = classes;
        this.batchSize = batchSize;
        reset();
    }

    public int batchCount() {
        return (split.size() + batchSize - 1) / batchSize;
    }

    @Override
    public org.nd4j.linalg.dataset.api.MultiDataSet next(int num) {
        List<Integer> rows = order.subList(cursor, Math.min(cursor + num, order.size()));
        cursor += rows.size();
        int mb = rows.size();
        int length = rows.stream().mapToInt(r -> split.texts()[r].length).max().orElse(1);
        float[][][] ids = new float[mb][1][length];
        float[][] mask = new float[mb][length];
        float[][] labels = new float[mb][classes];
        for (int i = 0; i < mb; i++) {
            int[] text = split.texts()[rows.get(i)];
            for (int t = 0; t < text.length; t++) {
                ids[i][0][t] = text[t];
                mask[i][t] = 1;
            }
            labels[i][split.classes()[rows.get(i)]] = 1;
        }
        INDArray features = Nd4j.create(ids);
        INDArray featuresMask = Nd4j.create(mask);
        INDArray[] labelArrays = {Nd4j.create(labels)};
        if (split.context() == null) {
            return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{features}, labelArrays,
                    new INDArray[]{featuresMask}, null);
        }
        dev.seq4j.data.RowContext.Batch context = split.context().batch(rows, length, featuresMask);
        return new org.nd4j.linalg.dataset.MultiDataSet(context.featuresAfter(new INDArray[]{features}), labelArrays,
                context.masksAfter(new INDArray[]{featuresMask}), null);
    }

    @Override
    public org.nd4j.linalg.dataset.api.MultiDataSet next() {
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
