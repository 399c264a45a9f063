package dev.seq4j.model.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * {@link GruCell} in single precision, laid out as {@link LstmCellFloat} is (each gate of each step in an
 * array of its own, every loop indexing all its arrays alike, so that they vectorise) with its tanh.
 */
final class GruCellFloat implements GruCell {
    private int mb;
    private int n;
    private int steps;
    /** Per step: reset gate, update gate, candidate (its input part until the candidate is made). */
    private float[][] r = new float[0][];
    private float[][] z = new float[0][];
    private float[][] c = new float[0][];
    /** States before each step and after the last ({@code states[0]} the initial one). */
    private float[][] states = new float[0][];
    private float[][] eps = new float[0][];
    private float[][] mask;
    private final float[][] bias = new float[3][0];
    private final float[][] db = new float[3][0];
    private float[] a = new float[0];
    private float[] b = new float[0];
    private float[] dh = new float[0];
    private float[] carry = new float[0];
    private float[] unitMajor = new float[0];

    private static float sigmoid(float x) {
        return 0.5f + 0.5f * LstmCellFloat.tanh(0.5f * x);
    }

    private static float tanh(float x) {
        return LstmCellFloat.tanh(x);
    }

    @Override
    public void size(int mb, int steps, int n) {
        this.mb = mb;
        this.n = n;
        this.steps = steps;
        int size = mb * n;
        r = FloatSteps.grow(r, steps, size);
        z = FloatSteps.grow(z, steps, size);
        c = FloatSteps.grow(c, steps, size);
        states = FloatSteps.grow(states, steps + 1, size);
        eps = FloatSteps.grow(eps, steps, size);
        a = FloatSteps.grow(a, size);
        b = FloatSteps.grow(b, size);
        dh = FloatSteps.grow(dh, size);
        carry = FloatSteps.grow(carry, size);
        unitMajor = FloatSteps.grow(unitMajor, steps * size);
        for (int q = 0; q < 3; q++) {
            bias[q] = FloatSteps.grow(bias[q], size);
            db[q] = FloatSteps.grow(db[q], size);
        }
    }

    @Override
    public void bias(INDArray biases) {
        float[] values = biases.castTo(DataType.FLOAT).reshape(-1).toFloatVector();
        for (int q = 0; q < 3; q++) {
            for (int row = 0; row < mb; row++) {
                System.arraycopy(values, q * n, bias[q], row * n, n);
            }
        }
    }

    @Override
    public void initialState(INDArray h0) {
        if (h0 == null) {
            Arrays.fill(states[0], 0, mb * n, 0f);
        } else {
            float[] values = h0.castTo(DataType.FLOAT).dup('c').reshape(-1).toFloatVector();
            System.arraycopy(values, 0, states[0], 0, mb * n);
        }
    }

    @Override
    public void mask(INDArray maskTimeMajor) {
        mask = FloatSteps.mask(maskTimeMajor, steps, mb, n);
    }

    /**
     * Reads the first {@code into.length} blocks of {@code n} of rows {@code from .. to-1} of {@code rowLength} floats
     * (padded rows are longer than their blocks: {@link Gemms#paddedWidth}) starting at {@code base}.
     */
    private void split(FloatBuffer in, int base, int rowLength, float[][] into, int from, int to) {
        for (int row = from; row < to; row++) {
            for (int q = 0; q < into.length; q++) {
                if (into[q] != null) {
                    in.get(base + row * rowLength + q * n, into[q], row * n, n);
                }
            }
        }
    }

    /** Writes {@code from} into block {@code q} of each of {@code mb} rows of {@code rowLength} floats. */
    private void join(float[] from, FloatBuffer out, int base, int rowLength, int q) {
        for (int row = 0; row < mb; row++) {
            out.put(base + row * rowLength + q * n, from, row * n, n);
        }
    }

    @Override
    public void forwardGates(int t, INDArray zx, INDArray rz, INDArray rh) {
        forwardGates(t, zx, rz, rh, 0, mb);
    }

    @Override
    public void forwardState(int t, INDArray zx, INDArray nr, INDArray h) {
        forwardState(t, zx, nr, h, 0, mb);
    }

    @Override
    public boolean splitsRows() {
        return true;
    }

    /* Rows from .. to-1 only: every array is read and written at those rows' indices, so two threads may take
       disjoint rows of one step (FloatBuffer's absolute bulk gets and puts move no position). */
    @Override
    public void forwardGates(int t, INDArray zx, INDArray rz, INDArray rh, int from, int to) {
        int size = mb * n;
        int start = from * n;
        int end = to * n;
        float[] rt = r[t];
        float[] zt = z[t];
        float[] prev = states[t];
        split(LstmCellFloat.floats(zx), t * size * 3, 3 * n, new float[][]{rt, zt, c[t]}, from, to);
        split(LstmCellFloat.floats(rz), 0, (int) rz.size(1), new float[][]{a, b}, from, to);
        float[] br = bias[0];
        float[] bz = bias[1];
        for (int k = start; k < end; k++) {
            rt[k] = sigmoid(rt[k] + a[k] + br[k]);
        }
        for (int k = start; k < end; k++) {
            zt[k] = sigmoid(zt[k] + b[k] + bz[k]);
        }
        for (int k = start; k < end; k++) {
            a[k] = rt[k] * prev[k];
        }
        LstmCellFloat.floats(rh).put(t * size + start, a, start, end - start);
    }

