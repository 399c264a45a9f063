package dev.seq4j;

/**
 * A problem with what the user gave us (a config key, a data file, a run directory), as opposed to a bug
 * or an environment failure. The CLI turns it into one line on stderr and exit code 2; nothing should have
 * been written when it is thrown.
 */
public class UserException extends RuntimeException {
    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * An exception's message folded onto one line (its class name when it has none), to quote in a one-line error:
     * library messages often add a second line (a location, an excerpt with a caret, a hint).
     */
    public static String oneLine(Throwable e) {
        return oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    /** {@code text} on one line: each line stripped, blank ones dropped, the rest joined with a space. */
    public static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(java.util.stream.Collectors.joining(" "));
    }

    /** As {@link #oneLine(Throwable)}: the whole message folded onto one line (the name stays for its callers). */
    public static String firstLine(Throwable e) {
        return oneLine(e);
    }
}
