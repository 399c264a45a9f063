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

    /**
     * The pairs of a config's files: training, validation (a file, or a seeded fraction held out of training) and
     * the optional test file, as read, with where each came from.
     *
     * @param all every pair of the training file, validation fraction included
     */
    public record Splits(List<Pair> all, List<Pair> train, Path trainPath, List<Pair> valid, Path validPath,
                         List<Pair> test, Path testPath) {
        /** Reads {@code spec}'s files with {@code reader} (config key, path -> pairs). */
        public static Splits read(dev.seq4j.config.DataSpec spec, long seed,
                                  java.util.function.BiFunction<String, Path, List<Pair>> reader) {
            Path trainPath = Path.of(spec.train());
            List<Pair> all = reader.apply("data.train", trainPath);
            List<Pair> train = all;
            List<Pair> valid;
            Path validPath = trainPath;
            if (spec.validFraction().isPresent()) {
                HeldOut<Pair> held = HeldOut.of(all, spec.validFraction().getAsDouble(), seed, spec.train());
                train = held.train();
                valid = held.valid();
            } else {
                validPath = Path.of(spec.valid());
                valid = reader.apply("data.valid", validPath);
            }
            Path testPath = spec.test() == null || spec.test().isBlank() ? null : Path.of(spec.test());
            List<Pair> test = testPath == null ? null : reader.apply("data.test", testPath);
            return new Splits(all, train, trainPath, valid, validPath, test, testPath);
        }

        /**
         * {@code configured} if positive, else the longest {@code side} in all the data given (training, a
         * validation file, test), so no file of the config is refused.
         */
        public int longest(java.util.function.ToIntFunction<Pair> side, int configured) {
            if (configured > 0) {
                return configured;
            }
            int max = all.stream().mapToInt(side).max().orElseThrow();
            if (validPath != trainPath) {
                max = Math.max(max, valid.stream().mapToInt(side).max().orElse(0));
            }
            return test == null ? max : Math.max(max, test.stream().mapToInt(side).max().orElse(0));
        }

        /** Refuses a training pair whose target is longer than {@code maxTarget} ("the {what} has N {unit}, ..."). */
        public void checkTargets(int maxTarget, String what, String unit) {
            for (Pair p : train) {
                if (p.target().size() > maxTarget) {
                    throw new UserException("data.train: " + trainPath + " line " + p.line() + ": the " + what + " has "
                            + p.target().size() + " " + unit + ", more than data.maxTargetLength " + maxTarget);
                }
            }
        }
    }

    /** Reads and checks the spec's files; a problem is a {@link UserException} naming the key, file and line. */
    public static PairsData load(PairsDataSpec spec, long seed) {
        return load(spec, seed, null, null, null);
    }

    /**
     * As {@link #load(PairsDataSpec, long)}, for a run that starts from another ({@code train.init}) with the source
     * and target vocabularies {@code source} and {@code target} ({@code null} for none), continued as {@code mode}
     * ({@code train.initVocab}) says.
     */
    public static PairsData load(PairsDataSpec spec, long seed, TokenVocabulary source, TokenVocabulary target,
                                 dev.seq4j.config.TrainSpec.InitVocab mode) {
        PairsReader reader = new PairsReader(spec.sourceTokens(), spec.targetTokens(), spec.fileLimit());
        Splits files = Splits.read(spec, seed, reader::read);
        int maxSource = files.longest(p -> p.source().size(), spec.maxSourceLength());
        int maxTarget = files.longest(p -> p.target().size(), spec.maxTargetLength());
        files.checkTargets(maxTarget, "target", "tokens");
        List<Pair> trainPairs = files.train();
        java.util.function.BiFunction<Integer, Integer, String> where = (i, j) -> "data.train: " + files.trainPath()
                + " line " + trainPairs.get(i).line();
        Encoder encoder = new Encoder(
                TokenVocabulary.continued(source, mode, trainPairs.stream().map(Pair::source).toList(), spec.minCount(),
                        spec.maxVocab(), RESERVED, where),
                TokenVocabulary.continued(target, mode, trainPairs.stream().map(Pair::target).toList(), spec.minCount(),
                        spec.maxVocab(), RESERVED, where),
                maxSource, maxTarget);
        Split train = encoder.encode("data.train", files.trainPath(), trainPairs, false);
        Split valid = encoder.encode("data.valid", files.validPath(), files.valid(), false);
        Split test = files.test() == null ? null : encoder.encode("data.test", files.testPath(), files.test(), false);
        return new PairsData(train, valid, test, encoder);
    }
}
