package dev.seq4j.train;

/**
 * How a training run is started, beside its config: new or resumed, and on how many devices.
 *
 * @param resume  continue the interrupted run in the output directory from its last checkpoint
 * @param workers data-parallel replicas ({@code train --gpus N}); 1 trains one network
 */
public record Launch(boolean resume, int workers) {
    /** A new run on one device. */
    public static final Launch NEW = new Launch(false, 1);

    public Launch {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
    }
}
