package dev.seq4j.config;

import dev.seq4j.data.tagging.ConllReader;

import java.util.Locale;

/**
 * Data for sequence tagging: CoNLL-style column files, a token per line and a blank line between sentences.
 *
 * @param train        training file (or a directory of them)
 * @param valid        validation file, or a fraction (0..0.5] of the training sentences held out at random (seeded)
 * @param test         optional test file, evaluated once with the best model
 * @param separator    {@code auto} (tabs if a file's first token line has one, else spaces, the same throughout),
 *                     {@code tab} or {@code space} (any run of spaces and tabs)
 * @param tokenColumn  the token's column, counted from 1 (negative: from the end)
 * @param tagColumn    the tag's column, counted from 1 (negative: from the end; -1 is the last)
 * @param scheme       how the tags mark spans: {@code auto} (detected from the training tags), {@code none} (plain
 *                     tags such as parts of speech), {@code io}, {@code bio} or {@code bioes}
 * @param trainScheme  the scheme the model is trained and predicts in: {@code same} as the data, or {@code io},
 *                     {@code bio}, {@code bioes} (span tags only); predictions are converted back to the data's scheme
 *                     for scores and output
 * @param lowercase    look words up lower-cased (capitalisation then reaches the model through the shape features)
 * @param minCount     words seen fewer times in training become the unknown word, which is how the model learns
 *                     what to do with words it has never seen
 * @param maxVocab     the most frequent words kept, at most (the unknown word included)
 * @param charFeatures what the model sees of a word's characters: {@code shape} (capitalisation, digits, hyphens,
 *                     punctuation, and a learned embedding of its last three letters) or {@code none}
 * @param maxFileMB   the most MiB one input file may have, for training and for the files given to this run
 *                    later; see {@link DataSpec#maxFileMB(Integer)}
 */
public record TaggingDataSpec(String train, String valid, String test, String separator, Integer tokenColumn,
                              Integer tagColumn, Scheme scheme, TrainScheme trainScheme, Boolean lowercase, Integer minCount, Integer maxVocab,
                              CharFeatures charFeatures, Integer maxFileMB) implements DataSpec {

    public TaggingDataSpec {
        maxFileMB = DataSpec.maxFileMB(maxFileMB);
        ConfigException.check(train != null && !train.isBlank(), "train", "is required (a CoNLL column file)");
        valid = valid == null ? "0.1" : valid.strip();
        separator = separator == null ? "auto" : separator.strip().toLowerCase(Locale.ROOT);
        tokenColumn = tokenColumn == null ? 1 : tokenColumn;
        tagColumn = tagColumn == null ? -1 : tagColumn;
        scheme = scheme == null ? Scheme.AUTO : scheme;
        trainScheme = trainScheme == null ? TrainScheme.SAME : trainScheme;
        lowercase = lowercase == null || lowercase;
        minCount = minCount == null ? 2 : minCount;
        maxVocab = maxVocab == null ? 50_000 : maxVocab;
        charFeatures = charFeatures == null ? CharFeatures.SHAPE : charFeatures;
        ConfigException.check(ConllReader.SEPARATORS.contains(separator), "separator",
                "must be one of " + ConllReader.SEPARATORS + ", got '" + separator + "'");
        ConfigException.check(tokenColumn != 0, "tokenColumn", "columns count from 1 (or from -1 at the end), got 0");
        ConfigException.check(tagColumn != 0, "tagColumn", "columns count from 1 (or from -1 at the end), got 0");
        ConfigException.check(!tokenColumn.equals(tagColumn), "tagColumn", "must differ from tokenColumn");
        ConfigException.check(trainScheme.equals("same") || !scheme.equals("none"), "trainScheme",
                "plain tags (scheme none) mark no spans to convert; use same");
        ConfigException.check(minCount >= 1, "minCount", "must be at least 1, got " + minCount);
        ConfigException.check(maxVocab >= 2, "maxVocab", "must be at least 2, got " + maxVocab);
        DataSpec.checkValid(valid, "a file");
    }

    /** The reader of this data's columns. */
    public ConllReader reader() {
        return new ConllReader(separator, tokenColumn, tagColumn, fileLimit());
    }

    /** The span scheme of the tags in the files: {@code data.scheme}. */
    public enum Scheme implements OptionValue {
        AUTO, NONE, IO, BIO, BIOES;

        /** Reads a config's value (blanks and case ignored); an unknown one is a {@link ConfigException} on {@code scheme}. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static Scheme of(String text) {
            return OptionValue.parse(Scheme.class, text, "scheme", OptionValue.ONE_OF);
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /** The span scheme the model is trained on: {@code data.trainScheme}. */
    public enum TrainScheme implements OptionValue {
        SAME, IO, BIO, BIOES;

        /** Reads a config's value (blanks and case ignored); an unknown one is a {@link ConfigException} on {@code trainScheme}. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static TrainScheme of(String text) {
            return OptionValue.parse(TrainScheme.class, text, "trainScheme", OptionValue.ONE_OF);
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /** What the tagger reads of a word's characters: {@code data.charFeatures}. */
    public enum CharFeatures implements OptionValue {
        SHAPE, NONE;

        /** Reads a config's value (blanks and case ignored); an unknown one is a {@link ConfigException} on {@code charFeatures}. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static CharFeatures of(String text) {
            return OptionValue.parse(CharFeatures.class, text, "charFeatures", OptionValue.ONE_OF);
        }

        @Override
        public String toString() {
            return id();
        }
    }
}
