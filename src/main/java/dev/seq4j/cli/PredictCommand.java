package dev.seq4j.cli;

import dev.seq4j.UserException;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.task.Tasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code seq4j predict RUN_DIR --data FILE [--out FILE]}: a label and class probabilities per row, as TSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Predict a label for each text or series with a finished classifier run; writes TSV: line "
                + "(text) or sequence (series), predicted label, each class's probability, and the text.")
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory (or sweep) of a classification task")
    Path runDir;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "texts or series to classify, in the training data's format (labels are optional)")
    Path data;

    @Option(names = "--out", paramLabel = "FILE", description = "write here instead of standard output")
    Path out;

    @Override
    public Integer call() throws IOException {
        RunDirectory run = RunDirectory.open(runDir);
        String task = run.config().task();
        if (task.equals("charlm") || task.equals("tagging") || task.equals("forecast")) {
            throw new UserException(runDir + ": predict is for classification runs; this is a "
                    + task + " run" + (task.equals("tagging") ? " (use seq4j tag)" : ""));
        }
        StringWriter buffer = new StringWriter();
        int rows = Tasks.predict(run, data, buffer);
        Seq4j.emit(spec, out, buffer.toString(), "predict: " + rows + " rows to " + out);
        return Seq4j.OK;
    }
}
