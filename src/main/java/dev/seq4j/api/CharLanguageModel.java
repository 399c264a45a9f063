package dev.seq4j.api;

import dev.seq4j.result.CharLmSummary;

import java.util.List;

/**
 * A character language model run ({@code task: charlm}): generates text and scores it in bits per character. Karpathy's
 * char-rnn: the prime is fed through the network, then each sampled character is fed back in, the recurrent state
 * carried from step to step.
 */
public interface CharLanguageModel extends TrainedModel {
    /**
     * What training reported.
     *
     * @return the run's {@code summary.json}: bits per character and perplexity against the 5-gram baseline and a
     *         uniform guess, the generated sample
     */
    @Override
    CharLmSummary summary();

    /**
     * The characters the model reads and predicts, in the order of its one-hot inputs and outputs: index 0 is the
     * unknown symbol (U+FFFD), which stands for every character the training text did not have.
     *
     * @return one symbol (a code point, as a string) per index
     */
    List<String> vocabulary();

    /**
     * Generates {@code length} characters after {@code prime} (for a {@link #backward()} model: before it, returned in
     * reading order). The same arguments give the same text.
     *
     * @param length      how many characters to generate, &gt;= 0
     * @param prime       text to start from (unknown characters read as the unknown symbol); empty starts from a newline
     * @param temperature sampling temperature, &gt; 0; lower is more conservative
     * @param topK        sample among the {@code topK} likeliest characters only; 0 for all
     * @param seed        the sampler's seed
     * @return the generated characters, without the prime
     */
    String generate(String prime, int length, double temperature, int topK, long seed);

    /**
     * The model's cross-entropy on {@code text} in bits per character: the mean of {@code -log2 p(next character)}
     * over every character after the first (for a {@link #backward()} model, reading {@code text} from its end).
     *
     * @param text at least two characters
     * @return bits per character
     */
    double bitsPerChar(String text);

    /**
     * Which way the model reads.
     *
     * @return {@code true} for a backward model, trained on text read from its end ({@code data.reverse})
     */
    boolean backward();
}
