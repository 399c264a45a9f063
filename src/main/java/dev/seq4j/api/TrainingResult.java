package dev.seq4j.api;

import java.nio.file.Path;
import java.util.Map;

/**
 * A finished training, as {@link Seq4j#train} returns it.
 *
 * @param runDirectory where the run was written
 * @param summary      the run's summary, as written to its {@code summary.json}: the task's metrics against its
 *                     baselines, the stop reason, the best epoch, timings
 * @param sample       text the char LM generated at the end of training; empty for the other tasks
 */
public record TrainingResult(Path runDirectory, Map<String, Object> summary, String sample) {
    /**
     * Compact constructor: keeps an unmodifiable copy of the summary.
     *
     * @param runDirectory where the run was written
     * @param summary      the run's summary
     * @param sample       the generated sample, or empty
     */
    public TrainingResult {
        summary = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(summary));
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
