package dev.seq4j.model.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.DoubleBuffer;
import java.util.Arrays;

/**
 * {@link GruCell} in double precision with the exact tanh and sigmoid, laid out as {@link GruCellDouble}: the
 * path DL4J's gradient checks and the comparisons with the reference implementation run.
 */
final class GruCellDouble implements GruCell {
    private int mb;
    private int n;
    private int steps;
    /** Per step: reset gate, update gate, candidate (its input part until the candidate is made). */
    private double[][] r = new double[0][];
    private double[][] z = new double[0][];
    private double[][] c = new double[0][];
    /** States before each step and after the last ({@code states[0]} the initial one). */
    private double[][] states = new double[0][];
    private double[][] eps = new double[0][];
    private double[][] mask;
    private final double[][] bias = new double[3][0];
    private final double[][] db = new double[3][0];
    private double[] a = new double[0];
    private double[] b = new double[0];
    private double[] dh = new double[0];
    private double[] carry = new double[0];

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double tanh(double x) {
        return Math.tanh(x);
    }

    private static double[][] grow(double[][] arrays, int count, int length) {
        double[][] grown = arrays.length >= count ? arrays : Arrays.copyOf(arrays, count);
        for (int k = 0; k < count; k++) {
            if (grown[k] == null || grown[k].length < length) {
                grown[k] = new double[length];
            }
        }
        return grown;
    }

    private static double[] grow(double[] array, int length) {
        return array.length >= length ? array : new double[length];
    }

    @Override
    public void size(int mb, int steps, int n) {
        this.mb = mb;
        this.n = n;
        this.steps = steps;
        int size = mb * n;
        r = grow(r, steps, size);
        z = grow(z, steps, size);
        c = grow(c, steps, size);
        states = grow(states, steps + 1, size);
        eps = grow(eps, steps, size);
        a = grow(a, size);
        b = grow(b, size);
        dh = grow(dh, size);
        carry = grow(carry, size);
        for (int q = 0; q < 3; q++) {
            bias[q] = grow(bias[q], size);
            db[q] = grow(db[q], size);
        }
    }

    @Override
    public void bias(INDArray biases) {
        double[] values = biases.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
        for (int q = 0; q < 3; q++) {
            for (int row = 0; row < mb; row++) {
                System.arraycopy(values, q * n, bias[q], row * n, n);
            }
        }
    }

    @Override
    public void initialState(INDArray h0) {
        if (h0 == null) {
            Arrays.fill(states[0], 0, mb * n, 0);
        } else {
            double[] values = h0.castTo(DataType.DOUBLE).dup('c').reshape(-1).toDoubleVector();
            System.arraycopy(values, 0, states[0], 0, mb * n);
        }
    }

    @Override
    public void mask(INDArray maskTimeMajor) {
        if (maskTimeMajor == null) {
            mask = null;
            return;
        }
        double[] m = maskTimeMajor.castTo(DataType.DOUBLE).toDoubleVector();
        mask = new double[steps][mb * n];
        for (int t = 0; t < steps; t++) {
            for (int row = 0; row < mb; row++) {
                Arrays.fill(mask[t], row * n, (row + 1) * n, m[t * mb + row]);
            }
        }
    }

    /** Reads {@code count} blocks of {@code n} per row of a {@code [mb, count * n]} block starting at {@code base}. */
    private void split(DoubleBuffer in, int base, double[][] into) {
        int count = into.length;
        for (int row = 0; row < mb; row++) {
            for (int q = 0; q < count; q++) {
                if (into[q] != null) {
                    in.get(base + (row * count + q) * n, into[q], row * n, n);
                }
            }
        }
    }

    /** Writes {@code from} into block {@code q} of {@code count} of each row of a {@code [mb, count * n]} block. */
    private void join(double[] from, DoubleBuffer out, int base, int q, int count) {
        for (int row = 0; row < mb; row++) {
            out.put(base + (row * count + q) * n, from, row * n, n);
        }
    }

