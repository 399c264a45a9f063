package dev.seq4j.data;

import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Base of the iterators over rows held in memory (texts, series): each epoch visits every row once, in an order
 * shuffled with a seeded generator for training or kept for evaluation. Batches come out ready (no preprocessor)
 * and cheap to build (no asynchronous prefetch).
 */
public abstract class RowIterator implements MultiDataSetIterator {
    private final int rows;
    private final Random random;
    private final boolean shuffle;

    protected RowIterator(int rows, long seed, boolean shuffle) {
        this.rows = rows;
        this.random = new Random(seed);
        this.shuffle = shuffle;
    }

    /** The row order of a new epoch. */
    protected List<Integer> epochOrder() {
        List<Integer> order = new ArrayList<>(IntStream.range(0, rows).boxed().toList());
        if (shuffle) {
            Collections.shuffle(order, random);
        }
        return order;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException("batches come out ready; preprocess the data before");
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return null;
    }
}
