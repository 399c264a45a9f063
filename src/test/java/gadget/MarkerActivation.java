package gadget;

import org.nd4j.linalg.activations.impl.ActivationIdentity;

/** An activation function outside the allowlist (a real subtype DL4J would create): records being initialised. */
public class MarkerActivation extends ActivationIdentity {
    static {
        Marks.mark(MarkerActivation.class, "static");
    }

    public MarkerActivation() {
        Marks.mark(MarkerActivation.class, "constructed");
    }
}
