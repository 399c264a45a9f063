package dev.seq4j;

/**
 * A run that could not go on for a reason the user can act on, not bad input: training diverged with nothing to
 * keep, a checkpoint could not be written. Reported as one line and exit code 1, without a stack trace.
 */
public class RunException extends RuntimeException {
    public RunException(String message) {
        super(message);
    }

    public RunException(String message, Throwable cause) {
        super(message, cause);
    }
}
