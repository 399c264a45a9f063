package gadget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the gadget classes record being initialised or constructed: a file {@code gadget-<class>-<event>} in the
 * directory named by the system property {@code seq4j.gadget.dir} (or {@code java.io.tmpdir}). Kept apart from the
 * gadgets so that marking one never initialises another.
 */
public final class Marks {
    private Marks() {
    }

    /** Writes the mark of {@code type}'s {@code event}. */
    public static void mark(Class<?> type, String event) {
        Path dir = Path.of(System.getProperty("seq4j.gadget.dir", System.getProperty("java.io.tmpdir")));
        try {
            Files.writeString(dir.resolve("gadget-" + type.getName() + "-" + event), event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
