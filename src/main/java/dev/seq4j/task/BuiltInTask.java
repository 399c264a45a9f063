package dev.seq4j.task;

import dev.seq4j.api.TrainedModel;
import dev.seq4j.config.DataSpec;
import dev.seq4j.config.TaskOption;
import dev.seq4j.result.Summary;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.train.Objective;

import java.util.Set;
import java.util.function.Function;

/** What the seven built-in tasks declare about themselves, held once: each passes its facts to this constructor. */
abstract class BuiltInTask implements SequenceTask {
    private final String id;
    private final Class<? extends DataSpec> dataSpec;
    private final Set<TaskOption> options;
    private final Objective objective;
    private final Class<? extends TrainedModel> modelType;
    private final Function<RunDirectory, ? extends TrainedModel> loader;
    private final String command;
    private final Class<? extends Summary> summaryType;

    /**
     * @param loader  reads a finished run as {@code modelType} (a {@code dev.seq4j.api.RunModels} factory)
     * @param command the command that uses a finished run, e.g. {@code tag}; empty for {@code predict}
     * @param summaryType the record of the task's {@code summary.json}
     */
    BuiltInTask(String id, Class<? extends DataSpec> dataSpec, Set<TaskOption> options, Objective objective,
                Class<? extends TrainedModel> modelType, Function<RunDirectory, ? extends TrainedModel> loader,
                String command, Class<? extends Summary> summaryType) {
        this.id = id;
        this.dataSpec = dataSpec;
        this.options = Set.copyOf(options);
        this.objective = objective;
        this.modelType = modelType;
        this.loader = loader;
        this.command = command;
        this.summaryType = summaryType;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Class<? extends DataSpec> dataSpec() {
        return dataSpec;
    }

    @Override
    public final Set<TaskOption> options() {
        return options;
    }

    @Override
    public final Objective objective() {
        return objective;
    }

    @Override
    public final Class<? extends TrainedModel> modelType() {
        return modelType;
    }

    @Override
    public final TrainedModel load(RunDirectory run) {
        return loader.apply(run);
    }

    @Override
    public final String command() {
        return command;
    }

    @Override
    public final Class<? extends Summary> summaryType() {
        return summaryType;
    }

    @Override
    public String toString() {
        return id;
    }
}
