package dev.seq4j.model.layers;

import java.util.function.Supplier;

/**
 * The one helper thread our recurrent and output layers share with the thread that trains them (a second core for
 * their large products, and for half the rows of a forward pass).
 */
public final class HelperThread {
    private HelperThread() {
    }

    /**
     * Runs {@code training} on this thread as one of several models trained side by side (an ensemble, one thread
     * per member): its passes keep their rows on this thread instead of splitting them with the shared helper, where
     * the members would queue behind each other's halves. Decided by the caller, not by timing, so that results do
     * not depend on timing.
     */
    public static <T> T sideBySide(Supplier<T> training) {
        return Gemms.sideBySide(training);
    }
}
