package dev.seq4j.config;

/**
 * Data for an encoder-decoder: TSV files of {@code source<TAB>target} lines (translation, spelling to phonemes).
 *
 * @param train           training file (or a directory of them)
 * @param valid           validation file, or a fraction (0..0.5] of the training pairs held out at random (seeded)
 * @param test            optional test file, decoded once with the best model
 * @param sourceTokens    how the source side is split into tokens: {@code char} (every character, spaces too) or
 *                        {@code word} (runs of whitespace separate tokens)
 * @param targetTokens    the same for the target side
 * @param minCount        tokens seen fewer times in training become the unknown token
 * @param maxVocab        the most frequent tokens kept per side, at most (the special symbols included)
 * @param maxSourceLength longest source the model accepts, in tokens; 0 means the longest training source. A
 *                        longer training source is an error naming its line; so is one given to {@code translate}
 * @param maxTargetLength longest target, in tokens (without the end symbol); 0 means the longest training target.
 *                        Decoding stops there if the model has not ended the output by itself
 * @param beam            beam width used to decode the test set and by default in {@code translate}; 1 is greedy
 * @param lengthNorm      beam search ranks finished outputs by log-probability / length^lengthNorm (0: raw
 *                        log-probability, which favours short outputs; 1: mean log-probability per token)
 * @param maxFileMB   the most MiB one input file may have, for training and for the files given to this run
 *                    later; see {@link DataSpec#maxFileMB(Integer)}
 */
public record PairsDataSpec(String train, String valid, String test, Tokens sourceTokens, Tokens targetTokens,
                            Integer minCount, Integer maxVocab, Integer maxSourceLength, Integer maxTargetLength,
                            Integer beam, Double lengthNorm, Integer maxFileMB) implements DataSpec {

    public PairsDataSpec {
        maxFileMB = DataSpec.maxFileMB(maxFileMB);
        ConfigException.check(train != null && !train.isBlank(), "train", "is required (a TSV file of source<TAB>target lines)");
        valid = valid == null ? "0.05" : valid.strip();
        sourceTokens = sourceTokens == null ? Tokens.WORD : sourceTokens;
        targetTokens = targetTokens == null ? Tokens.WORD : targetTokens;
        minCount = minCount == null ? 1 : minCount;
        maxVocab = maxVocab == null ? 50_000 : maxVocab;
        maxSourceLength = maxSourceLength == null ? 0 : maxSourceLength;
        maxTargetLength = maxTargetLength == null ? 0 : maxTargetLength;
        beam = beam == null ? 5 : beam;
        lengthNorm = lengthNorm == null ? 1.0 : lengthNorm;
        ConfigException.check(minCount >= 1, "minCount", "must be at least 1, got " + minCount);
        ConfigException.check(maxVocab >= 5, "maxVocab", "must be at least 5 (four special symbols and a token), got " + maxVocab);
        ConfigException.check(maxSourceLength >= 0, "maxSourceLength", "must be 0 (the longest training source) or more, got " + maxSourceLength);
        ConfigException.check(maxTargetLength >= 0, "maxTargetLength", "must be 0 (the longest training target) or more, got " + maxTargetLength);
        ConfigException.check(beam >= 1 && beam <= 100, "beam", "must be in 1..100, got " + beam);
        ConfigException.check(lengthNorm >= 0 && lengthNorm <= 2, "lengthNorm", "must be in [0, 2], got " + lengthNorm);
        DataSpec.checkValid(valid, "a file");
    }
}
