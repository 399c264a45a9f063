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

    /** Rows sorted by length within windows of this many batches, when batching similar lengths together. */
    private static final int SORT_WINDOW = 50;

    /**
     * A new epoch's rows in batch order, similar lengths together so padding costs little: the shuffled rows are
     * sorted by {@code length} within windows of 50 batches and cut into batches, and the full batches are shuffled
     * again with {@code batchOrder}; a partial batch comes last.
     */
    protected List<Integer> batchedOrder(int batchSize, java.util.function.IntUnaryOperator length, Random batchOrder) {
        List<Integer> order = epochOrder();
        List<List<Integer>> batches = new ArrayList<>();
        int window = SORT_WINDOW * batchSize;
        for (int from = 0; from < order.size(); from += window) {
            List<Integer> chunk = new ArrayList<>(order.subList(from, Math.min(from + window, order.size())));
            chunk.sort(java.util.Comparator.comparingInt(length::applyAsInt));
            for (int b = 0; b < chunk.size(); b += batchSize) {
                batches.add(chunk.subList(b, Math.min(b + batchSize, chunk.size())));
            }
        }
        List<Integer> partial = batches.get(batches.size() - 1).size() < batchSize ? batches.remove(batches.size() - 1) : null;
        Collections.shuffle(batches, batchOrder);
        if (partial != null) {
            batches.add(partial);
        }
        return batches.stream().flatMap(List::stream).toList();
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
