package dev.seq4j.model.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise half of {@link LstmKernel}: the gate non-linearities, the cell update and their
 * derivatives for one time step of a whole minibatch, on Java arrays (plain loops the JIT turns into SIMD
 * code), with everything the backward pass needs kept from the forward pass. The kernel moves each step's
 * pre-activations in and its states out; the matrix products stay in ND4J.
 *
 * <p>Layout, as DL4J's LSTM: the four gate blocks of a row are {@code [a | f | o | i]}, each {@code n} wide:
 * block input (tanh), forget, output and input gate (sigmoid). With mask value {@code m} of a row and step:
 * <pre>
 * c~ = f * c' + i * a      h~ = o * tanh(c~)      c = m * c~      h = m * h~
 * </pre>
 * so a masked step passes a zero state on, as DL4J's own LSTM does.
 */
interface LstmCell {
    /** Makes room for {@code steps} steps of {@code mb} rows of {@code n} units. */
    void size(int mb, int steps, int n);

    /** The gate biases {@code [1, 4n]}, added to each step's pre-activations. */
    void bias(INDArray b);

    /** The cell state before step 0, {@code [mb, n]}, or {@code null} for zeros. */
    void initialCell(INDArray c0);

    /** The mask, time-major {@code [steps * mb]} (row {@code t * mb + b}), or {@code null}. */
    void mask(INDArray maskTimeMajor);

    /**
     * Step {@code t} forward: reads the pre-activations of step {@code t} from {@code z} (time-major
     * {@code [steps * mb, 4n]}, or with unused columns after the 4n: {@link Gemms#paddedWidth}), writes {@code h_t} into row block {@code t + 1} of {@code h}
     * ({@code [(steps + 1) * mb, n]}, block 0 holding the initial state).
     */
    void forward(int t, INDArray z, INDArray h);

    /**
     * Step {@code t} forward for rows {@code from .. to-1} only, as {@link #forward} does for all: two threads may
     * run disjoint row ranges of the same step at once (the rows of a minibatch are independent sequences). Only
     * after {@link #prepareRows} said yes, on the calling thread.
     */
    default void forwardRows(int t, int from, int to) {
        throw new UnsupportedOperationException("this cell does not take rows apart");
    }

    /**
     * Readies {@link #forwardRows} for passes into {@code z} and {@code h}; {@code false} where the cell cannot (the
     * double cell, or a pass that packs its rows or does its own recurrent products).
     */
    default boolean prepareRows(INDArray z, INDArray h) {
        return false;
    }

    /** The cell state after the last step, {@code [mb, n]}, detached. */
    INDArray lastCell(DataType dataType);

    /**
     * Whether this cell adds the recurrent product {@code h_{t-1} RW} to each step's pre-activations itself, in
     * Java, for the forward passes that follow (until the next call): {@code rw} the recurrent weights
     * {@code [n, 4n]} 'c'-ordered, {@code h0} the initial state {@code [mb, n]} 'c'-ordered. Worth it for the
     * few rows of an inference call, where ND4J's per-call cost outweighs a small product (see
     * {@link LstmKernel}). {@code rw} {@code null}, or a {@code false} answer, leaves the products to the kernel.
     */
    default boolean recurrence(INDArray rw, INDArray h0) {
        return false;
    }

    /** Starts a backward pass with the gradient of the loss with respect to every output, time-major: {@code [T*mb*n]}
     * contiguous from the array's first element (a time-major {@code [T*mb, n]} array, or a view of one as {@code [mb, n, T]}). */
    void startBackward(INDArray epsTimeMajor);

    /**
     * Writes the outputs of the last forward pass into {@code out}, {@code [T*mb, n]} 'f'-ordered with row
     * {@code t * mb + b}: the layout DL4J's output layers reshape to without copying. Returns {@code false}
     * where the cell leaves that to the kernel.
     */
    default boolean outputs(INDArray out) {
        return false;
    }

    /**
     * {@link #startBackward} with the gradient in the layout of {@link #outputs}; returns {@code false} where
     * the cell leaves that to the kernel.
     */
    default boolean startBackwardFromOutputLayout(INDArray eps) {
        return false;
    }

    /**
     * Step {@code t} backward: adds {@code rec} (the gradient reaching {@code h_t} through step {@code t + 1}'s
     * gates, {@code [mb, n]}; {@code null} at the last step) to the output's gradient and writes the gradient of
     * step {@code t}'s pre-activations into row block {@code t} of {@code dg} ({@code [steps * mb, 4n]}, in single
     * precision maybe with padding columns after the 4n: its row length is {@code dg.size(1)}).
     */
    void backward(int t, INDArray rec, INDArray dg);

    /** The bias gradient summed over the steps done backward, into {@code db} ({@code [1, 4n]}). */
    void biasGradient(INDArray db);

    /** A cell for the data type: fast approximations for float, the exact functions for double. */
    static LstmCell of(DataType dataType) {
        return dataType == DataType.DOUBLE ? new LstmCellDouble() : new LstmCellFloat();
    }
}
