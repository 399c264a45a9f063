package dev.seq4j.model.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * The GRU's forward and backward pass through time built as {@link LstmKernel} is: the input projection of
 * all steps as GEMMs on the helper thread a chunk ahead, per step two prepared products (the gates'
 * {@code h' [Ur Uz]}, then the candidate's {@code (r * h') Un}, which needs r first) around the element-wise
 * {@link GruCell}, and the weight gradients as GEMMs a chunk behind on the helper thread. Layouts
 * (time-major, row {@code t * mb + b}):
 * <pre>
 * xs [T*mb, nIn]   zx [T*mb, 3n] = xs W   h [(T+1)*mb, n]   rh [T*mb, n] = r * h'
 * drz [T*mb, 2n(+16)]   dn [T*mb, n]    (pre-activation gradients of r, z and of the candidate)
 * </pre>
 * In single precision where oneDNN runs AVX2 kernels, drz, the step's {@code rz = h' [Ur Uz]} and [Ur Uz] itself get
 * 16 unused columns (and [Ur Uz]^T 16 zero rows) when 2n is a multiple of 512, as {@link LstmKernel}'s gates do
 * ({@link Gemms#paddedWidth}).
 */
final class GruKernel {
    private static final int CHUNKS = 8;
    private final DataType dataType;
    private final GruCell cell;
    private final Mmul mmul = new Mmul();
    /** The helper thread's own op, for the second half of the rows. */
    private final Mmul helperMmul = new Mmul();
    /** Per half of the rows (a minibatch of at least {@link Gemms#splitRows}), per step: h' [Ur Uz] and
     * (r h') Un of those rows. */
    private final OpContext[][] halfGates = {new OpContext[0], new OpContext[0]};
    private final OpContext[][] halfCandidate = {new OpContext[0], new OpContext[0]};
    private INDArray xsBuffer;
    private INDArray zxBuffer;
    private INDArray hBuffer;
    private INDArray rhBuffer;
    private INDArray drzBuffer;
    private INDArray dnBuffer;
    private INDArray epsBuffer;
    private INDArray rzBuffer;
    private INDArray nrBuffer;
    private INDArray drhBuffer;
    private INDArray recBuffer;
    /** The last chunk's weight gradients, computed beside the helper's backlog (see {@link Gemms#finish}). */
    private INDArray[] last;
    /** RW's blocks copied 'c'-ordered per pass: [Ur Uz] [n, 2n], Un [n, n] and their transposes; the first two
     * padded to {@link #width} columns, rows, with zeros. */
    private INDArray urz;
    private INDArray un;
    private INDArray urzT;
    private INDArray unT;
    private INDArray[] hStep = new INDArray[0];
    private INDArray rec;
    private OpContext[] gates = new OpContext[0];
    private OpContext[] candidate = new OpContext[0];
    private OpContext[] candidateBack = new OpContext[0];
    private OpContext[] gatesBack = new OpContext[0];
    private int mb;
    private int steps;
    private int nIn;
    private int n;
    /** Columns of {@link #drzBuffer}, {@link #rzBuffer} and {@link #urz}: 2n, or padded ({@link Gemms#paddedWidth}). */
    private int width;

    GruKernel(DataType dataType) {
        this.dataType = dataType;
        this.cell = GruCell.of(dataType);
    }

    private INDArray grow(INDArray buffer, long rows, long cols) {
        return Gemms.grow(buffer, dataType, rows, cols);
    }

    private void size(int mb, int steps, int nIn, int n) {
        boolean same = mb == this.mb && steps == this.steps && nIn == this.nIn && n == this.n;
        this.mb = mb;
        this.steps = steps;
        this.nIn = nIn;
        this.n = n;
        List<INDArray> before = Arrays.asList(zxBuffer, hBuffer, rhBuffer, drzBuffer, dnBuffer, rzBuffer, nrBuffer,
                drhBuffer, recBuffer, urz);
        long rows = (long) steps * mb;
        width = dataType == DataType.FLOAT ? Gemms.paddedWidth(2 * n) : 2 * n;
        xsBuffer = grow(xsBuffer, rows, nIn);
        zxBuffer = grow(zxBuffer, rows, 3L * n);
        hBuffer = grow(hBuffer, rows + mb, n);
        rhBuffer = grow(rhBuffer, rows, n);
        drzBuffer = grow(drzBuffer, rows, width);
        dnBuffer = grow(dnBuffer, rows, n);
        epsBuffer = grow(epsBuffer, rows, n);
        rzBuffer = grow(rzBuffer, mb, width);
        nrBuffer = grow(nrBuffer, mb, n);
        drhBuffer = grow(drhBuffer, mb, n);
        recBuffer = grow(recBuffer, mb, n);
        if (urz == null || urz.size(0) != n || urz.size(1) != width) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                urz = Nd4j.create(dataType, new long[]{n, width}, 'c');                  // padding stays 0
                un = Nd4j.create(dataType, new long[]{n, n}, 'c');
                urzT = Nd4j.create(dataType, new long[]{width, n}, 'c');
                unT = Nd4j.create(dataType, new long[]{n, n}, 'c');
            }
        }
        cell.size(mb, steps, n);
        List<INDArray> after = Arrays.asList(zxBuffer, hBuffer, rhBuffer, drzBuffer, dnBuffer, rzBuffer, nrBuffer,
                drhBuffer, recBuffer, urz);
        boolean moved = false;
        for (int k = 0; k < before.size(); k++) {
            moved |= before.get(k) != after.get(k);
        }
        if (same && !moved) {
            return;
        }
        Gemms.close(gates);
        Gemms.close(candidate);
        Gemms.close(candidateBack);
        Gemms.close(gatesBack);
        for (int part = 0; part < 2; part++) {
            Gemms.close(halfGates[part]);
            Gemms.close(halfCandidate[part]);
            halfGates[part] = new OpContext[0];
            halfCandidate[part] = new OpContext[0];
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray rz = Gemms.rows(rzBuffer, 0, mb);
            INDArray nr = Gemms.rows(nrBuffer, 0, mb);
            INDArray drh = Gemms.rows(drhBuffer, 0, mb);
            rec = Gemms.rows(recBuffer, 0, mb);
            hStep = new INDArray[steps + 1];
            for (int t = 0; t <= steps; t++) {
                hStep[t] = Gemms.rows(hBuffer, (long) t * mb, (long) (t + 1) * mb);
            }
            gates = new OpContext[steps];
            candidate = new OpContext[steps];
            candidateBack = new OpContext[steps];
            gatesBack = new OpContext[steps];
            for (int t = 0; t < steps; t++) {
                long first = (long) t * mb;
                long last = first + mb;
                gates[t] = Gemms.context(hStep[t], urz, rz, 0.0);                                 // h' [Ur Uz]
                candidate[t] = Gemms.context(Gemms.rows(rhBuffer, first, last), un, nr, 0.0);    // (r h') Un
                candidateBack[t] = Gemms.context(Gemms.rows(dnBuffer, first, last), unT, drh, 0.0);
                gatesBack[t] = Gemms.context(Gemms.rows(drzBuffer, first, last), urzT, rec, 0.0);
            }
        }
    }

    private int chunk() {
        return Math.max(1, (steps + CHUNKS - 1) / CHUNKS);
    }

    /** The forward pass over all steps of {@code x} ({@code [mb, nIn, T]}), keeping what {@link #backward} needs. */
    void forward(INDArray x, INDArray w, INDArray rw, INDArray b, INDArray h0, INDArray mask) {
        int n = (int) rw.size(0);
        size((int) x.size(0), (int) x.size(2), (int) x.size(1), n);
        long rows = (long) steps * mb;
        Gemms.rows(xsBuffer, 0, rows).reshape('c', steps, mb, nIn).assign(x.permute(2, 0, 1));
        boolean halves = Gemms.inHalves(mb, steps) && cell.splitsRows();
        int chunk = chunk();
        List<Future<?>> projected = new ArrayList<>();
        if (halves) {
            long middle = (long) (steps / 2) * mb;                   // the projection: half the steps on each core
            Gemms.halves(() -> project(w, 0, middle), () -> project(w, middle, rows));
        } else {
            for (int t = 0; t < steps; t += chunk) {
                long first = (long) t * mb;
                long last = (long) Math.min(steps, t + chunk) * mb;
                projected.add(Gemms.submit(() -> project(w, first, last)));
            }
        }
        INDArray rzBlock = rw.get(all(), interval(0, 2L * n));
        INDArray nBlock = rw.get(all(), interval(2L * n, 3L * n));
        Gemms.columns(urz, 2L * n).assign(rzBlock);
        un.assign(nBlock);
        if (h0 == null) {
            hStep[0].assign(0);
        } else {
            hStep[0].assign(h0);
        }
        cell.bias(b);
        cell.initialState(h0);
        cell.mask(mask == null ? null : mask.transpose().dup('c').reshape(-1));
        INDArray rz = Gemms.rows(rzBuffer, 0, mb);
        INDArray nr = Gemms.rows(nrBuffer, 0, mb);
        if (halves) {
            // as LstmKernel#forwardInHalves: the rows are independent sequences, half of them on each core
            prepareHalves();
            int half = mb / 2;
            Gemms.halves(() -> recursion(0, half, 0, rz, nr, mmul), () -> recursion(half, mb, 1, rz, nr, helperMmul));
            return;
        }
        for (int t = 0; t < steps; t++) {
            if (t % chunk == 0) {
                Gemms.await(projected.get(t / chunk));
            }
            Nd4j.exec(mmul, gates[t]);
            cell.forwardGates(t, zxBuffer, rz, rhBuffer);
            Nd4j.exec(mmul, candidate[t]);
            cell.forwardState(t, zxBuffer, nr, hBuffer);
        }
    }

    /** zx = xs W for rows {@code first .. last-1}. */
    private void project(INDArray w, long first, long last) {
        Nd4j.gemm(Gemms.rows(xsBuffer, first, last), w, Gemms.rows(zxBuffer, first, last), false, false, 1.0, 0.0);
    }

    /** Steps 0 .. T-1 of rows {@code from .. to-1}, on the half's own products ({@code part} 0 or 1). */
    private void recursion(int from, int to, int part, INDArray rz, INDArray nr, Mmul op) {
        for (int t = 0; t < steps; t++) {
            Nd4j.exec(op, halfGates[part][t]);
            cell.forwardGates(t, zxBuffer, rz, rhBuffer, from, to);
            Nd4j.exec(op, halfCandidate[part][t]);
            cell.forwardState(t, zxBuffer, nr, hBuffer, from, to);
        }
    }

    /** The per-step products of each half of the rows, made once per shape. */
    private void prepareHalves() {
        if (halfGates[0].length == steps) {
            return;
        }
        int half = mb / 2;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (int part = 0; part < 2; part++) {
                long from = part == 0 ? 0 : half;
                long to = part == 0 ? half : mb;
                halfGates[part] = new OpContext[steps];
                halfCandidate[part] = new OpContext[steps];
                INDArray rz = Gemms.rows(rzBuffer, from, to);
                INDArray nr = Gemms.rows(nrBuffer, from, to);
                for (int t = 0; t < steps; t++) {
                    long first = (long) t * mb;
                    halfGates[part][t] = Gemms.context(Gemms.rows(hBuffer, first + from, first + to), urz, rz, 0.0);
                    halfCandidate[part][t] = Gemms.context(Gemms.rows(rhBuffer, first + from, first + to), un, nr,
                            0.0);
                }
            }
        }
    }

    /** As {@link LstmKernel#outputs}. */
    void outputs(INDArray out) {
        if (!cell.outputs(out)) {
            out.assign(Gemms.rows(hBuffer, mb, (long) (steps + 1) * mb));
        }
    }

    /** The state after the last step, {@code [mb, n]}, detached. */
    INDArray lastState() {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return hStep[steps].dup('c');
        }
    }

    /**
     * The backward pass through the last forward pass for steps {@code from .. T-1}: weight gradients into
     * {@code dW} {@code [nIn, 3n]}, {@code dRW} {@code [n, 3n]}, {@code db} {@code [1, 3n]}, the input gradient
     * into {@code epsOut} (time-major {@code [T*mb, nIn]}; skipped when {@code null}).
     *
     * @param eps the gradient with respect to the outputs, {@code [mb, n, T]}
     */
    void backward(INDArray eps, INDArray w, INDArray rw, INDArray dW, INDArray dRW, INDArray db, int from,
                  INDArray epsOut) {
        long rows = (long) steps * mb;
        boolean outputLayout = eps.stride(0) == 1 && eps.stride(1) == rows && eps.stride(2) == mb;
        if (Gemms.timeMajor(eps)) {
            cell.startBackward(eps);                           // as LstmKernel#backward
        } else if (!outputLayout || !cell.startBackwardFromOutputLayout(eps)) {
            Gemms.rows(epsBuffer, 0, rows).reshape('c', steps, mb, n).assign(eps.permute(2, 0, 1));
            cell.startBackward(epsBuffer);
        }
        Gemms.rows(urzT, 0, 2L * n).assign(rw.get(all(), interval(0, 2L * n)).transpose());
        unT.assign(rw.get(all(), interval(2L * n, 3L * n)).transpose());
        // the gate blocks of the 'f'-ordered gradients, transposed: 'c'-ordered [2n, k] and [n, k] views
        INDArray[] targets = {
                dW.get(all(), interval(0, 2L * n)).transpose(), dW.get(all(), interval(2L * n, 3L * n)).transpose(),
                dRW.get(all(), interval(0, 2L * n)).transpose(), dRW.get(all(), interval(2L * n, 3L * n)).transpose()};
        int chunk = chunk();
        List<Future<?>> done = new ArrayList<>();
        int end = steps;
        INDArray drh = Gemms.rows(drhBuffer, 0, mb);
        for (int t = steps - 1; t >= from; t--) {
            cell.backwardState(t, t == steps - 1 ? null : rec, dnBuffer, drzBuffer);
            Nd4j.exec(mmul, candidateBack[t]);                           // d(r h') = dn Un^T
            cell.backwardGates(t, drh, drzBuffer);
            if (t > from) {
                Nd4j.exec(mmul, gatesBack[t]);                           // dL/dh_{t-1} through [Ur Uz]
                if ((steps - t) % chunk == 0) {
                    long first = (long) t * mb;
                    long last = (long) end * mb;
                    double beta = end == steps ? 0.0 : 1.0;
                    done.add(Gemms.submit(() -> weightGradients(first, last, targets, beta)));
                    end = t;
                }
            }
        }
        cell.biasGradient(db);
        long first = (long) from * mb;
        if (epsOut != null) {
            if (from > 0) {
                Gemms.rows(epsOut, 0, first).assign(0);
            }
            INDArray out = Gemms.rows(epsOut, first, rows);
            Nd4j.gemm(drz(first, rows), w.get(all(), interval(0, 2L * n)), out, false, true, 1.0, 0.0);
            Nd4j.gemm(Gemms.rows(dnBuffer, first, rows), w.get(all(), interval(2L * n, 3L * n)), out, false, true, 1.0, 1.0);
        }
        last = Gemms.finish(done, this::weightGradients, first, (long) end * mb, targets, last, dataType);
    }

    /** Rows {@code first .. last-1} of the gates' gradients, without padding columns. */
    private INDArray drz(long first, long last) {
        return Gemms.columns(Gemms.rows(drzBuffer, first, last), 2L * n);
    }

    /**
     * Over rows {@code first .. last-1}, into {@code targets} = the transposed gate blocks of dW and dRW:
     * dW_rz^T (+)= drz^T xs, dW_n^T (+)= dn^T xs, dU_rz^T (+)= drz^T h', dU_n^T (+)= dn^T (r h').
     */
    private void weightGradients(long first, long last, INDArray[] targets, double beta) {
        INDArray drz = drz(first, last);
        INDArray dn = Gemms.rows(dnBuffer, first, last);
        INDArray xs = Gemms.rows(xsBuffer, first, last);
        Nd4j.gemm(drz, xs, targets[0], true, false, 1.0, beta);
        Nd4j.gemm(dn, xs, targets[1], true, false, 1.0, beta);
        Nd4j.gemm(drz, Gemms.rows(hBuffer, first, last), targets[2], true, false, 1.0, beta);
        Nd4j.gemm(dn, Gemms.rows(rhBuffer, first, last), targets[3], true, false, 1.0, beta);
    }
}
