package dev.seq4j.cli;

import dev.seq4j.UserException;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.task.TaggingTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code seq4j tag RUN_DIR --input FILE [--format auto|conll|text] [--out FILE]}: CoNLL out with a predicted tag column. */
@Command(name = "tag", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Tag every token with a finished tagging run. Input is CoNLL (the run's token column is read; "
                + "each line is written back with the predicted tag appended) or plain text (a sentence per line, "
                + "tokenised as the README describes; written as token<TAB>tag lines). A blank line ends each sentence.")
public final class TagCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory (or sweep) of a tagging task")
    Path runDir;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "CoNLL or plain text to tag")
    Path input;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT",
            description = "auto (CoNLL for .conll .conllu .tsv .iob .bio .bioes .tags files, else text), conll or text")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "write here instead of standard output")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!TaggingTask.FORMATS.contains(format)) {
            throw new UserException("--format: must be one of " + TaggingTask.FORMATS + ", got '" + format + "'");
        }
        RunDirectory run = RunDirectory.open(runDir);
        if (!run.config().task().equals("tagging")) {
            throw new UserException(runDir + ": tag is for tagging runs; this is a " + run.config().task() + " run");
        }
        StringWriter buffer = new StringWriter();
        int sentences = TaggingTask.tag(run, input, format, buffer);
        Seq4j.emit(spec, out, buffer.toString(), "tag: " + sentences + " sentences to " + out);
        return Seq4j.OK;
    }
}
