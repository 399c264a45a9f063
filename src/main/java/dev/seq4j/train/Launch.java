package dev.seq4j.train;

/**
 * How a training run is started, beside its config: new or resumed, on how many devices, and where.
 *
 * @param resume  continue the interrupted run in the output directory from its last checkpoint
 * @param extend  with {@code resume}: the run may have finished, and the config (with {@code train --resume RUN --set})
 *                gives it more epochs, minutes or patience ({@link dev.seq4j.run.RunDirectory#resume})
 * @param workers data-parallel replicas in this JVM ({@code train --gpus N}); 1 trains one network
 * @param fitter  trains each epoch elsewhere ({@code train --spark MASTER}), or {@code null} for this JVM
 */
public record Launch(boolean resume, boolean extend, int workers, EpochFitter fitter) {
    /** A new run on one device. */
    public static final Launch NEW = new Launch(false, 1, null);

    /** A new or resumed run that is not extended. */
    public Launch(boolean resume, int workers, EpochFitter fitter) {
        this(resume, false, workers, fitter);
    }

    public Launch {
        if (extend && !resume) {
            throw new IllegalArgumentException("only a resumed run is extended");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        if (workers > 1 && fitter != null) {
            throw new IllegalArgumentException("workers and a fitter exclude each other");
        }
    }
}