    @Override
    public void forwardGates(int t, INDArray zx, INDArray rz, INDArray rh) {
        int size = mb * n;
        double[] rt = r[t];
        double[] zt = z[t];
        double[] prev = states[t];
        split(LstmCellDouble.doubles(zx), t * size * 3, new double[][]{rt, zt, c[t]});
        split(LstmCellDouble.doubles(rz), 0, new double[][]{a, b});
        double[] br = bias[0];
        double[] bz = bias[1];
        for (int k = 0; k < size; k++) {
            rt[k] = sigmoid(rt[k] + a[k] + br[k]);
        }
        for (int k = 0; k < size; k++) {
            zt[k] = sigmoid(zt[k] + b[k] + bz[k]);
        }
        for (int k = 0; k < size; k++) {
            a[k] = rt[k] * prev[k];
        }
        LstmCellDouble.doubles(rh).put(t * size, a, 0, size);
    }

    @Override
    public void forwardState(int t, INDArray zx, INDArray nr, INDArray h) {
        int size = mb * n;
        LstmCellDouble.doubles(nr).get(0, a, 0, size);
        double[] ct = c[t];
        double[] zt = z[t];
        double[] prev = states[t];
        double[] next = states[t + 1];
        double[] bn = bias[2];
        for (int k = 0; k < size; k++) {
            ct[k] = tanh(ct[k] + a[k] + bn[k]);
        }
        for (int k = 0; k < size; k++) {
            next[k] = ct[k] + zt[k] * (prev[k] - ct[k]);               // (1 - z) n + z h'
        }
        if (mask != null) {
            double[] m = mask[t];
            for (int k = 0; k < size; k++) {
                next[k] *= m[k];
            }
        }
        LstmCellDouble.doubles(h).put((t + 1) * size, next, 0, size);
    }

    @Override
    public void startBackward(INDArray epsTimeMajor) {
        DoubleBuffer in = LstmCellDouble.doubles(epsTimeMajor);
        int size = mb * n;
        for (int t = 0; t < steps; t++) {
            in.get(t * size, eps[t], 0, size);
        }
        startBackward();
    }

    private void startBackward() {
        int size = mb * n;
        Arrays.fill(carry, 0, size, 0);
        for (int q = 0; q < 3; q++) {
            Arrays.fill(db[q], 0, size, 0);
        }
    }

    @Override
    public void backwardState(int t, INDArray rec, INDArray dn, INDArray drz) {
        int size = mb * n;
        if (rec == null) {
            Arrays.fill(a, 0, size, 0);
        } else {
            LstmCellDouble.doubles(rec).get(0, a, 0, size);
        }
        double[] e = eps[t];
        for (int k = 0; k < size; k++) {
            dh[k] = e[k] + carry[k] + a[k];                              // dL/dh_t
        }
        if (mask != null) {
            double[] m = mask[t];
            for (int k = 0; k < size; k++) {
                dh[k] *= m[k];
            }
        }
        double[] ct = c[t];
        double[] zt = z[t];
        double[] prev = states[t];
        for (int k = 0; k < size; k++) {
            a[k] = dh[k] * (1 - zt[k]) * (1 - ct[k] * ct[k]);            // candidate's pre-activation
        }
        for (int k = 0; k < size; k++) {
            b[k] = dh[k] * (prev[k] - ct[k]) * zt[k] * (1 - zt[k]);      // update gate's
        }
        for (int k = 0; k < size; k++) {
            carry[k] = dh[k] * zt[k];                                    // h' reaches h through z
        }
        double[] sumN = db[2];
        double[] sumZ = db[1];
        for (int k = 0; k < size; k++) {
            sumN[k] += a[k];
        }
        for (int k = 0; k < size; k++) {
            sumZ[k] += b[k];
        }
        LstmCellDouble.doubles(dn).put(t * size, a, 0, size);
        join(b, LstmCellDouble.doubles(drz), t * size * 2, 1, 2);
    }

    @Override
    public void backwardGates(int t, INDArray drh, INDArray drz) {
        int size = mb * n;
        LstmCellDouble.doubles(drh).get(0, a, 0, size);
        double[] rt = r[t];
        double[] prev = states[t];
        for (int k = 0; k < size; k++) {
            b[k] = a[k] * prev[k] * rt[k] * (1 - rt[k]);                 // reset gate's pre-activation
        }
        for (int k = 0; k < size; k++) {
            carry[k] += a[k] * rt[k];                                    // ... and through r * h'
        }
        double[] sumR = db[0];
        for (int k = 0; k < size; k++) {
            sumR[k] += b[k];
        }
        join(b, LstmCellDouble.doubles(drz), t * size * 2, 0, 2);
    }

    @Override
    public void biasGradient(INDArray dbOut) {
        double[] total = new double[3 * n];
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
