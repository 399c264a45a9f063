package dev.seq4j.data.text;

import dev.seq4j.UserException;
import dev.seq4j.config.CharLmDataSpec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * The char LM's data, loaded and checked before anything is written: the vocabulary (built from the
 * training part only) and the encoded train, validation and optional test texts. A fractional
 * {@code data.valid} holds out the end of the training text, contiguous, so no validation character was
 * ever a training target.
 */
public record CharLmData(CharVocabulary vocabulary, int[] train, int[] valid, int[] test) {
    /** Fewest characters a split may have: a few sequences' worth keeps metrics meaningful. */
    public static final int MIN_CHARS = 16;

    public static CharLmData load(CharLmDataSpec spec) {
        return load(spec, null, null);
    }

    /**
     * As {@link #load(CharLmDataSpec)}, for a run that starts from another ({@code train.init}) with vocabulary
     * {@code init} ({@code null} for none), continued as {@code mode} ({@code train.initVocab}) says.
     */
    public static CharLmData load(CharLmDataSpec spec, CharVocabulary init, dev.seq4j.config.TrainSpec.InitVocab mode) {
        int[] all = TextFiles.read("data.train", Path.of(spec.train()), spec.fileLimit()).codePoints().toArray();
        int[] trainPart = all;
        int[] validPart;
        OptionalDouble fraction = spec.validFraction();
        if (fraction.isPresent()) {
            int cut = (int) Math.round(all.length * (1 - fraction.getAsDouble()));
            trainPart = Arrays.copyOfRange(all, 0, cut);
            validPart = Arrays.copyOfRange(all, cut, all.length);
            check("data.valid", validPart.length, spec.valid() + " of " + spec.train());
        } else {
            validPart = TextFiles.read("data.valid", Path.of(spec.valid()), spec.fileLimit()).codePoints().toArray();
            check("data.valid", validPart.length, spec.valid());
        }
        check("data.train", trainPart.length, spec.train());
        int[] testPart = null;
        if (spec.test() != null && !spec.test().isBlank()) {
            testPart = TextFiles.read("data.test", Path.of(spec.test()), spec.fileLimit()).codePoints().toArray();
            check("data.test", testPart.length, spec.test());
        }
        int[] text = trainPart;
        CharVocabulary vocabulary = CharVocabulary.continued(init, mode, trainPart, spec.minCharCount(),
                i -> "data.train: " + spec.train() + " line " + (1 + java.util.stream.IntStream.range(0, i)
                        .filter(k -> text[k] == '\n').count()));
        if (vocabulary.size() < 2) {
            // only the unknown symbol: a softmax over one class, which DL4J refuses
            throw new UserException("config key 'data.minCharCount': no character of " + spec.train() + " occurs "
                    + spec.minCharCount() + " times in the training part, so every one would be unknown; lower it");
        }
        if (spec.reverse()) { // a backward model reads each part from its end (the vocabulary is the same)
            trainPart = TextFiles.reversed(trainPart);
            validPart = TextFiles.reversed(validPart);
            testPart = testPart == null ? null : TextFiles.reversed(testPart);
        }
        return new CharLmData(vocabulary, vocabulary.encode(trainPart), vocabulary.encode(validPart),
                testPart == null ? null : vocabulary.encode(testPart));
    }

    private static void check(String key, int chars, String what) {
        if (chars < MIN_CHARS) {
            throw new UserException(key + ": " + what + " has " + chars + " characters; at least " + MIN_CHARS
                    + " are needed");
        }
    }
}
