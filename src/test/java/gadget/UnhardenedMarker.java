package gadget;

/**
 * Named only by {@code Dl4jJsonTest}'s demonstration that DL4J's own, unhardened reader initialises a class a
 * configuration names before refusing it: records being initialised ({@link Marks}).
 */
public class UnhardenedMarker {
    static {
        Marks.mark(UnhardenedMarker.class, "static");
    }
}