    @Override
    public void forwardState(int t, INDArray zx, INDArray nr, INDArray h, int from, int to) {
        int size = mb * n;
        int start = from * n;
        int end = to * n;
        LstmCellFloat.floats(nr).get(start, a, start, end - start);
        float[] ct = c[t];
        float[] zt = z[t];
        float[] prev = states[t];
        float[] next = states[t + 1];
        float[] bn = bias[2];
        for (int k = start; k < end; k++) {
            ct[k] = tanh(ct[k] + a[k] + bn[k]);
        }
        for (int k = start; k < end; k++) {
            next[k] = ct[k] + zt[k] * (prev[k] - ct[k]);               // (1 - z) n + z h'
        }
        if (mask != null) {
            float[] m = mask[t];
            for (int k = start; k < end; k++) {
                next[k] *= m[k];
            }
        }
        LstmCellFloat.floats(h).put((t + 1) * size + start, next, start, end - start);
        FloatSteps.scatter(next, t, unitMajor, steps, mb, n, null, from, to);
    }

    @Override
    public boolean outputs(INDArray out) {
        LstmCellFloat.floats(out).put(0, unitMajor, 0, steps * mb * n);
        return true;
    }

    @Override
    public boolean startBackwardFromOutputLayout(INDArray epsIn) {
        int rows = steps * mb;
        LstmCellFloat.floats(epsIn).get(0, unitMajor, 0, rows * n);
        FloatSteps.gather(unitMajor, eps, steps, mb, n);
        startBackward();
        return true;
    }

    @Override
    public void startBackward(INDArray epsTimeMajor) {
        FloatBuffer in = LstmCellFloat.floats(epsTimeMajor);
        int size = mb * n;
        for (int t = 0; t < steps; t++) {
            in.get(t * size, eps[t], 0, size);
        }
        startBackward();
    }

    private void startBackward() {
        int size = mb * n;
        Arrays.fill(carry, 0, size, 0f);
        for (int q = 0; q < 3; q++) {
            Arrays.fill(db[q], 0, size, 0f);
        }
    }

    @Override
    public void backwardState(int t, INDArray rec, INDArray dn, INDArray drz) {
        int size = mb * n;
        if (rec == null) {
            Arrays.fill(a, 0, size, 0f);
        } else {
            LstmCellFloat.floats(rec).get(0, a, 0, size);
        }
        float[] e = eps[t];
        for (int k = 0; k < size; k++) {
            dh[k] = e[k] + carry[k] + a[k];                              // dL/dh_t
        }
        if (mask != null) {
            float[] m = mask[t];
            for (int k = 0; k < size; k++) {
                dh[k] *= m[k];
            }
        }
        float[] ct = c[t];
        float[] zt = z[t];
        float[] prev = states[t];
        for (int k = 0; k < size; k++) {
            a[k] = dh[k] * (1 - zt[k]) * (1 - ct[k] * ct[k]);            // candidate's pre-activation
        }
        for (int k = 0; k < size; k++) {
            b[k] = dh[k] * (prev[k] - ct[k]) * zt[k] * (1 - zt[k]);      // update gate's
        }
        for (int k = 0; k < size; k++) {
            carry[k] = dh[k] * zt[k];                                    // h' reaches h through z
        }
        float[] sumN = db[2];
        float[] sumZ = db[1];
        for (int k = 0; k < size; k++) {
            sumN[k] += a[k];
        }
        for (int k = 0; k < size; k++) {
            sumZ[k] += b[k];
        }
        LstmCellFloat.floats(dn).put(t * size, a, 0, size);
        int width = (int) drz.size(1);                                   // 2n, or padded (Gemms)
        join(b, LstmCellFloat.floats(drz), t * mb * width, width, 1);
    }

    @Override
    public void backwardGates(int t, INDArray drh, INDArray drz) {
        int size = mb * n;
        LstmCellFloat.floats(drh).get(0, a, 0, size);
        float[] rt = r[t];
        float[] prev = states[t];
        for (int k = 0; k < size; k++) {
            b[k] = a[k] * prev[k] * rt[k] * (1 - rt[k]);                 // reset gate's pre-activation
        }
        for (int k = 0; k < size; k++) {
            carry[k] += a[k] * rt[k];                                    // ... and through r * h'
        }
        float[] sumR = db[0];
        for (int k = 0; k < size; k++) {
            sumR[k] += b[k];
        }
        int width = (int) drz.size(1);
        join(b, LstmCellFloat.floats(drz), t * mb * width, width, 0);
    }

    @Override
    public void biasGradient(INDArray dbOut) {
        float[] total = new float[3 * n];
        for (int q = 0; q < 3; q++) {
            for (int row = 0; row < mb; row++) {
                for (int j = 0; j < n; j++) {
                    total[q * n + j] += db[q][row * n + j];
                }
            }
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            dbOut.assign(Nd4j.createFromArray(total).reshape(dbOut.shape()));
        }
    }
}
