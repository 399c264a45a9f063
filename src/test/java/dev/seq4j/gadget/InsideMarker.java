package dev.seq4j.gadget;

import gadget.Marks;

/**
 * A class inside the allowlist's prefixes that is no DL4J type: named as a type id, it may be loaded (its name is
 * allowed) but must never be initialised, since Jackson's subtype check refuses it.
 */
public class InsideMarker {
    static {
        Marks.mark(InsideMarker.class, "static");
    }

    public InsideMarker() {
        Marks.mark(InsideMarker.class, "constructed");
    }
}
