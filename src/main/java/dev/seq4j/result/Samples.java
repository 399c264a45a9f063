package dev.seq4j.result;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A run's {@code samples.json}: a few validation examples and what the run's best model made of them, written with the
 * summary for {@code seq4j ui} and {@code seq4j report} to show. The examples are spread evenly through the split
 * ({@link #spread}), never chosen by whether the model got them right.
 *
 * @param kind            how the examples read: {@code label} (a text and its class), {@code tags} (tokens and one tag
 *                        for each), {@code sequence} (a source and the model's output), {@code caption} (an image and
 *                        its caption)
 * @param split           the split they come from ({@code valid})
 * @param of              how many examples the split holds
 * @param inputSeparator  what joins the input's tokens into text ({@code ""} for characters, {@code " "} for words)
 * @param outputSeparator what joins the expected and predicted tokens
 * @param samples         the examples, in the split's order
 */
public record Samples(String kind, String split, int of, String inputSeparator, String outputSeparator,
                      List<Sample> samples) {
    /** How many examples a run keeps. */
    public static final int COUNT = 8;

    /**
     * Copies the list.
     *
     * @param kind            how the examples read
     * @param split           the split they come from
     * @param of              how many examples the split holds
     * @param inputSeparator  what joins the input's tokens
     * @param outputSeparator what joins the expected and predicted tokens
     * @param samples         the examples
     */
    public Samples {
        samples = List.copyOf(samples);
    }

    /**
     * One example.
     *
     * @param input      its tokens as the model read them (unknown ones as {@code <unk>}; cut where the model cut);
     *                   empty for an image
     * @param image      the image as the model saw it, a {@code data:image/png;base64,...} URL; {@code null} for text
     * @param expected   the true class (one token), tags or output tokens
     * @param predicted  the model's
     * @param confidence the probability the model gave its class (classifiers); {@code null} otherwise
     * @param correct    whether {@code predicted} equals {@code expected}
     */
    public record Sample(List<String> input, @JsonInclude(JsonInclude.Include.NON_NULL) String image,
                         List<String> expected, List<String> predicted,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double confidence, boolean correct) {
        /**
         * Copies the lists.
         *
         * @param input      the input's tokens
         * @param image      the image's data URL, or {@code null}
         * @param expected   the true output
         * @param predicted  the model's
         * @param confidence the probability of the model's class, or {@code null}
         * @param correct    whether the two are equal
         */
        public Sample {
            input = List.copyOf(input);
            expected = List.copyOf(expected);
            predicted = List.copyOf(predicted);
        }

        /**
         * An example without a confidence; correct when the two token lists are equal.
         *
         * @param input     the input's tokens
         * @param image     the image's data URL, or {@code null}
         * @param expected  the true output
         * @param predicted the model's
         * @return the example
         */
        public static Sample of(List<String> input, String image, List<String> expected, List<String> predicted) {
            return new Sample(input, image, expected, predicted, null, expected.equals(predicted));
        }
    }

    /**
     * Indices of up to {@code count} examples spread evenly through {@code size}: the first, then every
     * {@code size / count}-th, so that they come from all over a split that is ordered by document or by source.
     *
     * @param count how many are wanted
     * @param size  how many there are
     * @return increasing indices, {@code min(count, size)} of them
     */
    public static int[] spread(int count, int size) {
        int n = Math.max(0, Math.min(count, size));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) ((long) i * size / n);
        }
        return out;
    }
}
