package dev.seq4j.result;

import java.util.Locale;

/**
 * {@code eval} of a character language model run: its bits per character and perplexity over a whole text, each
 * character predicted from all before it in its stream.
 *
 * @param task              {@code charlm}
 * @param data              the file evaluated on
 * @param characters        how many characters (code points) it holds
 * @param predicted         how many were predicted: every one after the first
 * @param unknownCharacters how many the run's vocabulary does not know (read as its unknown symbol)
 * @param bitsPerChar       the mean of {@code -log2 p(next character)}
 * @param perplexity        per character, {@code 2^bitsPerChar}
 */
public record CharLmEvaluation(String task, String data, long characters, long predicted, long unknownCharacters,
                               double bitsPerChar, double perplexity) implements Evaluation {
    @Override
    public String headline() {
        return String.format(Locale.ROOT, "%,d characters (%,d unknown): %.4f bits/char, perplexity %.3f", characters,
                unknownCharacters, bitsPerChar, perplexity);
    }
}
