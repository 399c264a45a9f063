package dev.seq4j.train;

import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.util.function.LongSupplier;

/**
 * One epoch of a training iterator, cut short when the wall-clock deadline passes or after
 * {@code maxBatches} minibatches (smoke mode). Batches are handed over in the training thread (no
 * prefetch) so the count the progress bar shows is exact.
 */
final class Budget implements MultiDataSetIterator {
    private final MultiDataSetIterator delegate;
    private final long deadlineNanos;
    private final int maxBatches;
    private final LongSupplier clock;
    private BatchListener onBatch;
    private final java.util.function.BooleanSupplier halt;
    private final boolean async;
    private int batches;
    private long tokens;
    private long examples;
    private boolean expired;
    private long dataNanos;

    /**
     * @param deadlineNanos {@link System#nanoTime()} after which no batch starts; {@code Long.MAX_VALUE} for none
     * @param maxBatches    batches per epoch at most; 0 for all
     * @param onBatch       told of each batch as it is handed over
     * @param halt          ends the epoch at once when true (the loss diverged)
     * @param async         whether a consumer may prefetch from another thread (ParallelWrapper's prefetch)
     */
    Budget(MultiDataSetIterator delegate, long deadlineNanos, int maxBatches, LongSupplier clock, BatchListener onBatch,
           java.util.function.BooleanSupplier halt, boolean async) {
        this.halt = halt;
        this.async = async;
        this.delegate = delegate;
        this.deadlineNanos = deadlineNanos;
        this.maxBatches = maxBatches;
        this.clock = clock;
        this.onBatch = onBatch;
    }

    /** Progress of an epoch. */
    interface BatchListener {
        /**
         * @param batches 1-based number of the batch being handed over
         * @param tokens   target tokens in all batches handed over so far, this one included
         * @param examples examples (rows) in them
         */
        void handedOver(int batches, long tokens, long examples);
    }

    /** True when the epoch ended because the deadline passed. */
    boolean expired() {
        return expired;
    }

    int batches() {
        return batches;
    }

    /** Seconds spent waiting for the iterator (making batches) since the last reset. */
    double dataSeconds() {
        return dataNanos / 1e9;
    }

    /** Target tokens handed over: the label mask's sum, or every step when there is no mask. */
    long tokens() {
        return tokens;
    }

    /** Examples (minibatch rows) handed over. */
    long examples() {
        return examples;
    }

    @Override
    public boolean hasNext() {
        if ((maxBatches > 0 && batches >= maxBatches) || halt.getAsBoolean()) {
            return false;
        }
        if (clock.getAsLong() - deadlineNanos > 0) {
            expired = true;
            return false;
        }
        long start = clock.getAsLong();
        boolean more = delegate.hasNext();
        dataNanos += clock.getAsLong() - start;
        return more;
    }

    @Override
    public MultiDataSet next() {
        long start = clock.getAsLong();
        MultiDataSet batch = delegate.next();
        dataNanos += clock.getAsLong() - start;
        batches++;
        var mask = batch.getLabelsMaskArray(0);
        tokens += mask != null ? mask.sumNumber().longValue()
                : batch.getLabels(0).rank() == 3 ? batch.getLabels(0).size(0) * batch.getLabels(0).size(2)
                : batch.getLabels(0).size(0);
        examples += batch.getLabels(0).size(0);
        onBatch.handedOver(batches, tokens, examples);
        return batch;
    }

    /**
     * Takes the first {@code n} minibatches of the epoch without handing them over (a resume from a mid-epoch
     * checkpoint, whose network has fitted them), counted as {@link #next} counts them.
     */
    void skip(int n) {
        BatchListener told = onBatch;
        onBatch = (b, t, e) -> { };
        try {
            for (int i = 0; i < n && delegate.hasNext(); i++) {
                next();
            }
        } finally {
            onBatch = told;
        }
    }

    @Override
    public MultiDataSet next(int num) {
        throw new UnsupportedOperationException("next(num) is not supported");
    }

    @Override
    public void reset() {
        delegate.reset();
        dataNanos = 0;
        batches = 0;
        tokens = 0;
        examples = 0;
        expired = false;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return async;
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        delegate.setPreProcessor(preProcessor);
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return delegate.getPreProcessor();
    }
}
