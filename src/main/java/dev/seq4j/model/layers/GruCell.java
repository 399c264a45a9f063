package dev.seq4j.model.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise half of {@link GruKernel} for one time step of a minibatch (see {@link GRU} for the
 * equations). Each step has two halves around the candidate's product {@code (r * h') Un}, forward and
 * backward. Off-heap arrays are time-major, row {@code t * mb + b}:
 * <pre>
 * zx  [T*mb, 3n]   x W, gate blocks [r | z | n]            rh  [T*mb, n]    r * h'
 * h   [(T+1)*mb, n] states, block 0 the initial one         drz [T*mb, 2n(+)] d(pre-activations of r, z)
 * dn  [T*mb, n]    d(pre-activation of the candidate)    (+): single-precision padding, {@link Gemms#paddedWidth}
 * </pre>
 */
interface GruCell {
    void size(int mb, int steps, int n);

    /** The biases {@code [1, 3n]}. */
    void bias(INDArray b);

    /** The state before step 0, {@code [mb, n]}, or {@code null} for zeros. */
    void initialState(INDArray h0);

    /** The mask, time-major {@code [steps * mb]}, or {@code null}. */
    void mask(INDArray maskTimeMajor);

    /** Gates r and z of step {@code t} from {@code zx} and {@code rz} ({@code [mb, 2n]}, h' [Ur Uz]); writes r * h' into {@code rh}. */
    void forwardGates(int t, INDArray zx, INDArray rz, INDArray rh);

    /** The candidate from {@code zx} and {@code nr} ({@code [mb, n]}, (r * h') Un) and the new state into {@code h}. */
    void forwardState(int t, INDArray zx, INDArray nr, INDArray h);

    /**
     * Whether {@link #forwardGates(int, INDArray, INDArray, INDArray, int, int)} and its {@code forwardState} run rows
     * {@code from .. to-1} only, so that two threads may take disjoint rows of one step (as {@link LstmCell#forwardRows}).
     */
    default boolean splitsRows() {
        return false;
    }

    /** {@link #forwardGates} for rows {@code from .. to-1} (where {@link #splitsRows}); {@code rz} holds all rows. */
    default void forwardGates(int t, INDArray zx, INDArray rz, INDArray rh, int from, int to) {
        throw new UnsupportedOperationException("this cell does not split its rows");
    }

    /** {@link #forwardState} for rows {@code from .. to-1} (where {@link #splitsRows}); {@code nr} holds all rows. */
    default void forwardState(int t, INDArray zx, INDArray nr, INDArray h, int from, int to) {
        throw new UnsupportedOperationException("this cell does not split its rows");
    }

    /** Starts a backward pass with the gradient with respect to every output, time-major {@code [T*mb, n]}. */
    void startBackward(INDArray epsTimeMajor);

    /**
     * First half of step {@code t} backward: with {@code rec} ({@code [mb, n]}, the gradient reaching h_t through
     * step t+1's gates; {@code null} at the last step), writes the candidate's and the update gate's
     * pre-activation gradients into {@code dn} and {@code drz}.
     */
    void backwardState(int t, INDArray rec, INDArray dn, INDArray drz);

    /** Second half: with {@code drh} ({@code [mb, n]}, d(r * h') = dn Un^T), writes the reset gate's into {@code drz}. */
    void backwardGates(int t, INDArray drh, INDArray drz);

    /** The bias gradient summed over the steps done backward, into {@code db} ({@code [1, 3n]}). */
    void biasGradient(INDArray db);

    /** As {@link LstmCell#outputs}. */
    default boolean outputs(INDArray out) {
        return false;
    }

    /** As {@link LstmCell#startBackwardFromOutputLayout}. */
    default boolean startBackwardFromOutputLayout(INDArray eps) {
        return false;
    }

    static GruCell of(DataType dataType) {
        return dataType == DataType.DOUBLE ? new GruCellDouble() : new GruCellFloat();
    }
}
