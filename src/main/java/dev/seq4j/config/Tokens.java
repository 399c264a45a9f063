package dev.seq4j.config;

/** What a text is split into: {@code data.tokens} (text classification), {@code data.sourceTokens} and {@code data.targetTokens} (seq2seq). */
public enum Tokens implements OptionValue {
    WORD, CHAR;

    /** Reads a config's value (blanks and case ignored); an unknown one is a {@link ConfigException} on {@code tokens}. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static Tokens of(String text) {
        return OptionValue.parse(Tokens.class, text, "tokens", OptionValue.ONE_OF);
    }

    /** What joins tokens back into text: nothing between characters, a space between words. */
    public String separator() {
        return this == CHAR ? "" : " ";
    }

    @Override
    public String toString() {
        return id();
    }
}
