package dev.seq4j.task;

import dev.seq4j.config.CharLmDataSpec;
import dev.seq4j.config.RunConfig;
import dev.seq4j.config.Task;
import dev.seq4j.config.SeriesClassDataSpec;
import dev.seq4j.config.TaggingDataSpec;
import dev.seq4j.config.ForecastDataSpec;
import dev.seq4j.config.PairsDataSpec;
import dev.seq4j.data.pairs.PairsData;
import dev.seq4j.data.forecast.ForecastData;
import dev.seq4j.data.tagging.TaggingData;
import dev.seq4j.config.TextClassDataSpec;
import dev.seq4j.data.series.SeriesClassData;
import dev.seq4j.data.text.CharLmData;
import dev.seq4j.data.text.TextClassData;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.train.Objective;
import dev.seq4j.train.Launch;
import dev.seq4j.train.Trainer;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/** What every task offers the commands that work with any task (train, sweep): objective, data check, training. */
public final class Tasks {
    private Tasks() {
    }

    /** The validation metric the task is judged by, and whether lower is better. */
    public static Objective objective(String task) {
        return switch (Task.of(task)) {
            case CHARLM -> CharLmTask.OBJECTIVE;
            case TEXTCLASS -> TextClassTask.OBJECTIVE;
            case SERIESCLASS -> SeriesClassTask.OBJECTIVE;
            case TAGGING -> TaggingTask.OBJECTIVE;
            case FORECAST -> ForecastTask.OBJECTIVE;
            case SEQ2SEQ -> Seq2seqTask.OBJECTIVE;
            case CAPTION -> CaptionTask.OBJECTIVE;
        };
    }

    /** Reads and checks the config's data without training; a problem is a {@link dev.seq4j.UserException}. */
    public static void checkData(RunConfig config) {
        switch (Task.of(config.task())) {
            case CHARLM -> CharLmData.load((CharLmDataSpec) config.data());
            case TEXTCLASS -> TextClassData.load((TextClassDataSpec) config.data(), config.seed());
            case SERIESCLASS -> SeriesClassData.load((SeriesClassDataSpec) config.data(), config.seed());
            case TAGGING -> TaggingData.load((TaggingDataSpec) config.data(), config.seed());
            case FORECAST -> ForecastData.load((ForecastDataSpec) config.data());
            case SEQ2SEQ -> PairsData.load((PairsDataSpec) config.data(), config.seed());
            case CAPTION -> dev.seq4j.data.caption.CaptionData.load((dev.seq4j.config.CaptionDataSpec) config.data(),
                    config.seed());
        }
    }

    /** Trains a run of the config's task into {@code out}; see {@link CharLmTask#train}. */
    public static CharLmTask.Outcome train(RunConfig config, Path out, PrintWriter console, PrintStream terminal,
                                           Trainer.StopRule stopRule) {
        return train(config, out, Launch.NEW, console, terminal, stopRule);
    }

    /**
     * As {@link #train(RunConfig, Path, PrintWriter, PrintStream, Trainer.StopRule)}, started as {@code launch} says.
     * The run directory is locked while it trains, and let go however training ends.
     */
    public static CharLmTask.Outcome train(RunConfig config, Path out, Launch launch, PrintWriter console,
                                           PrintStream terminal, Trainer.StopRule stopRule) {
        try {
            return trainTask(config, out, launch, console, terminal, stopRule);
        } finally {
            dev.seq4j.run.RunLock.releaseIfHeldByThisThread(out); // finish() let go of it, unless training failed
        }
    }

    private static CharLmTask.Outcome trainTask(RunConfig config, Path out, Launch launch, PrintWriter console,
                                                PrintStream terminal, Trainer.StopRule stopRule) {
        return switch (Task.of(config.task())) {
            case CHARLM -> CharLmTask.train(config, out, launch, console, terminal, stopRule);
            case TEXTCLASS -> TextClassTask.train(config, out, launch, console, terminal, stopRule);
            case SERIESCLASS -> SeriesClassTask.train(config, out, launch, console, terminal, stopRule);
            case TAGGING -> TaggingTask.train(config, out, launch, console, terminal, stopRule);
            case FORECAST -> ForecastTask.train(config, out, launch, console, terminal, stopRule);
            case SEQ2SEQ -> Seq2seqTask.train(config, out, launch, console, terminal, stopRule);
            case CAPTION -> CaptionTask.train(config, out, launch, console, terminal, stopRule);
        };
    }

    /**
     * {@code predict}: a classifier's label and class probabilities for each row or series of {@code data}, as
     * TSV; returns how many were written.
     */
    public static int predict(RunDirectory run, Path data, java.io.Writer out) throws java.io.IOException {
        return switch (Task.of(run.config().task())) {
            case TEXTCLASS -> TextClassTask.predict(run, data, out);
            case SERIESCLASS -> SeriesClassTask.predict(run, data, out);
            case CHARLM, TAGGING, FORECAST, SEQ2SEQ, CAPTION -> throw new dev.seq4j.UserException("predict is for classification runs; this is a "
                    + run.config().task() + " run" + switch (Task.of(run.config().task())) {
                case TAGGING -> " (use tag)";
                case FORECAST -> " (use forecast)";
                case SEQ2SEQ -> " (use translate)";
                case CAPTION -> " (use caption)";
                default -> "";
            });
        };
    }

    /** {@code eval}: the task's metrics of a finished run on a data file, as a JSON-ready map. */
    public static Map<String, Object> evaluate(RunDirectory run, Path file) {
        return switch (Task.of(run.config().task())) {
            case CHARLM -> CharLmTask.evaluate(run, file);
            case TEXTCLASS -> TextClassTask.evaluate(run, file);
            case SERIESCLASS -> SeriesClassTask.evaluate(run, file);
            case TAGGING -> TaggingTask.evaluate(run, file);
            case FORECAST -> ForecastTask.evaluate(run, file);
            case SEQ2SEQ -> Seq2seqTask.evaluate(run, file);
            case CAPTION -> CaptionTask.evaluate(run, file);
        };
    }
}
