package dev.seq4j.cli;

import dev.seq4j.UserException;
import picocli.CommandLine.Option;

/** {@code [--beam K]} of the decoding commands (translate, caption), mixed in with picocli's {@code @Mixin}. */
public final class BeamOption {
    @Option(names = "--beam", defaultValue = "0", paramLabel = "K",
            description = "beam width (1: greedy; default: the run's data.beam)")
    int beam;

    /** The beam width, 0 for the run's own {@code data.beam}; out of 0..100 is a {@link UserException}. */
    int width() {
        if (beam < 0 || beam > 100) {
            throw new UserException("--beam: must be in 1..100 (0: the run's own), got " + beam);
        }
        return beam;
    }
}
