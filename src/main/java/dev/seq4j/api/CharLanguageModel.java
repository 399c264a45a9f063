package dev.seq4j.api;

/**
 * A character language model run ({@code task: charlm}): generates text and scores it in bits per character. Karpathy's
 * char-rnn: the prime is fed through the network, then each sampled character is fed back in, the recurrent state
 * carried from step to step.
 */
public interface CharLanguageModel extends TrainedModel {
    /**
     * Generates {@code length} characters after {@code prime}. The same arguments give the same text.
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
     * over every character after the first.
     *
     * @param text at least two characters
     * @return bits per character
     */
    double bitsPerChar(String text);
}
