package dev.seq4j;

/** Small texts made by hand for tests. */
public final class TinyText {
    /** The seeds' example word, as a repeated text. */
    public static String jeep(int times) {
        return "jeep ".repeat(times);
    }

    /** A sentence whose every character is determined by the characters before it, repeated. */
    public static String pangram(int times) {
        return "the quick brown fox jumps over the lazy dog.\n".repeat(times);
    }

    private TinyText() {
    }
}
