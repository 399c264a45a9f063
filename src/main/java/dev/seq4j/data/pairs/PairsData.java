package dev.seq4j.data.pairs;

import dev.seq4j.UserException;
import dev.seq4j.config.PairsDataSpec;
import dev.seq4j.data.HeldOut;
import dev.seq4j.data.text.TokenVocabulary;

import java.nio.file.Path;
import java.util.List;

/**
 * Pairs data ready for an encoder-decoder: the splits, a vocabulary per side built from the training pairs, and the
 * longest source and target the model takes.
 * <p>
 * Ids: 0 is the unknown token (also what padded, masked steps hold), 1 the start symbol {@code <s>}, 2 the end
 * symbol {@code </s>}, then the training tokens, most frequent first. A target {@code t1 .. tn} becomes the decoder
 * input {@code <s> t1 .. tn} and the labels {@code t1 .. tn </s>} (teacher forcing).
 */
public record PairsData(Split train, Split valid, Split test, Encoder encoder) {
    public static final String START = "<s>";
    public static final String END = "</s>";
    public static final int START_ID = 1;
    public static final int END_ID = 2;
    public static final List<String> RESERVED = List.of(START, END);

    /**
     * Encoded pairs.
     *
     * @param pairs     the pairs as read
     * @param source    source ids, one array per pair
     * @param targetIn  decoder inputs {@code <s> t1 .. tn} (empty arrays when the pairs have no targets)
     * @param targetOut labels {@code t1 .. tn </s>}
     */
    public record Split(List<Pair> pairs, int[][] source, int[][] targetIn, int[][] targetOut) {
        public int size() {
            return pairs.size();
        }

        /** Target tokens to predict, end symbols included. */
        public long targetTokens() {
            long n = 0;
            for (int[] t : targetOut) {
                n += t.length;
            }
            return n;
        }
    }

    /**
     * Turns pairs into ids; what a saved run needs to read new data.
     *
     * @param maxSource longest source accepted, in tokens
     * @param maxTarget longest target produced, in tokens (without the end symbol)
     */
    public record Encoder(TokenVocabulary source, TokenVocabulary target, int maxSource, int maxTarget) {
        /**
         * @param key  config key or option the pairs came from, and {@code file} their file, for messages
         * @param sourceOnly whether to encode only the sources
         */
        public Split encode(String key, Path file, List<Pair> pairs, boolean sourceOnly) {
            int n = pairs.size();
            int[][] src = new int[n][];
            int[][] in = new int[n][];
            int[][] out = new int[n][];
            for (int i = 0; i < n; i++) {
                Pair p = pairs.get(i);
                if (p.source().size() > maxSource) {
                    throw new UserException(key + ": " + file + " line " + p.line() + ": the source has "
                            + p.source().size() + " tokens, more than the model's maxSourceLength " + maxSource
                            + " (split it, or train with a larger data.maxSourceLength)");
                }
                src[i] = source.encode(p.source());
                List<String> t = sourceOnly ? List.of() : p.target();
                in[i] = new int[t.size() + 1];
                out[i] = new int[t.size() + 1];
                in[i][0] = START_ID;
                for (int k = 0; k < t.size(); k++) {
                    int id = target.id(t.get(k));
                    in[i][k + 1] = id;
                    out[i][k] = id;
                }
                out[i][t.size()] = END_ID;
            }
            return new Split(pairs, src, in, out);
        }
    }

    /** Reads and checks the spec's files; a problem is a {@link UserException} naming the key, file and line. */
    public static PairsData load(PairsDataSpec spec, long seed) {
        PairsReader reader = new PairsReader(spec.sourceTokens(), spec.targetTokens());
        Path trainPath = Path.of(spec.train());
        List<Pair> all = reader.read("data.train", trainPath);
        List<Pair> trainPairs;
        List<Pair> validPairs;
        Path validPath;
        if (spec.validFraction().isPresent()) {
            HeldOut<Pair> held = HeldOut.of(all, spec.validFraction().getAsDouble(), seed, spec.train());
            trainPairs = held.train();
            validPairs = held.valid();
            validPath = trainPath;
        } else {
            trainPairs = all;
            validPath = Path.of(spec.valid());
            validPairs = reader.read("data.valid", validPath);
        }
        List<Pair> testPairs = null;
        Path testPath = null;
        if (spec.test() != null && !spec.test().isBlank()) {
            testPath = Path.of(spec.test());
            testPairs = reader.read("data.test", testPath);
        }
        // auto limits: the longest of all the data given, so no file of the config is refused
        List<Pair> given = new java.util.ArrayList<>(all);
        if (validPairs != all && spec.validFraction().isEmpty()) {
            given.addAll(validPairs);
        }
        if (testPairs != null) {
            given.addAll(testPairs);
        }
        int maxSource = spec.maxSourceLength() > 0 ? spec.maxSourceLength()
                : given.stream().mapToInt(p -> p.source().size()).max().orElseThrow();
        int maxTarget = spec.maxTargetLength() > 0 ? spec.maxTargetLength()
                : given.stream().mapToInt(p -> p.target().size()).max().orElseThrow();
        for (Pair p : trainPairs) {
            if (p.target().size() > maxTarget) {
                throw new UserException("data.train: " + spec.train() + " line " + p.line() + ": the target has "
                        + p.target().size() + " tokens, more than data.maxTargetLength " + maxTarget);
            }
        }
        TokenVocabulary source = TokenVocabulary.build(trainPairs.stream().map(Pair::source).toList(), spec.minCount(),
                spec.maxVocab(), RESERVED);
        TokenVocabulary target = TokenVocabulary.build(trainPairs.stream().map(Pair::target).toList(), spec.minCount(),
                spec.maxVocab(), RESERVED);
        Encoder encoder = new Encoder(source, target, maxSource, maxTarget);
        Split train = encoder.encode("data.train", trainPath, trainPairs, false);
        Split valid = encoder.encode("data.valid", validPath, validPairs, false);
        Split test = testPairs == null ? null : encoder.encode("data.test", testPath, testPairs, false);
        return new PairsData(train, valid, test, encoder);
    }
}
