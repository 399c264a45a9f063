package dev.seq4j.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One run, fully resolved: the task, the required seed, and the data, model and train sections with every
 * default filled in. It is written to the run directory as {@code config.yaml} and reads back equal.
 */
@JsonPropertyOrder({"task", "seed", "data", "model", "train"})
public record RunConfig(String task, long seed, DataSpec data, ModelSpec model, TrainSpec train) {
    /** The same config with other data settings (for the same task). */
    public RunConfig withData(DataSpec other) {
        return new RunConfig(task, seed, other, model, train);
    }

    /** The same config with another seed. */
    public RunConfig withSeed(long other) {
        return new RunConfig(task, other, data, model, train);
    }

    /** The config as YAML, as a run's {@code config.yaml} holds it (every key, defaults filled in). */
    public String toYaml() {
        return ConfigLoader.toYaml(this);
    }
}
