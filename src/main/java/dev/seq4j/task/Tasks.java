package dev.seq4j.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.RunException;
import dev.seq4j.UserException;
import dev.seq4j.config.ConfigException;
import dev.seq4j.config.RunConfig;
import dev.seq4j.config.TaskType;
import dev.seq4j.config.TaskTypes;
import dev.seq4j.result.Evaluation;
import dev.seq4j.result.Summary;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.run.RunLock;
import dev.seq4j.train.Launch;
import dev.seq4j.train.Trainer;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The tasks by id, and the one training skeleton every task runs through: what the commands that work with any task
 * (train, eval, predict, sweep) call.
 */
public final class Tasks {
    private Tasks() {
    }

    /** The task a config names (see {@link TaskTypes#of}); a {@link ConfigException} on {@code task} if unknown. */
    public static SequenceTask of(String id) {
        TaskType type = TaskTypes.of(id);
        if (!(type instanceof SequenceTask task)) {
            throw new ConfigException("task", "'" + id + "' is known to the config but is not a task seq4j can train ("
                    + type.getClass().getName() + ")");
        }
        return task;
    }

    /** The task of a config or a run's config. */
    public static SequenceTask of(RunConfig config) {
        return of(config.task());
    }

    /** The validation metric the task is judged by, and whether lower is better. */
    public static dev.seq4j.train.Objective objective(String task) {
        return of(task).objective();
    }

    /** Reads and checks the config's data without training; a problem is a {@link dev.seq4j.UserException}. */
    public static void checkData(RunConfig config) {
        of(config).checkData(config);
    }

    /** Trains a new run of the config's task into {@code out}, to the end the config sets; see {@link #train(RunConfig, Path, Launch, PrintWriter, PrintStream, Trainer.StopRule)}. */
    public static TrainedRun train(RunConfig config, Path out, PrintWriter console, PrintStream terminal) {
        return train(config, out, Launch.NEW, console, terminal, (epoch, best) -> null);
    }

    /** Trains a new run of the config's task into {@code out}; see {@link #train(RunConfig, Path, Launch, PrintWriter, PrintStream, Trainer.StopRule)}. */
    public static TrainedRun train(RunConfig config, Path out, PrintWriter console, PrintStream terminal,
                                   Trainer.StopRule stopRule) {
        return train(config, out, Launch.NEW, console, terminal, stopRule);
    }

    /**
     * Trains a run of the config's task into {@code out}, started as {@code launch} says (new or resumed, on one or
     * several devices, on Spark). The data is read and checked and the network built before anything is written, so bad
     * input leaves no directory behind; the run directory is locked while it trains and let go however training ends.
     *
     * @param terminal where live progress goes (an interactive terminal), or {@code null} for none
     * @param stopRule when to stop early besides the config's own rules (a sweep's pruning); {@code (e, b) -> null}
     *                 for never
     */
    public static TrainedRun train(RunConfig asGiven, Path out, Launch launch, PrintWriter console,
                                   PrintStream terminal, Trainer.StopRule stopRule) {
        // the console's lines also go to the run's train.log, those printed before the directory exists first
        dev.seq4j.run.ConsoleLog log = new dev.seq4j.run.ConsoleLog(console);
        PrintWriter lines = log.writer();
        try {
            SequenceTask task = of(asGiven);
            RunConfig config = task.resolve(asGiven);
            if (config.train().dl4jStats()) {
                dev.seq4j.train.Dl4jStats.require("train.dl4jStats");
            }
            long started = System.nanoTime();
            Training training = task.prepare(config, lines);
            dev.seq4j.result.Origin origin = origin(config, training, task);
            if (origin != null && launch.resume()) {
                RunDirectory.checkOrigin(out, origin);
            }
            RunDirectory run = launch.resume() ? RunDirectory.resume(out, config, launch.extend(), origin)
                    : RunDirectory.start(out, config, origin);
            log.attach(run.path(RunDirectory.TRAIN_LOG));
            training.writeFiles(run);
            lines.println(training.describe());
            lines.flush();
            Trainer.Result result = training.fit(new Fitting(config, run, launch, lines, terminal, stopRule));
            if (result.bestEpoch() == 0 && training.trainsNetwork()) {
                throw new RunException("training produced no usable model: " + result.stopReason());
            }
            Summary summary = training.summarise(run, new RunFacts(config.task(), result, started));
            run.finish(summary, origin);
            return new TrainedRun(run, summary, training.sample());
        } finally {
            log.close();
            RunLock.releaseIfHeldByThisThread(out); // finish() let go of it, unless training failed
        }
    }

    /** Where a run of {@code config} starts from ({@code train.init}), or {@code null}; refused for a task that cannot. */
    private static dev.seq4j.result.Origin origin(RunConfig config, Training training, SequenceTask task) {
        if (config.train().init() == null) {
            return null;
        }
        if (training.init() == null) {
            throw new ConfigException(InitRun.KEY, "task '" + task.id() + "' does not start from another run's weights");
        }
        return training.init().origin();
    }

    /** {@code eval}: the task's metrics of a finished run on a data file. */
    public static Evaluation evaluate(RunDirectory run, Path file) {
        return of(run.config()).evaluate(run, file);
    }

    /**
     * A finished run's {@code summary.json} as its task's record. Keys the record does not know (written by a later
     * version) are passed over; a file that does not fit the record is a {@link UserException} naming it.
     */
    public static Summary summary(RunDirectory run) {
        SequenceTask task = of(run.config());
        JsonNode json = run.summary();
        try {
            return SUMMARY_READER.treeToValue(json, task.summaryType());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new UserException(run.path(RunDirectory.SUMMARY) + ": not a summary of a " + task.id() + " run ("
                    + why.lines().findFirst().orElse("") + ")");
        }
    }

    /**
     * Where a finished run started ({@code train.init}): its {@code summary.json}'s {@code init}, or {@code null} for a
     * run trained from scratch; one that does not read as an {@link dev.seq4j.result.Origin} is a
     * {@link UserException} naming the file.
     */
    public static dev.seq4j.result.Origin origin(RunDirectory run) {
        JsonNode init = run.summary().get(RunDirectory.INIT);
        if (init == null || init.isNull()) {
            return null;
        }
        try {
            return SUMMARY_READER.treeToValue(init, dev.seq4j.result.Origin.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UserException(run.path(RunDirectory.SUMMARY) + ": 'init' is not where a run started from");
        }
    }

    private static final ObjectMapper SUMMARY_READER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
}
