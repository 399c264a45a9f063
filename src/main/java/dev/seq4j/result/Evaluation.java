package dev.seq4j.result;

/**
 * The metrics of a finished run on new data, as {@code seq4j eval} prints them: a task's record (e.g.
 * {@link ClassifierEvaluation}), the model's numbers next to its baseline's on the same file.
 */
public interface Evaluation {
    /**
     * The run's task.
     *
     * @return the task id
     */
    String task();

    /**
     * The data evaluated on.
     *
     * @return the file, as given
     */
    String data();

    /**
     * The key numbers against the baseline, formatted.
     *
     * @return one line (or a few), without a line end
     */
    String headline();
}
