package dev.seq4j.config;

import java.util.List;

/**
 * Data for time-series classification, in either layout DataVec users have:
 * <ul>
 * <li>{@code files}: a directory with {@code features/<name>.csv} (one time step per line, one column per
 *     feature, read by DataVec's {@code CSVSequenceRecordReader}) and {@code labels/<name>.csv} (the class on
 *     its first line), as in the UCI synthetic-control example;</li>
 * <li>{@code long}: one CSV file with a header and a row per time step: {@code sequence_id, t, feature..., label}.</li>
 * </ul>
 *
 * @param train       training data (a directory or a CSV file)
 * @param valid       validation data, or a fraction (0..0.5] of the training sequences held out at random (seeded)
 * @param test        optional test data, evaluated once with the best model
 * @param layout      {@code auto} (a directory is {@code files}, a file is {@code long}), {@code files} or {@code long}
 * @param idColumn    long layout: the column naming the sequence a row belongs to
 * @param timeColumn  long layout: the column steps are ordered by, or {@code none} to keep the file's row order
 * @param labelColumn long layout: the class column (constant within a sequence)
 * @param features    long layout: the feature columns; empty means every column but id, time and label
 * @param skipLines   files layout: header lines at the top of each features file
 * @param normalize   {@code standardize} (zero mean, unit variance per feature), {@code minmax} (to [0, 1]) or
 *                    {@code none}; fitted on the training sequences only and saved with the model
 * @param maxFileMB   the most MiB one input file may have, for training and for the files given to this run
 *                    later; see {@link DataSpec#maxFileMB(Integer)}
 */
public record SeriesClassDataSpec(String train, String valid, String test, Layout layout, String idColumn,
                                  String timeColumn, String labelColumn, List<String> features, Integer skipLines,
                                  Normalize normalize, Integer maxFileMB) implements DataSpec {
    public static final String NO_TIME = "none";

    public SeriesClassDataSpec {
        maxFileMB = DataSpec.maxFileMB(maxFileMB);
        ConfigException.check(train != null && !train.isBlank(), "train",
                "is required (a directory with features/ and labels/, or a long CSV file)");
        valid = valid == null ? "0.1" : valid.strip();
        layout = layout == null ? Layout.AUTO : layout;
        idColumn = idColumn == null ? "sequence_id" : idColumn;
        timeColumn = timeColumn == null ? "t" : timeColumn;
        labelColumn = labelColumn == null ? "label" : labelColumn;
        features = features == null ? List.of() : List.copyOf(features);
        skipLines = skipLines == null ? 0 : skipLines;
        normalize = normalize == null ? Normalize.STANDARDIZE : normalize;
        ConfigException.check(skipLines >= 0, "skipLines", "must be >= 0, got " + skipLines);
        ConfigException.check(!idColumn.equals(labelColumn), "labelColumn", "must differ from idColumn");
        ConfigException.check(!timeColumn.equals(idColumn) && !timeColumn.equals(labelColumn), "timeColumn",
                "must differ from idColumn and labelColumn");
        for (String f : features) {
            ConfigException.check(!f.equals(idColumn) && !f.equals(timeColumn) && !f.equals(labelColumn), "features",
                    "'" + f + "' is the id, time or label column");
        }
        DataSpec.checkValid(valid, "a directory, a file");
    }

    /** How the series are laid out on disk: {@code data.layout}. */
    public enum Layout implements OptionValue {
        AUTO, FILES, LONG;

        /** Reads a config's value (blanks and case ignored); an unknown one is a {@link ConfigException} on {@code layout}. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static Layout of(String text) {
            return OptionValue.parse(Layout.class, text, "layout", OptionValue.ONE_OF);
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /** How the values are scaled: {@code data.normalize}. */
    public enum Normalize implements OptionValue {
        STANDARDIZE, MINMAX, NONE;

        /** Reads a config's value (blanks and case ignored); an unknown one is a {@link ConfigException} on {@code normalize}. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static Normalize of(String text) {
            return OptionValue.parse(Normalize.class, text, "normalize", OptionValue.ONE_OF);
        }

        @Override
        public String toString() {
            return id();
        }
    }
}
