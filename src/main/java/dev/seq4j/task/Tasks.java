package dev.seq4j.task;

import dev.seq4j.config.CharLmDataSpec;
import dev.seq4j.config.RunConfig;
import dev.seq4j.config.Task;
import dev.seq4j.data.text.CharLmData;
import dev.seq4j.train.Objective;
import dev.seq4j.train.Trainer;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;

/** What every task offers the commands that work with any task (train, sweep): objective, data check, training. */
public final class Tasks {
    private Tasks() {
    }

    /** The validation metric the task is judged by, and whether lower is better. */
    public static Objective objective(String task) {
        return switch (Task.of(task)) {
            case CHARLM -> CharLmTask.OBJECTIVE;
        };
    }

    /** Reads and checks the config's data without training; a problem is a {@link dev.seq4j.UserException}. */
    public static void checkData(RunConfig config) {
        switch (Task.of(config.task())) {
            case CHARLM -> CharLmData.load((CharLmDataSpec) config.data());
        }
    }

    /** Trains a run of the config's task into {@code out}; see {@link CharLmTask#train}. */
    public static CharLmTask.Outcome train(RunConfig config, Path out, PrintWriter console, PrintStream terminal,
                                           Trainer.StopRule stopRule) {
        return switch (Task.of(config.task())) {
            case CHARLM -> CharLmTask.train(config, out, console, terminal, stopRule);
        };
    }
}
