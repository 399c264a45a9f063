package dev.seq4j.model.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * {@link LstmCell} in single precision. tanh is a rational approximation (the one Eigen and TensorFlow use on
 * CPUs, accurate to a few units in the last place; {@code LstmCellTest} bounds it) built from multiplies,
 * adds and one divide, so that the loops below vectorise; sigmoid(x) = (1 + tanh(x / 2)) / 2.
 */
final class LstmCellFloat implements LstmCell {
    private static final float CLAMP = 7.90531110763549805f;
    private static final float A1 = 4.89352455891786e-03f;
    private static final float A3 = 6.37261928875436e-04f;
    private static final float A5 = 1.48572235717979e-05f;
    private static final float A7 = 5.12229709037114e-08f;
    private static final float A9 = -8.60467152213735e-11f;
    private static final float A11 = 2.00018790482477e-13f;
    private static final float A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f;
    private static final float B2 = 2.26843463243900e-03f;
    private static final float B4 = 1.18534705686654e-04f;
    private static final float B6 = 1.19825839466702e-06f;

    private int mb;
    private int n;
    private float[] bias = new float[0];
    private float[] mask;
    /** Activated gates of every step, {@code [steps * mb, 4n]}. */
    private float[] gates = new float[0];
    /** Cell states, {@code [(steps + 1) * mb, n]}, block 0 the initial one (masked as passed on). */
    private float[] cells = new float[0];
    /** tanh of the unmasked cell state, {@code [steps * mb, n]}. */
    private float[] tanhCells = new float[0];
    private float[] hRow = new float[0];
    private float[] eps = new float[0];
    private float[] rec = new float[0];
    private float[] carry = new float[0];
    private float[] dgRow = new float[0];
    private float[] db = new float[0];
    private int steps;

    /** {@code tanh(x)} within a few units in the last place of single precision. */
    static float tanh(float x) {
        float v = Math.max(-CLAMP, Math.min(CLAMP, x));
        float v2 = v * v;
        float p = v * (A1 + v2 * (A3 + v2 * (A5 + v2 * (A7 + v2 * (A9 + v2 * (A11 + v2 * A13))))));
        float q = B0 + v2 * (B2 + v2 * (B4 + v2 * B6));
        return p / q;
    }

    private static void tanh(float[] a, int from, int length) {
        for (int k = from; k < from + length; k++) {
            a[k] = tanh(a[k]);
        }
    }

    private static void sigmoid(float[] a, int from, int length) {
        for (int k = from; k < from + length; k++) {
            a[k] = 0.5f + 0.5f * tanh(0.5f * a[k]);
        }
    }

    static FloatBuffer floats(INDArray array) {
        return array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static float[] grow(float[] a, int length) {
        return a.length >= length ? a : new float[length];
    }

    @Override
    public void size(int mb, int steps, int n) {
        this.mb = mb;
        this.n = n;
        this.steps = steps;
        gates = grow(gates, steps * mb * 4 * n);
        cells = grow(cells, (steps + 1) * mb * n);
        tanhCells = grow(tanhCells, steps * mb * n);
        hRow = grow(hRow, mb * n);
        rec = grow(rec, mb * n);
        carry = grow(carry, mb * n);
        dgRow = grow(dgRow, mb * 4 * n);
        eps = grow(eps, steps * mb * n);
        db = grow(db, 4 * n);
        bias = grow(bias, 4 * n);
    }

    @Override
    public void bias(INDArray b) {
        float[] values = b.castTo(DataType.FLOAT).toFloatVector();
        System.arraycopy(values, 0, bias, 0, 4 * n);
    }

    @Override
    public void initialCell(INDArray c0) {
        if (c0 == null) {
            Arrays.fill(cells, 0, mb * n, 0f);
        } else {
            float[] values = c0.castTo(DataType.FLOAT).dup('c').reshape(-1).toFloatVector();
            System.arraycopy(values, 0, cells, 0, mb * n);
        }
    }

    @Override
    public void mask(INDArray maskTimeMajor) {
        mask = maskTimeMajor == null ? null : maskTimeMajor.castTo(DataType.FLOAT).toFloatVector();
    }

    @Override
    public void forward(int t, INDArray z, INDArray h) {
        int g4 = 4 * n;
        int block = mb * g4;
        floats(z).get(t * block, gates, t * block, block);
        for (int r = 0; r < mb; r++) {
            int g = t * block + r * g4;
            for (int j = 0; j < g4; j++) {
                gates[g + j] += bias[j];
            }
            tanh(gates, g, n);
            sigmoid(gates, g + n, 3 * n);
            int prev = (t * mb + r) * n;
            int next = prev + mb * n;
            int tc = (t * mb + r) * n;
            float m = mask == null ? 1f : mask[t * mb + r];
            for (int j = 0; j < n; j++) {
                float c = gates[g + n + j] * cells[prev + j] + gates[g + 3 * n + j] * gates[g + j];
                tanhCells[tc + j] = c;
                cells[next + j] = m * c;
            }
            tanh(tanhCells, tc, n);
            int o = r * n;
            for (int j = 0; j < n; j++) {
                hRow[o + j] = m * gates[g + 2 * n + j] * tanhCells[tc + j];
            }
        }
        floats(h).put((t + 1) * mb * n, hRow, 0, mb * n);
    }

    @Override
    public INDArray lastCell(DataType dataType) {
        float[] last = Arrays.copyOfRange(cells, steps * mb * n, (steps + 1) * mb * n);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.createFromArray(last).reshape(mb, n).castTo(dataType);
        }
    }

    @Override
    public void startBackward(INDArray epsTimeMajor) {
        floats(epsTimeMajor).get(0, eps, 0, steps * mb * n);
        Arrays.fill(carry, 0, mb * n, 0f);
        Arrays.fill(db, 0, 4 * n, 0f);
    }

    @Override
    public void backward(int t, INDArray recurrent, INDArray dg) {
        int g4 = 4 * n;
        if (recurrent == null) {
            Arrays.fill(rec, 0, mb * n, 0f);
        } else {
            floats(recurrent).get(0, rec, 0, mb * n);
        }
        for (int r = 0; r < mb; r++) {
            int g = (t * mb + r) * g4;
            int s = (t * mb + r) * n;     // this step's rows of eps and tanhCells
            int prev = s;                 // c' is cell block t
            int o = r * n;
            int d = r * g4;
            float m = mask == null ? 1f : mask[t * mb + r];
            for (int j = 0; j < n; j++) {
                float a = gates[g + j];
                float f = gates[g + n + j];
                float og = gates[g + 2 * n + j];
                float i = gates[g + 3 * n + j];
                float tc = tanhCells[s + j];
                float dh = m * (eps[s + j] + rec[o + j]);                  // dL/dh~
                float dc = m * carry[o + j] + dh * og * (1 - tc * tc);     // dL/dc~
                dgRow[d + j] = dc * i * (1 - a * a);
                dgRow[d + n + j] = dc * cells[prev + j] * f * (1 - f);
                dgRow[d + 2 * n + j] = dh * tc * og * (1 - og);
                dgRow[d + 3 * n + j] = dc * a * i * (1 - i);
                carry[o + j] = dc * f;                                     // dL/dc' through this step
            }
            for (int j = 0; j < g4; j++) {
                db[j] += dgRow[d + j];
            }
        }
        floats(dg).put(t * mb * g4, dgRow, 0, mb * g4);
    }

    @Override
    public void biasGradient(INDArray db) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            db.assign(Nd4j.createFromArray(Arrays.copyOf(this.db, 4 * n)).reshape(db.shape()));
        }
    }
}
