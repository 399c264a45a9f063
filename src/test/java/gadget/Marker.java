package gadget;

/**
 * A class outside seq4j's allowlist that records being initialised or constructed ({@link Marks}). The
 * hostile-run-directory cases name it where a run directory's files name a class; no mark may ever appear.
 */
public class Marker {
    static {
        Marks.mark(Marker.class, "static");
    }

    public Marker() {
        Marks.mark(Marker.class, "constructed");
    }
}
