package dev.seq4j.result;

import java.util.List;

/**
 * What training reported about a finished run: {@code summary.json}, as a task's record (e.g.
 * {@link TextClassSummary}). Its JSON keys are the record's components, in order; this interface names the ones every
 * task has.
 */
public interface Summary {
    /**
     * The run's task.
     *
     * @return the task id, as in the run's config
     */
    String task();

    /**
     * How training ended.
     *
     * @return {@code complete}, or {@code pruned} when a sweep stopped the trial early
     */
    String status();

    /**
     * Why training stopped.
     *
     * @return e.g. {@code completed 12 epochs}, or the early-stopping rule that fired
     */
    String stopReason();

    /**
     * How long training ran.
     *
     * @return the number of epochs trained
     */
    int epochs();

    /**
     * Which epoch's model the run kept.
     *
     * @return the 1-based epoch with the best validation objective
     */
    int bestEpoch();

    /**
     * The metric the run was judged by, at its best epoch.
     *
     * @return the objective and its value
     */
    ObjectiveValue objective();

    /**
     * What {@code train} warned about, e.g. a best model worse than the trivial one.
     *
     * @return the warnings, empty for none
     */
    List<String> warnings();

    /**
     * Seconds spent in training epochs.
     *
     * @return wall-clock seconds of the epochs, validation included
     */
    double trainSeconds();

    /**
     * Seconds of the whole run as {@code train} sees it.
     *
     * @return wall-clock seconds from reading the data to writing the summary (not JVM start-up)
     */
    double runSeconds();

    /**
     * The line (or lines) {@code train} prints about the run: its key numbers against its baseline.
     *
     * @return the headline, without a line end
     */
    String headline();
}
