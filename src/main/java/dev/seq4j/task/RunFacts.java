package dev.seq4j.task;

import dev.seq4j.result.ObjectiveValue;
import dev.seq4j.train.Objective;
import dev.seq4j.train.Trainer;

/**
 * What {@link Tasks#train} knows about every finished run, handed to {@link Training#summarise} so that a task's
 * summary record states it: how training ended, how long it took, and the objective at the best epoch.
 *
 * @param task    the task id
 * @param result  what the trainer returned
 * @param started {@link System#nanoTime} when {@code train} began reading the data
 */
public record RunFacts(String task, Trainer.Result result, long started) {
    /** {@code complete}, or {@code pruned} when a sweep stopped the trial. */
    public String status() {
        return result.pruned() ? "pruned" : "complete";
    }

    /** Why training stopped. */
    public String stopReason() {
        return result.stopReason();
    }

    /** Epochs trained. */
    public int epochs() {
        return result.epochs().size();
    }

    /** The 1-based epoch whose model was kept. */
    public int bestEpoch() {
        return result.bestEpoch();
    }

    /** Seconds spent in the training epochs. */
    public double trainSeconds() {
        return result.trainSeconds();
    }

    /** What the trainer counted (tokens, texts, series) per second of training. */
    public double rate() {
        return result.tokens() / Math.max(result.trainSeconds(), 1e-9);
    }

    /** The objective of the best epoch, which sweeps rank by. */
    public ObjectiveValue objective(Objective objective) {
        return new ObjectiveValue(objective.metric(), objective.minimize(),
                result.epochs().get(result.bestEpoch() - 1).valid().get(objective.metric()));
    }

    /**
     * Seconds since {@code train} began: the whole run as train sees it (data, training, validation, baselines), not
     * JVM start-up. Call it last, when the summary is made.
     */
    public double runSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }
}
