package dev.seq4j.train;

/**
 * What the {@link Trainer}'s loop tells the parts that watch it, in the order they were added: the console's
 * {@link ProgressReport}, the {@link MetricsFile}, the {@link Checkpointer} and the {@link WeightAverage}. The shape is
 * DJL's {@code TrainingListener} (a short fit loop, everything else a listener), cut to the events this loop has.
 * (DL4J's own {@code TrainingListener}s see each minibatch's update inside the network: {@link ScoreMeter} and
 * {@link WeightAverage} are also those.)
 */
interface EpochListener {
    /**
     * Training starts from {@code state}: a new run's (epoch 0, checkpointed), or that of the checkpoint a resumed run
     * goes on from ({@code resumed}).
     */
    default void onTrainingBegin(TrainingState state, boolean resumed) {
    }

    /** Epoch {@code epoch} starts; it fits at most {@code batches} minibatches. */
    default void onEpochStart(int epoch, int batches) {
    }

    /**
     * The epoch just started goes on from a mid-epoch checkpoint: its first {@code batches} minibatches, with
     * {@code tokens} targets in {@code examples} rows, were fitted before, in {@code seconds}; the next one handed over
     * is number {@code batches + 1}.
     */
    default void onEpochResumed(int batches, long tokens, long examples, double seconds) {
    }

    /**
     * A minibatch is handed to the network.
     *
     * @param batch    its 1-based number in the epoch
     * @param tokens   target tokens in the epoch's minibatches so far, this one included
     * @param examples examples (rows) in them
     */
    default void onBatch(int batch, long tokens, long examples) {
    }

    /** The epoch's minibatches are fitted: {@code batches} of them (fewer than planned when its budget ran out). */
    default void onEpochFitted(int batches) {
    }

    /** The epoch of {@code log} is validated and in {@code state} ({@code state.epoch == log.epoch()}). */
    default void onEpochEnd(TrainingState state, EpochLog log, int batches) {
    }

    /** Training ended, normally or by an exception. */
    default void onTrainingEnd() {
    }
}
