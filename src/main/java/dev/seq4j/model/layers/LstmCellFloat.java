package dev.seq4j.model.layers;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * {@link LstmCell} in single precision. tanh is a rational approximation (the one Eigen and TensorFlow use on
 * CPUs, accurate to a few units in the last place; {@code FastLSTMTest} bounds it) built from multiplies,
 * adds and one divide, so that the loops below vectorise; sigmoid(x) = (1 + tanh(x / 2)) / 2.
 *
 * <p>Every loop reads and writes all its arrays at one and the same index: Java 17's auto-vectoriser gives up
 * on a loop that stores into one array at {@code from + k} and reads another at {@code k} (they might be the
 * same array), and such a loop ran 11 times slower. So each step keeps each gate in an array of its own,
 * {@code [mb * n]} row-major (index {@code r * n + j}), the biases are tiled to that length, and a step is
 * a handful of loops over {@code k < mb * n}.
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
    private int steps;
    /** Per step, the activated gates: block input a (tanh), forget f, output o, input i. */
    private float[][] a = new float[0][];
    private float[][] f = new float[0][];
    private float[][] o = new float[0][];
    private float[][] i = new float[0][];
    /** Cell states before each step and after the last, masked as passed on ({@code cells[0]} the initial). */
    private float[][] cells = new float[0][];
    /** Per step, tanh of the unmasked cell state. */
    private float[][] tanhCells = new float[0][];
    /** Per step, the gradient with respect to the output. */
    private float[][] eps = new float[0][];
    /** Per step, the mask spread over the units ({@code null} without a mask). */
    private float[][] mask;
    /** The biases of each gate, tiled {@code mb} times. */
    private final float[][] bias = new float[4][0];
    private float[] h = new float[0];
    /** Every step's output in DL4J's 2-d layout, {@code [n][T * mb]}; the incoming gradient in the same. */
    private float[] unitMajor = new float[0];
    private float[] rec = new float[0];
    private float[] carry = new float[0];
    private final float[][] dg = new float[4][0];
    private final float[][] db = new float[4][0];
    /** The recurrent weights by row ({@code n} rows of {@code 4n}) while this cell does the recurrent product. */
    private float[][] rwRows = new float[0][];
    private boolean recurrence;
    /** The initial state {@code [mb * n]} while this cell does the recurrent product. */
    private float[] h0 = new float[0];
    /** Four rows' recurrent products, {@code 4n} each. */
    private float[][] products = new float[4][0];
    /**
     * Whether this pass runs its rows sorted by length ({@link #pack}): row {@code r} of every per-step array then
     * holds the call's row {@code order[r]}, and at step {@code t} only the first {@code active[t]} rows are inside
     * their sequences; the rest are padding, neither computed nor carried (their state is zero, as a mask makes it).
     */
    private boolean packed;
    private int[] order = new int[0];
    private int[] active = new int[0];
    private float[] spare = new float[0];
    /** Passes run packed, for tests. */
    static final java.util.concurrent.atomic.LongAdder PACKED_PASSES = new java.util.concurrent.atomic.LongAdder();

    /** {@code tanh(x)} within a few units in the last place of single precision. */
    static float tanh(float x) {
        float v = Math.max(-CLAMP, Math.min(CLAMP, x));
        float v2 = v * v;
        float p = v * (A1 + v2 * (A3 + v2 * (A5 + v2 * (A7 + v2 * (A9 + v2 * (A11 + v2 * A13))))));
        float q = B0 + v2 * (B2 + v2 * (B4 + v2 * B6));
        return p / q;
    }

    /**
     * The whole of {@code array}'s data buffer as a {@link FloatBuffer}, index 0 at the array's first element: ND4J
     * gives a view (offset() > 0) a data buffer of its own that starts there (a view of rows 2.. of a [17, 7] matrix:
     * offset 14, its buffer's address 14 floats on and 105 long), so adding offset() would read past it. Not
     * {@code DataBuffer.asNio()}: its limit follows the shared pointer's, which other ND4J code moves (it came back
     * 152 floats long for a buffer of thousands).
     */
    static FloatBuffer floats(INDArray array) {
        DataBuffer data = array.data();
        FloatPointer pointer = new FloatPointer(data.addressPointer());
        pointer.position(0).limit(data.length()).capacity(data.length());
        return pointer.asBuffer();
    }

    /** The kernel's working arrays as float buffers, kept: making one costs a few native calls, twice a step. */
    private final INDArray[] seen = new INDArray[4];
    private final FloatBuffer[] seenFloats = new FloatBuffer[4];
    private int nextSeen;

    /** {@link #floats} of one of the kernel's working arrays ({@code z}, {@code h}, {@code dg}, {@code rec}), kept. */
    private FloatBuffer working(INDArray array) {
        for (int k = 0; k < seen.length; k++) {
            if (seen[k] == array) {
                return seenFloats[k];
            }
        }
        int k = nextSeen;
        nextSeen = (nextSeen + 1) % seen.length;
        seen[k] = array;
        seenFloats[k] = floats(array);
        return seenFloats[k];
    }

    @Override
    public void size(int mb, int steps, int n) {
        this.mb = mb;
        this.n = n;
        this.steps = steps;
        int size = mb * n;
        a = FloatSteps.grow(a, steps, size);
        f = FloatSteps.grow(f, steps, size);
        o = FloatSteps.grow(o, steps, size);
        i = FloatSteps.grow(i, steps, size);
        cells = FloatSteps.grow(cells, steps + 1, size);
        tanhCells = FloatSteps.grow(tanhCells, steps, size);
        eps = FloatSteps.grow(eps, steps, size);
        h = FloatSteps.grow(h, size);
        unitMajor = FloatSteps.grow(unitMajor, steps * size);
        rec = FloatSteps.grow(rec, size);
        carry = FloatSteps.grow(carry, size);
        for (int q = 0; q < 4; q++) {
            bias[q] = FloatSteps.grow(bias[q], size);
            dg[q] = FloatSteps.grow(dg[q], size);
            db[q] = FloatSteps.grow(db[q], size);
        }
    }

    @Override
    public void bias(INDArray b) {
        float[] values = b.castTo(DataType.FLOAT).reshape(-1).toFloatVector();
        for (int q = 0; q < 4; q++) {
            for (int r = 0; r < mb; r++) {
                System.arraycopy(values, q * n, bias[q], r * n, n);
            }
        }
    }

    @Override
    public void initialCell(INDArray c0) {
        if (c0 == null) {
            Arrays.fill(cells[0], 0, mb * n, 0f);
        } else {
            float[] values = c0.castTo(DataType.FLOAT).dup('c').reshape(-1).toFloatVector();
            System.arraycopy(values, 0, cells[0], 0, mb * n);
        }
    }

    @Override
    public void mask(INDArray maskTimeMajor) {
        mask = FloatSteps.mask(maskTimeMajor, steps, mb, n);
    }

    @Override
    public boolean recurrence(INDArray rw, INDArray initial) {
        recurrence = rw != null;
        packed = false;
        if (recurrence) {
            int width = 4 * n;
            int stride = (int) rw.stride(0);                  // a padded copy's rows are longer than 4n
            rwRows = FloatSteps.grow(rwRows, n, width);
            FloatBuffer weights = floats(rw);
            for (int k = 0; k < n; k++) {
                weights.get(k * stride, rwRows[k], 0, width);
            }
            products = FloatSteps.grow(products, 4, width);
            h0 = FloatSteps.grow(h0, mb * n);
            if (initial == null) {
                Arrays.fill(h0, 0, mb * n, 0f);
            } else {
                floats(initial).get(0, h0, 0, mb * n);
            }
            packed = pack();
            if (packed) {
                permute(h0);
                permute(cells[0]);
                PACKED_PASSES.increment();
            }
        }
        return recurrence;
    }

    /**
     * Sorts the rows by how many steps their mask keeps, longest first, when that leaves the kept rows of every step
     * a prefix (each row's steps contiguous and all ending, or all starting, together: padding at the end of each
     * sequence, or at the start, as a reversed direction sees it) and the mask is 0 or 1. A minibatch of sentences of
     * mixed lengths is then computed only as far as each sentence goes: in random minibatches of 20 of the amazon
     * test sentences, 44 % of the padded steps are words. Returns false, changing nothing, otherwise.
     */
    private boolean pack() {
        if (mask == null) {
            return false;
        }
        int[] kept = new int[mb];
        for (int t = 0; t < steps; t++) {
            float[] m = mask[t];
            for (int r = 0; r < mb; r++) {
                float v = m[r * n];
                if (v == 1f) {
                    kept[r]++;
                } else if (v != 0f) {
                    return false;
                }
            }
        }
        Integer[] rows = new Integer[mb];
        for (int r = 0; r < mb; r++) {
            rows[r] = r;
        }
        java.util.Arrays.sort(rows, (x, y) -> Integer.compare(kept[y], kept[x]));
        order = FloatSteps.grow(order, mb);
        active = FloatSteps.grow(active, steps);
        for (int r = 0; r < mb; r++) {
            order[r] = rows[r];
        }
        for (int t = 0; t < steps; t++) {
            float[] m = mask[t];
            int count = 0;
            while (count < mb && m[order[count] * n] == 1f) {
                count++;
            }
            for (int r = count; r < mb; r++) {
                if (m[order[r] * n] != 0f) {
                    return false;                                   // a gap inside a sequence: not a prefix
                }
            }
            active[t] = count;
        }
        return true;
    }

    /** Puts {@code rows}' row {@code order[r]} at row {@code r}. */
    private void permute(float[] rows) {
        int size = mb * n;
        spare = FloatSteps.grow(spare, size);
        System.arraycopy(rows, 0, spare, 0, size);
        for (int r = 0; r < mb; r++) {
            System.arraycopy(spare, order[r] * n, rows, r * n, n);
        }
    }

    /**
     * Adds {@code h_{t-1} RW} to the first {@code count} rows of step {@code t}'s gates, four rows at a time: each
     * row's product gathered over the {@code n} rows of RW ({@code p[j] += h[k] * RW[k][j]}, loops at one index, so
     * they vectorise, and four rows share each load of RW), then split into the four gates.
     */
    private void addRecurrence(int t, int count) {
        float[] previous = t == 0 ? h0 : h;
        float[][] gates = {a[t], f[t], o[t], i[t]};
        int width = 4 * n;
        float[] p0 = products[0];
        float[] p1 = products[1];
        float[] p2 = products[2];
        float[] p3 = products[3];
        for (int r = 0; r < count; r += 4) {
            int rows = Math.min(4, count - r);
            for (int q = 0; q < rows; q++) {
                Arrays.fill(products[q], 0, width, 0f);
            }
            if (rows == 4) {
                for (int k = 0; k < n; k++) {
                    float h0k = previous[r * n + k];
                    float h1k = previous[(r + 1) * n + k];
                    float h2k = previous[(r + 2) * n + k];
                    float h3k = previous[(r + 3) * n + k];
                    float[] w = rwRows[k];
                    for (int j = 0; j < width; j++) {
                        float wj = w[j];
                        p0[j] += h0k * wj;
                        p1[j] += h1k * wj;
                        p2[j] += h2k * wj;
                        p3[j] += h3k * wj;
                    }
                }
            } else {
                for (int q = 0; q < rows; q++) {
                    float[] p = products[q];
                    for (int k = 0; k < n; k++) {
                        float hk = previous[(r + q) * n + k];
                        float[] w = rwRows[k];
                        for (int j = 0; j < width; j++) {
                            p[j] += hk * w[j];
                        }
                    }
                }
            }
            for (int q = 0; q < rows; q++) {
                float[] p = products[q];
                int to = (r + q) * n;
                for (int gate = 0; gate < 4; gate++) {
                    float[] g = gates[gate];
                    int from = gate * n;
                    for (int j = 0; j < n; j++) {
                        g[to + j] += p[from + j];
                    }
                }
            }
        }
    }

    /** Reads the four gate blocks of rows {@code from .. to-1} of step {@code t} ({@code [mb, 4n]} row-major) apart. */
    private void gatesIn(FloatBuffer z, int width, int t, int from, int to) {
        int base = t * mb * width;
        float[][] gates = {a[t], f[t], o[t], i[t]};
        for (int r = from; r < to; r++) {
            int row = base + (packed ? order[r] : r) * width;
            for (int q = 0; q < 4; q++) {
                z.get(row + q * n, gates[q], r * n, n);
            }
        }
    }

    @Override
    public void forward(int t, INDArray z, INDArray hOut) {
        if (!packed) {
            FloatBuffer zf = working(z);
            FloatBuffer hf = working(hOut);
            forward(t, zf, (int) z.size(1), hf, 0, mb);
            return;
        }
        int rows = active[t];                                 // the rows still inside their sequences
        int size = rows * n;
        gatesIn(working(z), (int) z.size(1), t, 0, rows);
        if (recurrence) {
            addRecurrence(t, rows);
        }
        activate(t, 0, size);
        float[] next = cells[t + 1];
        System.arraycopy(tanhCells[t], 0, next, 0, size);
        Arrays.fill(next, size, mb * n, 0f);                 // padding carries no state
        outputGate(t, 0, size);
        Arrays.fill(h, size, mb * n, 0f);
        FloatBuffer out = working(hOut);
        for (int r = 0; r < mb; r++) {
            out.put(((t + 1) * mb + order[r]) * n, h, r * n, n);
        }
        FloatSteps.scatter(h, t, unitMajor, steps, mb, n, order, 0, mb);
    }

    /** {@link #forwardRows}' buffers: {@code z}'s and {@code h}'s, and z's row length. */
    private FloatBuffer rowsZ;
    private FloatBuffer rowsH;
    private int rowsWidth;

    @Override
    public boolean prepareRows(INDArray z, INDArray hOut) {
        if (packed || recurrence) {
            return false;
        }
        rowsZ = working(z);
        rowsH = working(hOut);
        rowsWidth = (int) z.size(1);
        return true;
    }

    @Override
    public void forwardRows(int t, int from, int to) {
        forward(t, rowsZ, rowsWidth, rowsH, from, to);
    }

    /**
     * Step {@code t} for rows {@code from .. to-1} of an unpacked pass: writes only those rows of every array, so two
     * threads can take disjoint ranges of one step (FloatBuffer's absolute bulk gets and puts move no position).
     */
    private void forward(int t, FloatBuffer z, int width, FloatBuffer hOut, int from, int to) {
        int start = from * n;
        int end = to * n;
        gatesIn(z, width, t, from, to);
        if (recurrence) {
            addRecurrence(t, mb);                             // inference of a few rows: one thread, all rows
        }
        activate(t, start, end);
        float[] next = cells[t + 1];
        float[] tc = tanhCells[t];
        if (mask == null) {
            System.arraycopy(tc, start, next, start, end - start);
        } else {
            float[] m = mask[t];
            for (int k = start; k < end; k++) {
                next[k] = m[k] * tc[k];
            }
        }
        outputGate(t, start, end);
        if (mask != null) {
            float[] m = mask[t];
            for (int k = start; k < end; k++) {
                h[k] *= m[k];
            }
        }
        hOut.put((t + 1) * mb * n + start, h, start, end - start);
        FloatSteps.scatter(h, t, unitMajor, steps, mb, n, null, from, to);
    }

    /** The gates of step {@code t} at {@code start .. end-1} activated, and c~ = f * c' + i * a into tanhCells[t]. */
    private void activate(int t, int start, int end) {
        float[] at = a[t];
        float[] ft = f[t];
        float[] ot = o[t];
        float[] it = i[t];
        float[] ba = bias[0];
        float[] bf = bias[1];
        float[] bo = bias[2];
        float[] bi = bias[3];
        for (int k = start; k < end; k++) {
            at[k] = tanh(at[k] + ba[k]);
        }
        for (int k = start; k < end; k++) {
            ft[k] = 0.5f + 0.5f * tanh(0.5f * (ft[k] + bf[k]));
        }
        for (int k = start; k < end; k++) {
            ot[k] = 0.5f + 0.5f * tanh(0.5f * (ot[k] + bo[k]));
        }
        for (int k = start; k < end; k++) {
            it[k] = 0.5f + 0.5f * tanh(0.5f * (it[k] + bi[k]));
        }
        float[] prev = cells[t];
        float[] tc = tanhCells[t];
        for (int k = start; k < end; k++) {
            tc[k] = ft[k] * prev[k] + it[k] * at[k];                     // c~
        }
    }

    /** After the cell state is passed on: tanhCells[t] = tanh(c~) and h = o * tanh(c~), at {@code start .. end-1}. */
    private void outputGate(int t, int start, int end) {
        float[] ot = o[t];
        float[] tc = tanhCells[t];
        for (int k = start; k < end; k++) {
            tc[k] = tanh(tc[k]);
        }
        for (int k = start; k < end; k++) {
            h[k] = ot[k] * tc[k];
        }
    }

    @Override
    public boolean outputs(INDArray out) {
        floats(out).put(0, unitMajor, 0, steps * mb * n);
        return true;
    }

    @Override
    public boolean startBackwardFromOutputLayout(INDArray epsIn) {
        int rows = steps * mb;
        floats(epsIn).get(0, unitMajor, 0, rows * n);
        FloatSteps.gather(unitMajor, eps, steps, mb, n);
        startBackward();
        return true;
    }

    @Override
    public INDArray lastCell(DataType dataType) {
        float[] last = Arrays.copyOf(cells[steps], mb * n);
        if (packed) {
            for (int r = 0; r < mb; r++) {
                System.arraycopy(cells[steps], r * n, last, order[r] * n, n);
            }
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.createFromArray(last).reshape(mb, n).castTo(dataType);
        }
    }

    @Override
    public void startBackward(INDArray epsTimeMajor) {
        FloatBuffer in = floats(epsTimeMajor);
        int size = mb * n;
        for (int t = 0; t < steps; t++) {
            in.get(t * size, eps[t], 0, size);
        }
        startBackward();
    }

    private void startBackward() {
        int size = mb * n;
        Arrays.fill(carry, 0, size, 0f);
        for (int q = 0; q < 4; q++) {
            Arrays.fill(db[q], 0, size, 0f);
        }
    }

    @Override
    public void backward(int t, INDArray recurrent, INDArray dgOut) {
        int size = mb * n;
        if (recurrent == null) {
            Arrays.fill(rec, 0, size, 0f);
        } else {
            working(recurrent).get(0, rec, 0, size);
        }
        float[] at = a[t];
        float[] ft = f[t];
        float[] ot = o[t];
        float[] it = i[t];
        float[] tc = tanhCells[t];
        float[] prev = cells[t];
        float[] e = eps[t];
        float[] dh = rec;                                                   // becomes dL/dh~
        for (int k = 0; k < size; k++) {
            dh[k] += e[k];
        }
        if (mask != null) {
            float[] m = mask[t];
            for (int k = 0; k < size; k++) {
                dh[k] *= m[k];
            }
            for (int k = 0; k < size; k++) {
                carry[k] *= m[k];
            }
        }
        float[] dc = carry;                                                 // becomes dL/dc~
        for (int k = 0; k < size; k++) {
            dc[k] += dh[k] * ot[k] * (1 - tc[k] * tc[k]);
        }
        float[] da = dg[0];
        float[] df = dg[1];
        float[] dO = dg[2];
        float[] di = dg[3];
        for (int k = 0; k < size; k++) {
            da[k] = dc[k] * it[k] * (1 - at[k] * at[k]);
        }
        for (int k = 0; k < size; k++) {
            df[k] = dc[k] * prev[k] * ft[k] * (1 - ft[k]);
        }
        for (int k = 0; k < size; k++) {
            dO[k] = dh[k] * tc[k] * ot[k] * (1 - ot[k]);
        }
        for (int k = 0; k < size; k++) {
            di[k] = dc[k] * at[k] * it[k] * (1 - it[k]);
        }
        for (int k = 0; k < size; k++) {
            dc[k] *= ft[k];                                                  // dL/dc' through this step
        }
        FloatBuffer out = working(dgOut);
        int width = (int) dgOut.size(1);                                    // 4n, or padded (Gemms)
        int base = t * mb * width;
        for (int q = 0; q < 4; q++) {
            float[] d = dg[q];
            float[] sum = db[q];
            for (int k = 0; k < size; k++) {
                sum[k] += d[k];
            }
            for (int r = 0; r < mb; r++) {
                out.put(base + r * width + q * n, d, r * n, n);
            }
        }
    }

    @Override
    public void biasGradient(INDArray dbOut) {
        float[] total = new float[4 * n];
        for (int q = 0; q < 4; q++) {
            for (int r = 0; r < mb; r++) {
                for (int j = 0; j < n; j++) {
                    total[q * n + j] += db[q][r * n + j];
                }
            }
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            dbOut.assign(Nd4j.createFromArray(total).reshape(dbOut.shape()));
        }
    }
}
