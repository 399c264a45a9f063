package dev.seq4j.config;

import dev.seq4j.data.InputFiles;

/**
 * The {@code data} section. Every task's data spec has these keys, so scripts and sweeps can rely on them;
 * each task adds its own.
 */
public interface DataSpec {
    /** Training data: a file, or a directory whose regular files are read in name order. */
    String train();

    /** Validation data: a file, or a fraction (0..0.5) held out of the end of the training data. */
    String valid();

    /** Optional test data, evaluated once after training. */
    String test();

    /**
     * The most MiB one input file may have ({@code data.maxFileMB}): every data file, image and {@code --data} or
     * {@code --input} file of this run is refused above it, by its size, before it is read.
     */
    Integer maxFileMB();

    /** {@link #maxFileMB()} as the limit readers check. */
    default InputFiles.Limit fileLimit() {
        return InputFiles.Limit.megabytes(maxFileMB(), "data.maxFileMB");
    }

    /**
     * {@code data.maxFileMB} with its default ({@value InputFiles#DEFAULT_MAX_MB}) and range checked: 1 to
     * {@value InputFiles#MAX_MB} (a file is read whole into one Java array).
     */
    static int maxFileMB(Integer value) {
        int mb = value == null ? InputFiles.DEFAULT_MAX_MB : value;
        ConfigException.check(mb >= 1 && mb <= InputFiles.MAX_MB, "maxFileMB", "must be in 1.." + InputFiles.MAX_MB
                + " (MiB per input file), got " + mb);
        return mb;
    }

    /** The validation fraction when {@link #valid()} is a number, else empty. */
    default java.util.OptionalDouble validFraction() {
        try {
            return java.util.OptionalDouble.of(Double.parseDouble(valid()));
        } catch (NumberFormatException e) {
            return java.util.OptionalDouble.empty();
        }
    }

    /**
     * Checks a {@code valid} value: a fraction must be in (0, 0.5]; anything else names data and must not be
     * empty ({@code what}: "a file", "a directory, a file").
     */
    static void checkValid(String valid, String what) {
        try {
            double f = Double.parseDouble(valid);
            ConfigException.check(f > 0 && f <= 0.5, "valid", "a held-out fraction must be in (0, 0.5], got " + valid);
        } catch (NumberFormatException e) {
            ConfigException.check(!valid.isEmpty(), "valid", "must be " + what + " or a fraction");
        }
    }
}
