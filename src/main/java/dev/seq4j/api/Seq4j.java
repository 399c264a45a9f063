package dev.seq4j.api;

import dev.seq4j.result.Evaluation;
import dev.seq4j.UserException;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.task.SequenceTask;
import dev.seq4j.task.Tasks;

import dev.seq4j.config.ConfigLoader;
import dev.seq4j.config.RunConfig;
import dev.seq4j.task.TrainedRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Trains runs and loads finished ones as typed models:
 * <pre>{@code
 * TextClassifier sentiment = Seq4j.load(Path.of("runs/textclass"), TextClassifier.class);
 * ClassPrediction p = sentiment.classify("The food was great");
 * }</pre>
 * A run directory is what {@code seq4j train} wrote; a sweep's directory stands for the run its {@code best.json}
 * points to. Everything the model needs is read once, here, and checked as {@code seq4j eval} checks it (a model
 * trained beside other vocabularies or labels is refused); a problem is a {@link UserException} naming the file.
 */
public final class Seq4j {
    private Seq4j() {
    }

    /**
     * The finished run in {@code runDir} as the model of its task ({@link TextClassifier}, {@link Tagger}, ...).
     *
     * @param runDir a run directory, or a sweep's
     * @return the model
     * @throws UserException when {@code runDir} holds no finished run, or a file of it is missing or corrupt
     */
    public static TrainedModel load(Path runDir) {
        RunDirectory run = RunDirectory.open(Objects.requireNonNull(runDir, "runDir"));
        return Tasks.of(run.config()).load(run);
    }

    /**
     * The finished run in {@code runDir} as a model of {@code type}; a run of another task is refused before its
     * model is read.
     *
     * @param <T>    the model type
     * @param runDir a run directory, or a sweep's
     * @param type   the model type: {@link TextClassifier}, ..., or {@link TrainedModel} for any
     * @return the model
     * @throws UserException when the run is of another task ({@code RUN: a tagging run, not a TextClassifier}), or
     *                       as {@link #load(Path)}
     */
    public static <T extends TrainedModel> T load(Path runDir, Class<T> type) {
        Objects.requireNonNull(type, "type");
        RunDirectory run = RunDirectory.open(Objects.requireNonNull(runDir, "runDir"));
        SequenceTask task = Tasks.of(run.config());
        if (!type.isAssignableFrom(task.modelType())) {
            throw new UserException(runDir + ": a " + task.id() + " run, not a " + type.getSimpleName());
        }
        return type.cast(task.load(run));
    }

    /**
     * The task id of the finished run in {@code runDir} (following a sweep's {@code best.json}), read from its config
     * without reading its model: to choose what to {@link #load} it as.
     *
     * @param runDir a run directory, or a sweep's
     * @return the task id ({@code textclass}, ...)
     */
    public static String task(Path runDir) {
        return RunDirectory.open(Objects.requireNonNull(runDir, "runDir")).config().task();
    }

    /**
     * A config file with {@code --set}-style overrides, resolved and checked as {@code seq4j train} does.
     *
     * @param file      a YAML (or JSON) config, e.g. {@code configs/textclass.yaml}
     * @param overrides {@code key=value} settings, e.g. {@code train.epochs=3}, applied in order
     * @return the resolved config, every default filled in
     * @throws UserException for a missing file or a bad key or value, naming it
     */
    public static RunConfig config(Path file, List<String> overrides) {
        return ConfigLoader.load(Objects.requireNonNull(file, "file"), overrides);
    }

    /**
     * Trains a new run of the config's task into {@code out}, as {@code seq4j train CONFIG --out OUT} does, writing
     * its progress to {@code console}. The data is read and checked before anything is written.
     *
     * @param config  a resolved config (see {@link #config})
     * @param out     the run directory to create; it must not exist or be empty
     * @param console where the data summary and one line per epoch go
     * @return the run directory, its summary and (for a char LM) a generated sample
     * @throws UserException for bad data or an unusable {@code out}, naming it
     */
    public static TrainingResult train(RunConfig config, Path out, PrintWriter console) {
        TrainedRun run = Tasks.train(Objects.requireNonNull(config, "config"), Objects.requireNonNull(out, "out"),
                Objects.requireNonNull(console, "console"), null);
        return new TrainingResult(run.run().root(), run.summary(), run.sample());
    }

    /**
     * The metrics of a finished run on a data file of its task's format, as {@code seq4j eval RUN --data FILE} prints
     * them: the model's and its baselines'.
     *
     * @param runDir a run directory, or a sweep's
     * @param data   labelled data in the format the run was trained on
     * @return the metrics as the task's record (e.g. {@link dev.seq4j.result.ClassifierEvaluation}), written to JSON
     *         under the names {@code eval} prints
     * @throws UserException for a bad run or data file, naming it
     */
    public static Evaluation evaluate(Path runDir, Path data) {
        RunDirectory run = RunDirectory.open(Objects.requireNonNull(runDir, "runDir"));
        return Tasks.evaluate(run, Objects.requireNonNull(data, "data"));
    }
}
