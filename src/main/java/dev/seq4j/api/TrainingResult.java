package dev.seq4j.api;

import dev.seq4j.result.Summary;

import java.nio.file.Path;

/**
 * A finished training, as {@link Seq4j#train} returns it.
 *
 * @param runDirectory where the run was written
 * @param summary      the run's summary, as written to its {@code summary.json}: the task's metrics against its
 *                     baselines, the stop reason, the best epoch, timings
 * @param sample       text the char LM generated at the end of training; empty for the other tasks
 */
public record TrainingResult(Path runDirectory, Summary summary, String sample) {
    /**
     * The summary as its task's record.
     *
     * @param <S>  the record type
     * @param type e.g. {@link dev.seq4j.result.TextClassSummary}
     * @return the summary
     * @throws IllegalArgumentException when the run's task writes another kind of summary
     */
    public <S extends Summary> S summary(Class<S> type) {
        if (!type.isInstance(summary)) {
            throw new IllegalArgumentException("a " + summary.task() + " run's summary is a "
                    + summary.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return type.cast(summary);
    }

    /**
     * The trained model, loaded from the run directory (see {@link Seq4j#load(Path, Class)}).
     *
     * @param <T>  the model type
     * @param type {@link TextClassifier}, ..., or {@link TrainedModel} for any
     * @return the model
     */
    public <T extends TrainedModel> T load(Class<T> type) {
        return Seq4j.load(runDirectory, type);
    }
}
