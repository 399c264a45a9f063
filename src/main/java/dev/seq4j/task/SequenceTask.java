package dev.seq4j.task;

import dev.seq4j.UserException;
import dev.seq4j.api.TrainedModel;
import dev.seq4j.config.RunConfig;
import dev.seq4j.config.TaskType;
import dev.seq4j.result.Evaluation;
import dev.seq4j.result.Summary;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.train.Objective;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * One kind of sequence task, end to end: the data it reads and checks, the network it trains (through the one
 * skeleton in {@link Tasks#train}), the metric it is judged by, and what a finished run offers (evaluation on new
 * data; its typed model, which predicts). Each built-in task implements this once and is listed in
 * {@code META-INF/services/dev.seq4j.config.TaskType}; a program adds its own with
 * {@link dev.seq4j.config.TaskTypes#register}. Implementations are stateless and thread-safe; what one run needs lives
 * in the {@link Training} that {@link #prepare} returns.
 */
public interface SequenceTask extends TaskType {
    /** The validation metric the task is judged by (early stopping, the best model, sweeps), and its direction. */
    Objective objective();

    /** Reads and checks the config's data without training or writing anything; a problem is a {@link UserException}. */
    void checkData(RunConfig config);

    /**
     * The config with its {@code auto} settings worked out from the data, which becomes the run's saved config; the
     * config itself when it has none.
     */
    default RunConfig resolve(RunConfig config) {
        return config;
    }

    /**
     * Reads and checks the config's data and builds its network(s): everything a run needs before its directory is made,
     * so that bad input leaves nothing behind. Writes nothing but progress notes to {@code console}.
     */
    Training prepare(RunConfig config, PrintWriter console);

    /** {@code eval}: the metrics of a finished run on a data file of this task's format, as the task's record. */
    Evaluation evaluate(RunDirectory run, Path data);

    /** The record of this task's {@code summary.json}, which {@link Tasks#summary} reads it as. */
    Class<? extends Summary> summaryType();

    /** The type of model {@link #load} gives, e.g. {@code TextClassifier}: what {@code Seq4j.load(dir, type)} checks. */
    Class<? extends TrainedModel> modelType();

    /**
     * A finished run of this task as its typed model, read once and checked (a file that does not fit the network is
     * refused, naming it); see {@link dev.seq4j.api.Seq4j#load(Path)}.
     */
    TrainedModel load(RunDirectory run);

    /** The command that uses a finished run of this task, e.g. {@code tag}; empty for none but {@code predict}. */
    default String command() {
        return "";
    }
}
