package dev.seq4j.task;

import dev.seq4j.run.RunDirectory;
import dev.seq4j.train.Trainer;

import dev.seq4j.result.Summary;

/**
 * One run of a task, prepared by {@link SequenceTask#prepare}: its data read and checked, its network built, nothing
 * written yet. {@link Tasks#train} then makes the run directory and calls, in this order, {@link #writeFiles},
 * {@link #describe}, {@link #fit} and {@link #summarise}; what every task does around them (timing, the run
 * directory, the "no usable model" check, the summary's common keys, finishing the run) it does once for all.
 */
public abstract class Training {
    private InitRun init;

    /**
     * Marks this run as started from {@code init} ({@code train.init}; {@code null} for none), which the skeleton
     * records in the run's {@code versions.json} and {@code summary.json}. A task that reads {@code train.init} calls
     * it on the training it prepares; for one that does not, a config with {@code train.init} is refused.
     */
    protected final Training from(InitRun init) {
        this.init = init;
        return this;
    }

    /** The run this one starts from, or {@code null}. */
    final InitRun init() {
        return init;
    }

    /** The files the run keeps beside its model for later use (vocabularies, labels, scalers). */
    protected abstract void writeFiles(RunDirectory run);

    /** One line for the console about the data and the network, without a line end. */
    protected abstract String describe();

    /**
     * Trains; {@link Fitting#trainer} gives a trainer set up for the run. Returns the run's result (for an ensemble, its
     * first member's).
     */
    protected abstract Trainer.Result fit(Fitting fitting);

    /**
     * The run's summary, the task's record, which the skeleton writes to {@code summary.json}; the run's best model is
     * saved by now ({@code run.model()}). {@code facts} gives what every summary states ({@code status ...
     * runSeconds}); call its {@link RunFacts#runSeconds} last.
     */
    protected abstract Summary summarise(RunDirectory run, RunFacts facts);

    /**
     * Whether the run trains a network; one that does not (a classical forecaster) finishes without epochs, and its
     * run has no {@code model.zip}.
     */
    protected boolean trainsNetwork() {
        return true;
    }

    /** Text to print on standard output once the run is finished (the char LM's generated sample); empty for none. */
    protected String sample() {
        return "";
    }
}
