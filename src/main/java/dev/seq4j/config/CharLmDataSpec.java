package dev.seq4j.config;

/**
 * Data for the character language model: UTF-8 text cut into training sequences.
 *
 * @param train          training text file or directory
 * @param valid          validation text file, or a fraction held out of the end of the training text
 * @param test           optional test text file
 * @param sequenceLength characters per training sequence; the final, shorter one is masked
 * @param minCharCount   characters seen fewer times in training become the unknown symbol
 * @param maxFileMB   the most MiB one input file may have, for training and for the files given to this run
 *                    later; see {@link DataSpec#maxFileMB(Integer)}
 * @param reverse     read every text backwards, last character first: a backward language model (the second
 *                    direction of contextual character features); its evaluation reads text backwards too, and it
 *                    generates the text that comes before a prime
 */
public record CharLmDataSpec(String train, String valid, String test, Integer sequenceLength, Integer minCharCount,
                             Integer maxFileMB, Boolean reverse)
        implements DataSpec {
    public CharLmDataSpec {
        maxFileMB = DataSpec.maxFileMB(maxFileMB);
        ConfigException.check(train != null && !train.isBlank(), "train", "is required (a text file or directory)");
        valid = valid == null ? "0.1" : valid.strip();
        sequenceLength = sequenceLength == null ? 100 : sequenceLength;
        minCharCount = minCharCount == null ? 1 : minCharCount;
        reverse = reverse != null && reverse;
        ConfigException.check(sequenceLength >= 2, "sequenceLength", "must be at least 2, got " + sequenceLength);
        ConfigException.check(minCharCount >= 1, "minCharCount", "must be at least 1, got " + minCharCount);
        DataSpec.checkValid(valid, "a file");
    }
}
