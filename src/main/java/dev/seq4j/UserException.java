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

    /** The first line of an exception's message (its class name when it has none), to quote in a one-line error. */
    public static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
