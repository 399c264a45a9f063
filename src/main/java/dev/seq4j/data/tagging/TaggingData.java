package dev.seq4j.data.tagging;

import dev.seq4j.UserException;
import dev.seq4j.config.TaggingDataSpec;
import dev.seq4j.data.HeldOut;
import dev.seq4j.data.Labels;
import dev.seq4j.data.text.TokenVocabulary;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tagged sentences read, checked and encoded for a tagger: word ids (lower-cased if configured, rare words as
 * the unknown word), suffix ids and shape bits per token, tag ids, and which tokens are out of vocabulary (their
 * word never occurs in the training data, at any count).
 *
 * @param scheme      the span scheme of the data's tags ({@code none} for plain tags)
 * @param trainScheme the scheme the model is trained in (the data's tags are converted to it, through their spans)
 * @param tags        the model's tags: those of the training data in {@code trainScheme}, sorted
 * @param words      word vocabulary
 * @param suffixes   suffix vocabulary
 * @param trainWords every (normalised) word of the training data
 */
public record TaggingData(TagScheme scheme, TagScheme trainScheme, List<String> tags, TokenVocabulary words, TokenVocabulary suffixes,
                          Set<String> trainWords, Split train, Split valid, Split test) {

    /**
     * Encoded sentences; {@code tags} (the model's tag ids) is {@code null} for unlabelled data. The data's own tags
     * stay in the sentences.
     *
     * @param oov     per token: its word does not occur in the training data
     * @param context per sentence, contextual char-LM inputs ({@code model.charLm}): the LMs' features of each token, or
     *                the LMs' own inputs when they train with the tagger; {@code null} without
     */
    public record Split(List<TaggedSentence> sentences, int[][] words, int[][] suffixes, int[][] shapes, int[][] tags,
                        boolean[][] oov, dev.seq4j.data.RowContext context) {
        public int size() {
            return sentences.size();
        }

        /** This split with contextual char-LM inputs. */
        public Split withContext(dev.seq4j.data.RowContext context) {
            return new Split(sentences, words, suffixes, shapes, tags, oov, context);
        }

        public long tokens() {
            return sentences.stream().mapToLong(TaggedSentence::size).sum();
        }
    }

    /** This data with contextual char-LM inputs for every split, made by {@code features} from its sentences. */
    public TaggingData withContext(java.util.function.Function<List<TaggedSentence>, dev.seq4j.data.RowContext> features) {
        return new TaggingData(scheme, trainScheme, tags, words, suffixes, trainWords,
                train.withContext(features.apply(train.sentences())), valid.withContext(features.apply(valid.sentences())),
                test == null ? null : test.withContext(features.apply(test.sentences())));
    }

    public static TaggingData load(TaggingDataSpec spec, long seed) {
        return load(spec, seed, null);
    }

    /**
     * What a fine-tuning run takes from the run it starts from ({@code train.init}) instead of deriving it.
     *
     * @param trainScheme the init model's tag scheme
     * @param tags        the init model's tags
     * @param trainWords  the words the init run was trained on (its baseline's), for the out-of-vocabulary flags
     * @param vocab       what becomes of the new training data's words (and suffixes) that the vocabularies lack
     *                    ({@code train.initVocab}; a refusal is about words)
     */
    public record Inputs(TagScheme trainScheme, List<String> tags, TokenVocabulary words, TokenVocabulary suffixes,
                         Set<String> trainWords, dev.seq4j.config.TrainSpec.InitVocab vocab) {
    }

    /**
     * As {@link #load(TaggingDataSpec, long)}; with {@code from} (or {@code null}), the vocabularies and, where they
     * hold every training tag, the tags are the init run's (see {@link Inputs}). The out-of-vocabulary flags then mark
     * words seen in neither run's training data.
     */
    public static TaggingData load(TaggingDataSpec spec, long seed, Inputs from) {
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
        TagScheme scheme = spec.scheme() == dev.seq4j.config.TaggingDataSpec.Scheme.AUTO
                ? TagScheme.detect(train.stream().flatMap(s -> s.tags().stream()).toList())
                : TagScheme.of(spec.scheme().id());
        if (scheme == TagScheme.NONE && spec.trainScheme() != dev.seq4j.config.TaggingDataSpec.TrainScheme.SAME) {
            throw new UserException("config key 'data.trainScheme': the training tags of " + spec.train()
                    + " mark no spans (scheme none), so there is nothing to convert; use same");
        }
        TagScheme trainScheme = spec.trainScheme() == dev.seq4j.config.TaggingDataSpec.TrainScheme.SAME ? scheme : TagScheme.of(spec.trainScheme().id());
        TreeSet<String> tagSet = new TreeSet<>();
        for (TaggedSentence s : train) {
            check("data.train", s, scheme);
            tagSet.addAll(convert(s.tags(), scheme, trainScheme));
        }
        if (tagSet.size() < 2) {
            throw new UserException("data.train: " + spec.train() + " has only the tag " + tagSet + "; a tagger needs two or more");
        }
        List<String> tags = Labels.continued(from != null && from.trainScheme() == trainScheme ? from.tags() : null,
                List.copyOf(tagSet));
        List<List<String>> normalised = train.stream().map(s -> normalise(s.tokens(), spec.lowercase())).toList();
        List<List<String>> suffixed = train.stream()
                .map(s -> s.tokens().stream().map(WordFeatures::suffix).toList()).toList();
        var vocab = from == null ? null : from.vocab();
        java.util.function.BiFunction<Integer, Integer, String> where = (i, j) -> "data.train: " + train.get(i).where(j);
        TokenVocabulary words = TokenVocabulary.continued(from == null ? null : from.words(), vocab, normalised,
                spec.minCount(), spec.maxVocab(), where);
        // a suffix is refused with its word, never alone: a word the vocabulary holds brings no new suffix
        TokenVocabulary suffixes = TokenVocabulary.continued(from == null ? null : from.suffixes(),
                vocab == dev.seq4j.config.TrainSpec.InitVocab.EXTEND ? vocab : dev.seq4j.config.TrainSpec.InitVocab.KEEP,
                suffixed, spec.minCount(), spec.maxVocab(), where);
        Set<String> trainWords = new TreeSet<>();
        normalised.forEach(trainWords::addAll);
        if (from != null) {
            trainWords.addAll(from.trainWords());
        }
        Encoder encoder = new Encoder(tags, scheme, trainScheme, words, suffixes, trainWords, spec.lowercase());
        return new TaggingData(scheme, trainScheme, tags, words, suffixes, trainWords,
                encoder.encode("data.train", train, true), encoder.encode("data.valid", valid, true),
                test == null ? null : encoder.encode("data.test", test, true));
    }

    /** Every tag of a labelled sentence must be a tag of {@code scheme}; otherwise an error naming file and line. */
    private static void check(String key, TaggedSentence s, TagScheme scheme) {
        for (int i = 0; i < s.size(); i++) {
            String problem = scheme.problem(s.tags().get(i));
            if (problem != null) {
                throw new UserException(key + ": " + s.where(i) + ": " + problem);
            }
        }
    }

    /** {@code tags} of scheme {@code from} in scheme {@code to} (the same list when the schemes are the same). */
    public static List<String> convert(List<String> tags, TagScheme from, TagScheme to) {
        return from == to ? tags : to.convert(tags);
    }

    /**
     * Turns sentences into a {@link Split} for one vocabulary and tag set.
     *
     * @param tags        the model's tags
     * @param scheme      the data's scheme
     * @param trainScheme the model's scheme
     * @param trainWords  the training words, for the out-of-vocabulary flags
     */
    public record Encoder(List<String> tags, TagScheme scheme, TagScheme trainScheme, TokenVocabulary words,
                          TokenVocabulary suffixes, Set<String> trainWords, boolean lowercase) {
        /**
         * With {@code labelled}, every sentence needs tags of the data's scheme, converted to the model's, each one
         * the model knows (an unknown one is an error naming file and line); otherwise tags are ignored.
         */
        public Split encode(String key, List<TaggedSentence> sentences, boolean labelled) {
            return TaggingData.encode(key, sentences, labelled ? this : null, words, suffixes, trainWords, lowercase);
        }
    }

    /** The tokens as the vocabulary sees them. */
    public static List<String> normalise(List<String> tokens, boolean lowercase) {
        return lowercase ? tokens.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList() : tokens;
    }

    private static Split encode(String key, List<TaggedSentence> sentences, Encoder labels, TokenVocabulary words,
                                TokenVocabulary suffixes, Set<String> trainWords, boolean lowercase) {
        List<String> tagList = labels == null ? null : labels.tags();
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
                check(key, s, labels.scheme());
                t[k] = new int[len];
            }
            List<String> modelTags = t == null ? null : convert(s.tags(), labels.scheme(), labels.trainScheme());
            for (int i = 0; i < len; i++) {
                sfx[k][i] = suffixes.id(WordFeatures.suffix(s.tokens().get(i)));
                shapes[k][i] = WordFeatures.shape(s.tokens().get(i), i == 0);
                oov[k][i] = !trainWords.contains(norm.get(i));
                if (t != null) {
                    Integer id = tagIds.get(modelTags.get(i));
                    if (id == null) {
                        throw new UserException(key + ": " + s.where(i) + ": tag '" + s.tags().get(i)
                                + "' does not occur in the training data (its tags: " + String.join(" ", tagList) + ")"
                                + (key.equals("data.valid") ? "; a rare tag can fall entirely into a held-out "
                                + "fraction: give data.valid a file, or more data" : ""));
                    }
                    t[k][i] = id;
                }
            }
        }
        return new Split(sentences, w, sfx, shapes, t, oov, null);
    }
}
