package dev.seq4j.model.layers;

import org.bytedeco.javacpp.DoublePointer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.DoubleBuffer;
import java.util.Arrays;

/**
 * {@link LstmCell} in double precision with the exact tanh and sigmoid: the path DL4J's gradient checks and
 * the tests comparing against the stock LSTM run; training uses {@link LstmCellFloat}.
 */
final class LstmCellDouble implements LstmCell {
    private int mb;
    private int n;
    private double[] bias = new double[0];
    private double[] mask;
    /** Activated gates of every step, {@code [steps * mb, 4n]}. */
    private double[] gates = new double[0];
    /** Cell states, {@code [(steps + 1) * mb, n]}, block 0 the initial one (masked as passed on). */
    private double[] cells = new double[0];
    /** tanh of the unmasked cell state, {@code [steps * mb, n]}. */
    private double[] tanhCells = new double[0];
    private double[] hRow = new double[0];
    private double[] eps = new double[0];
    private double[] rec = new double[0];
    private double[] carry = new double[0];
    private double[] dgRow = new double[0];
    private double[] db = new double[0];
    private int steps;

    private static void tanh(double[] a, int from, int length) {
        for (int k = from; k < from + length; k++) {
            a[k] = Math.tanh(a[k]);
        }
    }

    private static void sigmoid(double[] a, int from, int length) {
        for (int k = from; k < from + length; k++) {
            a[k] = 1 / (1 + Math.exp(-a[k]));
        }
    }

    /** The whole of {@code array}'s data buffer (see {@link LstmCellFloat#floats}). */
    static DoubleBuffer doubles(INDArray array) {
        DataBuffer data = array.data();
        DoublePointer pointer = new DoublePointer(data.addressPointer());
        pointer.position(0).limit(data.length()).capacity(data.length());
        return pointer.asBuffer();
    }

    private static double[] grow(double[] a, int length) {
        return a.length >= length ? a : new double[length];
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
        double[] values = b.castTo(DataType.DOUBLE).toDoubleVector();
        System.arraycopy(values, 0, bias, 0, 4 * n);
    }

    @Override
    public void initialCell(INDArray c0) {
        if (c0 == null) {
            Arrays.fill(cells, 0, mb * n, 0);
        } else {
            double[] values = c0.castTo(DataType.DOUBLE).dup('c').reshape(-1).toDoubleVector();
            System.arraycopy(values, 0, cells, 0, mb * n);
        }
    }

    @Override
    public void mask(INDArray maskTimeMajor) {
        mask = maskTimeMajor == null ? null : maskTimeMajor.castTo(DataType.DOUBLE).toDoubleVector();
    }

    @Override
    public void forward(int t, INDArray z, INDArray h) {
        int g4 = 4 * n;
        int block = mb * g4;
        doubles(z).get(t * block, gates, t * block, block);
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
            double m = mask == null ? 1 : mask[t * mb + r];
            for (int j = 0; j < n; j++) {
                double c = gates[g + n + j] * cells[prev + j] + gates[g + 3 * n + j] * gates[g + j];
                tanhCells[tc + j] = c;
                cells[next + j] = m * c;
            }
            tanh(tanhCells, tc, n);
            int o = r * n;
            for (int j = 0; j < n; j++) {
                hRow[o + j] = m * gates[g + 2 * n + j] * tanhCells[tc + j];
            }
        }
        doubles(h).put((t + 1) * mb * n, hRow, 0, mb * n);
    }

    @Override
    public INDArray lastCell(DataType dataType) {
        double[] last = Arrays.copyOfRange(cells, steps * mb * n, (steps + 1) * mb * n);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.createFromArray(last).reshape(mb, n).castTo(dataType);
        }
    }

    @Override
    public void startBackward(INDArray epsTimeMajor) {
        doubles(epsTimeMajor).get(0, eps, 0, steps * mb * n);
        Arrays.fill(carry, 0, mb * n, 0);
        Arrays.fill(db, 0, 4 * n, 0);
    }

    @Override
    public void backward(int t, INDArray recurrent, INDArray dg) {
        int g4 = 4 * n;
        if (recurrent == null) {
            Arrays.fill(rec, 0, mb * n, 0);
        } else {
            doubles(recurrent).get(0, rec, 0, mb * n);
        }
        for (int r = 0; r < mb; r++) {
            int g = (t * mb + r) * g4;
            int s = (t * mb + r) * n;     // this step's rows of eps and tanhCells
            int prev = s;                 // c' is cell block t
            int o = r * n;
            int d = r * g4;
            double m = mask == null ? 1 : mask[t * mb + r];
            for (int j = 0; j < n; j++) {
                double a = gates[g + j];
                double f = gates[g + n + j];
                double og = gates[g + 2 * n + j];
                double i = gates[g + 3 * n + j];
                double tc = tanhCells[s + j];
                double dh = m * (eps[s + j] + rec[o + j]);                  // dL/dh~
                double dc = m * carry[o + j] + dh * og * (1 - tc * tc);     // dL/dc~
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
        doubles(dg).put(t * mb * g4, dgRow, 0, mb * g4);
    }

    @Override
    public void biasGradient(INDArray db) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            db.assign(Nd4j.createFromArray(Arrays.copyOf(this.db, 4 * n)).reshape(db.shape()));
        }
    }
}
