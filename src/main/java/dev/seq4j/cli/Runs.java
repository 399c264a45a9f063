package dev.seq4j.cli;

import dev.seq4j.UserException;
import dev.seq4j.api.Seq4j;
import dev.seq4j.api.TrainedModel;
import dev.seq4j.task.Tasks;

import java.nio.file.Path;

/** How the commands that use a finished run (tag, forecast, translate, caption) load it. */
final class Runs {
    private Runs() {
    }

    /**
     * The finished run in {@code runDir} as a {@code type}, or {@code "<run>: <command> is for <kind> runs; this is a
     * <task> run"} when its task gives another kind of model (read from the run's config, before its model is read).
     * Any task whose model is a {@code type}, a registered one too, is accepted.
     *
     * @param kind the runs the command is for, as the message names them ({@code tagging}, {@code seq2seq})
     */
    static <T extends TrainedModel> T load(Path runDir, Class<T> type, String command, String kind) {
        String task = Seq4j.task(runDir);
        if (!type.isAssignableFrom(Tasks.of(task).modelType())) {
            throw new UserException(runDir + ": " + command + " is for " + kind + " runs; this is a " + task + " run");
        }
        return Seq4j.load(runDir, type);
    }
}
