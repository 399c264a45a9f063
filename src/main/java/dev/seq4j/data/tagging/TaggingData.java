package dev.seq4j.data.tagging;

import dev.seq4j.UserException;
import dev.seq4j.config.TaggingDataSpec;
import dev.seq4j.data.HeldOut;
import dev.seq4j.data.text.TokenVocabulary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tagged sentences read, checked and encoded for a tagger: word ids (lower-cased if configured, rare words as
 * the unknown word), suffix ids and shape bits per token, tag ids, and which tokens are out of vocabulary (their
 * word never occurs in the training data, at any count).
 *
 * @param scheme     the span scheme of the tags ({@code none} for plain tags)
 * @param tags       the tags of the training data, sorted
 * @param words      word vocabulary
 * @param suffixes   suffix vocabulary
 * @param trainWords every (normalised) word of the training data
 */
public record TaggingData(TagScheme scheme, List<String> tags, TokenVocabulary words, TokenVocabulary suffixes,
                          Set<String> trainWords, Split train, Split valid, Split test) {

    /**
     * Encoded sentences; {@code tags} is {@code null} for unlabelled data.
     *
     * @param oov per token: its word does not occur in the training data
     */
    public record Split(List<TaggedSentence> sentences, int[][] words, int[][] suffixes, int[][] shapes, int[][] tags,
                        boolean[][] oov) {
        public int size() {
            return sentences.size();
        }

        public long tokens() {
            return sentences.stream().mapToLong(TaggedSentence::size).sum();
        }
    }

    public static TaggingData load(TaggingDataSpec spec, long seed) {
        ConllReader reader = spec.reader();
        List<TaggedSentence> all = reader.read("data.train", Path.of(spec.train()));
        List<TaggedSentence> train;
        List<TaggedSentence> valid;
        if (spec.validFraction().isPresent()) {
            HeldOut<TaggedSentence> held = HeldOut.of(all, spec.validFraction().getAsDouble(), seed, spec.train());
            train = held.train();
            valid = held.valid();
        } else {
            train = all;
            valid = reader.read("data.valid", Path.of(spec.valid()));
        }
        List<TaggedSentence> test = spec.test() == null ? null : reader.read("data.test", Path.of(spec.test()));
        TagScheme scheme = spec.scheme().equals("auto")
                ? TagScheme.detect(train.stream().flatMap(s -> s.tags().stream()).toList())
                : TagScheme.of(spec.scheme());
        TreeSet<String> tagSet = new TreeSet<>();
        for (TaggedSentence s : train) {
            for (int i = 0; i < s.size(); i++) {
                String problem = scheme.problem(s.tags().get(i));
                if (problem != null) {
                    throw new UserException("data.train: " + s.where(i) + ": " + problem);
                }
                tagSet.add(s.tags().get(i));
            }
        }
        if (tagSet.size() < 2) {
            throw new UserException("data.train: " + spec.train() + " has only the tag " + tagSet + "; a tagger needs two or more");
        }
        List<String> tags = List.copyOf(tagSet);
        List<List<String>> normalised = train.stream().map(s -> normalise(s.tokens(), spec.lowercase())).toList();
        TokenVocabulary words = TokenVocabulary.build(normalised, spec.minCount(), spec.maxVocab());
        TokenVocabulary suffixes = TokenVocabulary.build(train.stream()
                .map(s -> s.tokens().stream().map(WordFeatures::suffix).toList()).toList(), spec.minCount(), spec.maxVocab());
        Set<String> trainWords = new TreeSet<>();
        normalised.forEach(trainWords::addAll);
        return new TaggingData(scheme, tags, words, suffixes, trainWords,
                encode("data.train", train, tags, words, suffixes, trainWords, spec.lowercase()),
                encode("data.valid", valid, tags, words, suffixes, trainWords, spec.lowercase()),
                test == null ? null : encode("data.test", test, tags, words, suffixes, trainWords, spec.lowercase()));
    }

    /** The tokens as the vocabulary sees them. */
    public static List<String> normalise(List<String> tokens, boolean lowercase) {
        return lowercase ? tokens.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList() : tokens;
    }

    /**
     * Encodes sentences; {@code tags} of the sentences are required when {@code tagList} is given, and each must be
     * one of them (a tag the model never saw is an error naming file and line); with {@code tagList} {@code null}
     * the split is unlabelled.
     */
    public static Split encode(String key, List<TaggedSentence> sentences, List<String> tagList, TokenVocabulary words,
                               TokenVocabulary suffixes, Set<String> trainWords, boolean lowercase) {
        int n = sentences.size();
        int[][] w = new int[n][];
        int[][] sfx = new int[n][];
        int[][] shapes = new int[n][];
        int[][] t = tagList == null ? null : new int[n][];
        boolean[][] oov = new boolean[n][];
        java.util.Map<String, Integer> tagIds = new java.util.HashMap<>();
        if (tagList != null) {
            for (int i = 0; i < tagList.size(); i++) {
                tagIds.put(tagList.get(i), i);
            }
        }
        for (int k = 0; k < n; k++) {
            TaggedSentence s = sentences.get(k);
            List<String> norm = normalise(s.tokens(), lowercase);
            int len = s.size();
            w[k] = words.encode(norm);
            sfx[k] = new int[len];
            shapes[k] = new int[len];
            oov[k] = new boolean[len];
            if (t != null) {
                if (s.tags() == null) {
                    throw new UserException(key + ": " + s.file() + " has no tag column");
                }
                t[k] = new int[len];
            }
            for (int i = 0; i < len; i++) {
                sfx[k][i] = suffixes.id(WordFeatures.suffix(s.tokens().get(i)));
                shapes[k][i] = WordFeatures.shape(s.tokens().get(i), i == 0);
                oov[k][i] = !trainWords.contains(norm.get(i));
                if (t != null) {
                    Integer id = tagIds.get(s.tags().get(i));
                    if (id == null) {
                        throw new UserException(key + ": " + s.where(i) + ": tag '" + s.tags().get(i)
                                + "' does not occur in the training data (its tags: " + String.join(" ", tagList) + ")");
                    }
                    t[k][i] = id;
                }
            }
        }
        return new Split(sentences, w, sfx, shapes, t, oov);
    }
}
