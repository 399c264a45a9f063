package dev.seq4j.data.text;

import dev.seq4j.UserException;
import dev.seq4j.config.TextClassDataSpec;
import dev.seq4j.data.HeldOut;
import dev.seq4j.data.Labels;

import java.nio.file.Path;
import java.util.List;

/**
 * Text classification data, loaded and checked before anything is written: the vocabulary and the label set
 * (both from the training part only) and the encoded splits. A fractional {@code data.valid} holds out a
 * seeded random sample of the training file (labelled files are often sorted by label).
 *
 * @param labels    class names in {@link Labels#sorted} order; class {@code i} is {@code labels.get(i)}
 * @param truncated texts cut to {@code data.maxLength} tokens, per split (train, valid, test)
 */
public record TextClassData(TokenVocabulary vocabulary, List<String> labels, Split train, Split valid, Split test,
                            int[] truncated) {

    /**
     * Encoded texts {@code [n][length]} and their class ids; for a model with char-LM features also each text's tokens
     * as written ({@link Tokenizer#written}, cut as the ids are) and their features {@code [n][length][width]}, else
     * {@code null}.
     */
    public record Split(int[][] texts, int[] classes, List<List<String>> written, dev.seq4j.data.RowContext context) {
        public Split(int[][] texts, int[] classes) {
            this(texts, classes, null, null);
        }

        public int size() {
            return classes.length;
        }

        /** The same texts with char-LM inputs ({@link dev.seq4j.data.RowContext}). */
        public Split withContext(dev.seq4j.data.RowContext context) {
            return new Split(texts, classes, written, context);
        }

        /** The texts at {@code rows}, in that order. */
        public Split rows(int[] rows) {
            int[][] t = new int[rows.length][];
            int[] c = new int[rows.length];
            List<List<String>> w = written == null ? null : new java.util.ArrayList<>(rows.length);
            for (int k = 0; k < rows.length; k++) {
                t[k] = texts[rows[k]];
                c[k] = classes[rows[k]];
                if (w != null) {
                    w.add(written.get(rows[k]));
                }
            }
            return new Split(t, c, w, context == null ? null : context.rows(rows));
        }
    }

    /** The same data, every split with the char-LM inputs {@code features} gives its texts' written tokens. */
    public TextClassData withContext(java.util.function.Function<List<List<String>>, dev.seq4j.data.RowContext> features) {
        java.util.function.UnaryOperator<Split> add = s -> s == null ? null
                : s.withContext(features.apply(s.written()));
        return new TextClassData(vocabulary, labels, add.apply(train), add.apply(valid), add.apply(test), truncated);
    }

    public static TextClassData load(TextClassDataSpec spec, long seed) {
        return load(spec, seed, null);
    }

    /**
     * What a fine-tuning run takes from the run it starts from ({@code train.init}): its labels (where they hold every
     * training label) and its vocabulary, continued as {@code vocab} ({@code train.initVocab}) says.
     */
    public record Inputs(List<String> labels, TokenVocabulary vocabulary, dev.seq4j.config.TrainSpec.InitVocab vocab) {
    }

    /** As {@link #load(TextClassDataSpec, long)}; with {@code from} (or {@code null}), see {@link Inputs}. */
    public static TextClassData load(TextClassDataSpec spec, long seed, Inputs from) {
        return load(spec, seed, from, false);
    }

    /** As above; with {@code written}, the splits keep each text's tokens as written (for char-LM features). */
    public static TextClassData load(TextClassDataSpec spec, long seed, Inputs from, boolean written) {
        List<LabelledText> all = LabelledText.read("data.train", Path.of(spec.train()), spec);
        List<LabelledText> trainRows = all;
        List<LabelledText> validRows;
        if (spec.validFraction().isPresent()) {
            HeldOut<LabelledText> held = HeldOut.of(all, spec.validFraction().getAsDouble(), seed, spec.train());
            trainRows = held.train();
            validRows = held.valid();
        } else {
            validRows = LabelledText.read("data.valid", Path.of(spec.valid()), spec);
        }
        List<LabelledText> testRows = spec.test() == null || spec.test().isBlank() ? null
                : LabelledText.read("data.test", Path.of(spec.test()), spec);

        List<String> labels = Labels.continued(from == null ? null : from.labels(),
                Labels.sorted(trainRows.stream().map(LabelledText::label).toList()));
        if (labels.size() < 2) {
            throw new UserException("data.train: " + spec.train() + " has only the label " + labels
                    + "; a classifier needs at least two");
        }
        List<List<String>> trainTokens = trainRows.stream().map(r -> Tokenizer.tokens(r.text(), spec.tokens())).toList();
        List<LabelledText> rows = trainRows;
        TokenVocabulary vocabulary = TokenVocabulary.continued(from == null ? null : from.vocabulary(),
                from == null ? null : from.vocab(), trainTokens, spec.minCount(), spec.maxVocab(),
                (i, j) -> "data.train: " + spec.train() + " line " + rows.get(i).line());
        int[] truncated = new int[3];
        Split train = encode("data.train", spec.train(), trainRows, labels, vocabulary, spec, truncated, 0, written);
        Split valid = encode("data.valid", spec.valid(), validRows, labels, vocabulary, spec, truncated, 1, written);
        Split test = testRows == null ? null : encode("data.test", spec.test(), testRows, labels, vocabulary, spec,
                truncated, 2, written);
        return new TextClassData(vocabulary, labels, train, valid, test, truncated);
    }

    /**
     * Encodes rows with a finished run's vocabulary and labels (eval, predict). A label the model was not
     * trained on is an error naming the line; {@code labels == null} reads no labels at all.
     */
    public static Split encode(String key, String file, List<LabelledText> rows, List<String> labels,
                               TokenVocabulary vocabulary, TextClassDataSpec spec, int[] truncated, int slot) {
        return encode(key, file, rows, labels, vocabulary, spec, truncated, slot, false);
    }

    /** As above; with {@code written}, the split keeps each text's tokens as written, cut as the ids are. */
    public static Split encode(String key, String file, List<LabelledText> rows, List<String> labels,
                               TokenVocabulary vocabulary, TextClassDataSpec spec, int[] truncated, int slot,
                               boolean written) {
        int[][] texts = new int[rows.size()][];
        int[] classes = new int[rows.size()];
        List<List<String>> words = written ? new java.util.ArrayList<>(rows.size()) : null;
        for (int i = 0; i < rows.size(); i++) {
            LabelledText row = rows.get(i);
            int[] ids = vocabulary.encode(Tokenizer.tokens(row.text(), spec.tokens()));
            List<String> tokens = written ? Tokenizer.written(row.text(), spec.tokens()) : null;
            if (ids.length == 0) {
                throw new UserException(key + ": " + file + " line " + row.line() + ": no tokens in '" + row.text() + "'");
            }
            if (spec.maxLength() > 0 && ids.length > spec.maxLength()) {
                ids = java.util.Arrays.copyOf(ids, spec.maxLength());
                tokens = tokens == null ? null : tokens.subList(0, spec.maxLength());
                truncated[slot]++;
            }
            if (words != null) {
                words.add(List.copyOf(tokens));
            }
            texts[i] = ids;
            if (labels != null) {
                classes[i] = labels.indexOf(row.label());
                if (classes[i] < 0) {
                    throw new UserException(key + ": " + file + " line " + row.line() + ": label '" + row.label()
                            + "' does not occur in the training data " + labels);
                }
            }
        }
        return new Split(texts, classes, words, null);
    }
}
