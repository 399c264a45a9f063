/**
 * Test classes outside seq4j's allowlist of class names ({@code org.deeplearning4j.}, {@code org.nd4j.},
 * {@code dev.seq4j.}) that record being initialised or constructed; see {@code HostileRunTest}.
 */
package gadget;
