package dev.seq4j.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/**
 * {@code [--out FILE]} of the inference commands (predict, tag, translate, caption), mixed in with picocli's
 * {@code @Mixin}: where the result goes, and the one way it gets there ({@link Seq4j#emit}).
 */
public final class OutputOption {
    /** The command this is mixed into (its standard output and error), injected by picocli. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--out", paramLabel = "FILE", description = "write here instead of standard output")
    Path out;

    /** The file given with {@code --out}, or null for standard output. */
    Path path() {
        return out;
    }

    /**
     * Writes {@code text} to standard output, or atomically to the {@code --out} file with the line
     * {@code "<command>: <count> to <file>"} on standard error, e.g. {@code "tag: 12 sentences to tags.tsv"}.
     */
    void emit(String text, String count) {
        Seq4j.emit(command, out, text, command.name() + ": " + count + " to " + out);
    }
}
