package dev.seq4j.cli;

import dev.seq4j.UserException;
import dev.seq4j.api.CharLanguageModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code seq4j generate RUN_DIR --prime "The " --length 500 --temperature 0.8 [--top-k K] [--seed S]}. */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Generate text from a finished char LM run: the prime, then each sampled character fed back in.")
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory made by seq4j train")
    Path runDir;

    @Option(names = "--prime", defaultValue = "The ", paramLabel = "TEXT", description = "text to start from (default: \"${DEFAULT-VALUE}\")")
    String prime;

    @Option(names = "--length", defaultValue = "500", paramLabel = "N", description = "characters to generate (default: ${DEFAULT-VALUE})")
    int length;

    @Option(names = "--temperature", defaultValue = "0.8", paramLabel = "T",
            description = "sampling temperature > 0; lower is more conservative (default: ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K",
            description = "sample among the K likeliest characters only; 0 = all (default: ${DEFAULT-VALUE})")
    int topK;

    @Option(names = "--seed", paramLabel = "S", description = "sampler seed (default: the run's seed)")
    Long seed;

    @Override
    public Integer call() {
        if (length < 0) {
            throw new UserException("--length must be >= 0, got " + length);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new UserException("--temperature must be a positive number, got " + temperature);
        }
        if (topK < 0) {
            throw new UserException("--top-k must be >= 0, got " + topK);
        }
        CharLanguageModel model = dev.seq4j.api.Seq4j.load(runDir, CharLanguageModel.class);
        long s = seed != null ? seed : model.config().seed();
        String text = model.generate(prime, length, temperature, topK, s);
        // a backward model's text comes before the prime
        spec.commandLine().getOut().println(model.backward() ? text + prime : prime + text);
        spec.commandLine().getOut().flush();
        return Seq4j.OK;
    }
}
