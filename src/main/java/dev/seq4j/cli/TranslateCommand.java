package dev.seq4j.cli;

import dev.seq4j.UserException;
import dev.seq4j.api.InputException;
import dev.seq4j.api.Translator;
import dev.seq4j.config.PairsDataSpec;
import dev.seq4j.data.pairs.Pair;
import dev.seq4j.data.pairs.PairsReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code seq4j translate RUN_DIR --input FILE [--beam K] [--out FILE]}: an output line per input line. */
@Command(name = "translate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Decode each line of a file with a finished seq2seq run: one output line per input line, "
                + "blank lines skipped. A line with a tab is read as a pair and its first field decoded, so a test "
                + "file can be given as it is. A source longer than the run's maxSourceLength is an error naming "
                + "its line.")
public final class TranslateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory (or sweep) of a seq2seq task")
    Path runDir;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "the sources, one per line")
    Path input;

    @Mixin
    BeamOption beam;

    @Mixin
    OutputOption out;

    @Override
    public Integer call() throws IOException {
        int beam = this.beam.width();
        Translator translator = Runs.load(runDir, Translator.class, "translate", "seq2seq");
        PairsDataSpec data = (PairsDataSpec) translator.config().data();
        List<Pair> sources = new PairsReader(data.sourceTokens(), data.targetTokens(), data.fileLimit())
                .readSources("--input", input);
        List<String> outputs;
        try {
            // the sources as the run tokenises them (joining its tokens back gives those tokens again)
            outputs = translator.translate(sources.stream().map(p -> PairsReader.join(p.source(), data.sourceTokens()))
                    .toList(), beam);
        } catch (InputException e) { // named by its line of the file
            throw new UserException("--input: " + input + " line " + sources.get(e.index()).line() + ": " + e.reason());
        }
        StringWriter buffer = new StringWriter();
        for (String output : outputs) {
            buffer.write(output + "\n");
        }
        out.emit(buffer.toString(), outputs.size() + " lines");
        return Seq4j.OK;
    }
}
