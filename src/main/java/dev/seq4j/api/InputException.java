package dev.seq4j.api;

import dev.seq4j.UserException;

/**
 * One input of a call that the model cannot use (a text without tokens, a series of the wrong width, a source longer
 * than the model reads), naming it by its index in the batch: {@code texts[3]: no tokens in '...'}. A caller that
 * read the inputs from a file maps {@link #index()} back to its line.
 */
public final class InputException extends UserException {
    /** The input's index in the call. */
    private final int index;
    /** What is wrong with the input. */
    private final String reason;

    /**
     * @param inputs what the inputs are ({@code texts}, {@code series}, ...)
     * @param index  the input's index in the call (0 for a single input)
     * @param reason what is wrong with it, without the index
     */
    public InputException(String inputs, int index, String reason) {
        super(inputs + "[" + index + "]: " + reason);
        this.index = index;
        this.reason = reason;
    }

    /**
     * Which input.
     *
     * @return the input's index in the call
     */
    public int index() {
        return index;
    }

    /**
     * Why.
     *
     * @return what is wrong with the input, without its index
     */
    public String reason() {
        return reason;
    }
}
