package dev.seq4j.train;

/**
 * How a training run is started, beside its config: new or resumed, on how many devices, and where.
 *
 * @param resume  continue the interrupted run in the output directory from its last checkpoint
 * @param workers data-parallel replicas in this JVM ({@code train --gpus N}); 1 trains one network
 * @param fitter  trains each epoch elsewhere ({@code train --spark MASTER}), or {@code null} for this JVM
 */
public record Launch(boolean resume, int workers, EpochFitter fitter) {
    /** A new run on one device. */
    public static final Launch NEW = new Launch(false, 1, null);

    public Launch {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        if (workers > 1 && fitter != null) {
            throw new IllegalArgumentException("workers and a fitter exclude each other");
        }
    }
}
