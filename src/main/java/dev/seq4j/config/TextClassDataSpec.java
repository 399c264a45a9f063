package dev.seq4j.config;

/**
 * Data for text classification: a delimited file with a header naming its label and text columns.
 *
 * @param train       training file
 * @param valid       validation file, or a fraction (0..0.5] held out of the training file at random (seeded)
 * @param test        optional test file, evaluated once with the best model
 * @param delimiter   column delimiter: {@code tab} (default), {@code comma}, or any single character
 * @param labelColumn header name of the label column
 * @param textColumn  header name of the text column
 * @param tokens      {@code word} (lower-cased words, numbers and punctuation marks) or {@code char}
 * @param minCount    tokens seen fewer times in training become the unknown token
 * @param maxVocab    the most frequent tokens kept, at most (the unknown token included)
 * @param maxLength   tokens kept per text (0 = all); how many texts were cut is reported, never silent
 * @param maxFileMB   the most MiB one input file may have, for training and for the files given to this run
 *                    later; see {@link DataSpec#maxFileMB(Integer)}
 */
public record TextClassDataSpec(String train, String valid, String test, String delimiter, String labelColumn,
                                String textColumn, Tokens tokens, Integer minCount, Integer maxVocab,
                                Integer maxLength, Integer maxFileMB) implements DataSpec {

    public TextClassDataSpec {
        maxFileMB = DataSpec.maxFileMB(maxFileMB);
        ConfigException.check(train != null && !train.isBlank(), "train", "is required (a delimited file with a header)");
        valid = valid == null ? "0.1" : valid.strip();
        delimiter = delimiter == null ? "tab" : delimiter;
        labelColumn = labelColumn == null ? "label" : labelColumn;
        textColumn = textColumn == null ? "text" : textColumn;
        tokens = tokens == null ? Tokens.WORD : tokens;
        minCount = minCount == null ? 1 : minCount;
        maxVocab = maxVocab == null ? 20_000 : maxVocab;
        maxLength = maxLength == null ? 0 : maxLength;
        ConfigException.check(delimiter.equals("tab") || delimiter.equals("comma") || delimiter.length() == 1,
                "delimiter", "must be tab, comma or a single character, got '" + delimiter + "'");
        ConfigException.check(!labelColumn.equals(textColumn), "textColumn", "must differ from labelColumn");
        ConfigException.check(minCount >= 1, "minCount", "must be at least 1, got " + minCount);
        ConfigException.check(maxVocab >= 2, "maxVocab", "must be at least 2, got " + maxVocab);
        ConfigException.check(maxLength >= 0, "maxLength", "must be >= 0, got " + maxLength);
        DataSpec.checkValid(valid, "a file");
    }

    /** The delimiter as a character. */
    public char delimiterChar() {
        return switch (delimiter) {
            case "tab" -> '\t';
            case "comma" -> ',';
            default -> delimiter.charAt(0);
        };
    }

}
