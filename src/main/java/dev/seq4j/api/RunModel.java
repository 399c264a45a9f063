package dev.seq4j.api;

import dev.seq4j.config.RunConfig;
import dev.seq4j.result.Summary;
import dev.seq4j.run.RunDirectory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** What every loaded model holds: its run directory, config and summary. */
abstract class RunModel implements TrainedModel {
    private final RunDirectory run;
    private final RunConfig config;
    private final Summary summary;
    private final dev.seq4j.result.Origin origin;

    RunModel(RunDirectory run, RunConfig config) {
        this.run = run;
        this.config = config;
        this.summary = dev.seq4j.task.Tasks.summary(run);
        this.origin = dev.seq4j.task.Tasks.origin(run);
    }

    @Override
    public String task() {
        return config.task();
    }

    @Override
    public Path runDirectory() {
        return run.root();
    }

    @Override
    public RunConfig config() {
        return config;
    }

    @Override
    public Summary summary() {
        return summary;
    }

    @Override
    public java.util.Optional<dev.seq4j.result.Origin> origin() {
        return java.util.Optional.ofNullable(origin);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + task() + " run " + run.root() + "]";
    }

    /** {@code inputs} with no null list and no null element; {@code what} names them in the error. */
    static <T> List<T> checked(List<T> inputs, String what) {
        Objects.requireNonNull(inputs, what);
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) == null) {
                throw new InputException(what, i, "is null");
            }
        }
        return inputs;
    }

    /** {@code batch} applied to consecutive slices of at most {@link #MAX_BATCH} inputs; the outputs in order. */
    static <T, R> List<R> inBatches(List<T> inputs, Function<List<T>, List<R>> batch) {
        List<R> out = new ArrayList<>(inputs.size());
        for (int from = 0; from < inputs.size(); from += MAX_BATCH) {
            out.addAll(batch.apply(inputs.subList(from, Math.min(from + MAX_BATCH, inputs.size()))));
        }
        return out;
    }

    /** A beam width argument: 1..100, or 0 for {@code own}. */
    static int beam(int beam, int own) {
        if (beam < 0 || beam > 100) {
            throw new dev.seq4j.UserException("beam: must be in 1..100 (0: the run's own), got " + beam);
        }
        return beam == 0 ? own : beam;
    }
}
