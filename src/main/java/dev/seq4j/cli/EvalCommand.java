package dev.seq4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.task.Tasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code seq4j eval RUN_DIR --data FILE}: one JSON object of metrics on standard output. */
@Command(name = "eval", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Evaluate a finished run on a data file; prints one JSON object of metrics.")
public final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory made by seq4j train")
    Path runDir;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "data to evaluate on")
    Path data;

    @Override
    public Integer call() throws Exception {
        RunDirectory run = RunDirectory.open(runDir);
        var metrics = Tasks.evaluate(run, data);
        spec.commandLine().getOut().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(metrics));
        spec.commandLine().getOut().flush();
        return Seq4j.OK;
    }
}
