package dev.seq4j.model.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * An LSTM layer's forward and backward pass through time organised around large matrix products, as cuDNN
 * and PyTorch's CPU LSTM are (Appleyard et al. 2016, "Optimizing Performance of Recurrent Neural Networks on
 * GPUs"): the input projection of all steps is one GEMM, each step does one recurrent GEMM and one fused
 * element-wise pass ({@link LstmCell}), and the weight gradients are two GEMMs over all steps after the
 * backward recursion. All working arrays are kept between calls (they grow, never shrink), so a training
 * iteration allocates only its output and input gradient.
 *
 * <p>The large GEMMs do not depend on the recursion step by step, only chunk by chunk: on a machine with a
 * second core they run on a helper thread ({@link Gemms}) while the calling thread runs the recursion (input
 * projections a chunk ahead of it, weight gradients a chunk behind it; the input gradient and the last
 * chunk's weight gradients on the calling thread at the end). Each GEMM stays single-threaded, which is
 * where the small per-step products are fastest; chunks are fixed by the shape and summed in order, so
 * results do not depend on timing.
 *
 * <p>Everything is time-major: row {@code t * mb + b} holds example {@code b} at step {@code t}.
 * <pre>
 * xs [T*mb, nIn]      inputs
 * z  [T*mb, 4n(+16)]  pre-activations: xs W, then + h_{t-1} RW step by step (bias added by the cell); in single
 *                     precision 16 unused columns more when 4n is a multiple of 512 ({@link Gemms#paddedWidth})
 * h  [(T+1)*mb, n]    states, block 0 the initial one
 * dg [T*mb, 4n(+16)]  gradient of the pre-activations, padded as z (the backward products read it with
 *                     the same row length; its padding columns stay 0)
 * </pre>
 */
final class LstmKernel {
    /** Chunks per sequence for the overlapped GEMMs. */
    private static final int CHUNKS = 8;
    /** Most rows of an inference call whose recurrent products the cell does in Java (measured: DEVELOPERS.md). */
    static final int CELL_RECURRENCE_ROWS = Integer.getInteger("seq4j.cellRecurrenceRows", 32);
    private final DataType dataType;
    private final LstmCell cell;
    private INDArray xsBuffer;
    private INDArray zBuffer;
    private INDArray hBuffer;
    private INDArray dgBuffer;
    private INDArray epsBuffer;
    /** The last chunk's weight gradients, computed beside the helper's backlog (see {@link Gemms#finish}). */
    private INDArray[] last;
    private INDArray recBuffer;
    /** {@code [mb, n]}: the first rows of {@link #recBuffer}, which may have more from a larger minibatch. */
    private INDArray rec;
    private int mb;
    private int steps;
    private int nIn;
    private int n;
    /** Columns of {@link #zBuffer}, {@link #dgBuffer}, {@link #rwForward} and {@link #wForward}, and rows of
     * {@link #rwBackward}: 4n, or padded ({@link Gemms#paddedWidth}). */
    private int width;
    /** The input weights {@code [nIn, width]}, copied per pass when {@link #width} is padded; else null. */
    private INDArray wForward;
    private INDArray[] hStep = new INDArray[0];
    /** Recurrent weights copied 'c'-ordered per pass: RW [n, 4n] for the forward, RW^T [4n, n] for the backward
     * products, which run 20 % faster so than on DL4J's 'f'-ordered parameter view; padded to {@link #width}
     * columns and rows with zeros. */
    private INDArray rwForward;
    private INDArray rwBackward;
    /** Per step, a prepared matrix product: z_t += h_{t-1} RW (forward) and rec = dg_t RW^T (backward). An
     * op context made once costs 4 microseconds a call against 12 for {@code Nd4j.gemm}. */
    private OpContext[] forwardGemm = new OpContext[0];
    private OpContext[] backwardGemm = new OpContext[0];
    /** Per step, the products of {@link #forwardInHalves}: z_t += h_{t-1} RW for the first and the second half of
     * the rows. */
    private final OpContext[][] halfGemm = {new OpContext[0], new OpContext[0]};
    private final Mmul mmul = new Mmul();
    /** The helper thread's own op (an op object is not shared between threads). */
    private final Mmul helperMmul = new Mmul();

    LstmKernel(DataType dataType) {
        this.dataType = dataType;
        this.cell = LstmCell.of(dataType);
    }

    private void size(int mb, int steps, int nIn, int n) {
        boolean same = mb == this.mb && steps == this.steps && nIn == this.nIn && n == this.n;
        this.mb = mb;
        this.steps = steps;
        this.nIn = nIn;
        this.n = n;
        INDArray z = zBuffer;
        INDArray h = hBuffer;
        INDArray dg = dgBuffer;
        INDArray r = recBuffer;
        INDArray rwf = rwForward;
        width = dataType == DataType.FLOAT ? Gemms.paddedWidth(4 * n) : 4 * n;
        if (rwForward == null || rwForward.size(0) != n || rwForward.size(1) != width) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                rwForward = Nd4j.create(dataType, new long[]{n, width}, 'c');     // padding columns stay 0
                rwBackward = Nd4j.create(dataType, new long[]{width, n}, 'c');     // padding rows stay 0
            }
        }
        if (width != 4 * n && (wForward == null || wForward.size(0) != nIn || wForward.size(1) != width)) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                wForward = Nd4j.create(dataType, new long[]{nIn, width}, 'c');
            }
        }
        xsBuffer = Gemms.grow(xsBuffer, dataType, (long) steps * mb, nIn);
        zBuffer = Gemms.grow(zBuffer, dataType, (long) steps * mb, width);
        hBuffer = Gemms.grow(hBuffer, dataType, (long) (steps + 1) * mb, n);
        dgBuffer = Gemms.grow(dgBuffer, dataType, (long) steps * mb, width);
        epsBuffer = Gemms.grow(epsBuffer, dataType, (long) steps * mb, n);
        recBuffer = Gemms.grow(recBuffer, dataType, mb, n);
        cell.size(mb, steps, n);
        if (!same || z != zBuffer || h != hBuffer || dg != dgBuffer || r != recBuffer || rwf != rwForward) {
            // the per-step views and products of the old shape are stale; made again when a pass needs them
            Gemms.close(forwardGemm);
            Gemms.close(backwardGemm);
            Gemms.close(halfGemm[0]);
            Gemms.close(halfGemm[1]);
            forwardGemm = new OpContext[0];
            backwardGemm = new OpContext[0];
            halfGemm[0] = new OpContext[0];
            halfGemm[1] = new OpContext[0];
        }
    }

    /**
     * The per-step views and products of the forward recursion, made once per shape (a view costs microseconds, a
     * step ~100) and only by a pass that uses them: an inference call of a new shape that does its recursion in
     * the cell (see {@link #forward}) makes none.
     */
    private void prepareForward() {
        if (forwardGemm.length == steps) {
            return;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            hStep = new INDArray[steps + 1];
            for (int t = 0; t <= steps; t++) {
                hStep[t] = Gemms.rows(hBuffer, (long) t * mb, (long) (t + 1) * mb);
            }
            forwardGemm = new OpContext[steps];
            for (int t = 0; t < steps; t++) {
                forwardGemm[t] = Gemms.context(hStep[t], rwForward, Gemms.rows(zBuffer, (long) t * mb,
                        (long) (t + 1) * mb), 1.0);
            }
        }
    }

    /** As {@link #prepareForward}, for the backward recursion. */
    private void prepareBackward() {
        if (backwardGemm.length == steps) {
            return;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            rec = Gemms.rows(recBuffer, 0, mb);
            backwardGemm = new OpContext[steps];
            for (int t = 0; t < steps; t++) {
                INDArray dgt = Gemms.rows(dgBuffer, (long) t * mb, (long) (t + 1) * mb);
                backwardGemm[t] = Gemms.context(dgt, rwBackward, rec, 0.0);
            }
        }
    }

    /**
     * The forward pass over all steps of {@code x} ({@code [mb, nIn, T]}), keeping what {@link #backward}
     * needs.
     *
     * @param h0   state before step 0 {@code [mb, n]}, or {@code null} for zeros
     * @param c0   cell state before step 0, or {@code null}
     * @param mask {@code [mb, T]} or {@code null}
     */
    void forward(INDArray x, INDArray w, INDArray rw, INDArray b, INDArray h0, INDArray c0, INDArray mask) {
        forward(x, w, rw, b, h0, c0, mask, true);
    }

    /**
     * {@link #forward(INDArray, INDArray, INDArray, INDArray, INDArray, INDArray, INDArray)}; when not
     * {@code training} and the minibatch has at most {@link #CELL_RECURRENCE_ROWS} rows, the input projection is
     * one GEMM on this thread and the cell does the recurrent products in Java: an inference call of a few
     * sentences, where ND4J's cost per call (tens of microseconds for a product of a handful of rows, and the
     * views and op contexts of a shape not seen before) outweighed the arithmetic several times over.
     */
    void forward(INDArray x, INDArray w, INDArray rw, INDArray b, INDArray h0, INDArray c0, INDArray mask,
                 boolean training) {
        int n = (int) rw.size(0);
        size((int) x.size(0), (int) x.size(2), (int) x.size(1), n);
        long rows = (long) steps * mb;
        INDArray xs = Gemms.rows(xsBuffer, 0, rows);
        xs.reshape('c', steps, mb, nIn).assign(x.permute(2, 0, 1));
        INDArray rwGates = Gemms.columns(rwForward, 4L * n);
        rwGates.assign(rw);
        INDArray wz = w;
        if (width != 4 * n) {
            Gemms.columns(wForward, 4L * n).assign(w);
            wz = wForward;
        }
        INDArray projection = wz;
        cell.bias(b);
        cell.initialCell(c0);
        cell.mask(mask == null ? null : mask.transpose().dup('c').reshape(-1));
        boolean inCell = !training && mb <= CELL_RECURRENCE_ROWS
                && cell.recurrence(rwGates, h0 == null ? null : h0.castTo(dataType).dup('c'));
        if (inCell) {
            Nd4j.gemm(xs, projection, Gemms.rows(zBuffer, 0, rows), false, false, 1.0, 0.0);
            for (int t = 0; t < steps; t++) {
                cell.forward(t, zBuffer, hBuffer);
            }
            return;
        }
        cell.recurrence(null, null);
        if (Gemms.inHalves(mb, steps) && cell.prepareRows(zBuffer, hBuffer)) {
            forwardInHalves(xs, projection, h0);
            return;
        }
        prepareForward();
        int chunk = chunk();
        List<Future<?>> projected = new ArrayList<>();
        for (int t = 0; t < steps; t += chunk) {
            long first = (long) t * mb;
            long last = (long) Math.min(steps, t + chunk) * mb;
            projected.add(Gemms.submit(() -> Nd4j.gemm(Gemms.rows(xsBuffer, first, last), projection,
                    Gemms.rows(zBuffer, first, last), false, false, 1.0, 0.0)));
        }
        if (h0 == null) {
            hStep[0].assign(0);
        } else {
            hStep[0].assign(h0);
        }
        for (int t = 0; t < steps; t++) {
            if (t % chunk == 0) {
                Gemms.await(projected.get(t / chunk));
            }
            Nd4j.exec(mmul, forwardGemm[t]);                              // z_t += h_{t-1} RW
            cell.forward(t, zBuffer, hBuffer);
        }
    }

    /**
     * The forward pass of a minibatch in two halves ({@link Gemms#inHalves}): the rows of a minibatch are independent sequences, so
     * the calling thread runs the recursion of the first half of the rows and the helper that of the second, each
     * step a product of half the rows ({@code h_{t-1} RW}, 16 x 256 x 1024: 101 us against 197 for 32 rows) and the
     * cell on those rows, with no hand-over between steps. The input projection comes first, half the steps on
     * each thread. (One thread per pass with the projections on the helper left the second core idle for most of
     * it; splitting each step's product between the threads cost more in hand-overs than it saved, issue 28.)
     */
    private void forwardInHalves(INDArray xs, INDArray projection, INDArray h0) {
        int half = mb / 2;
        prepareHalves(half);
        long rows = (long) steps * mb;
        long middle = (long) (steps / 2) * mb;
        Gemms.halves(() -> {
            Nd4j.gemm(Gemms.rows(xs, 0, middle), projection, Gemms.rows(zBuffer, 0, middle), false, false, 1.0, 0.0);
            INDArray initial = Gemms.rows(hBuffer, 0, mb);
            if (h0 == null) {
                initial.assign(0);
            } else {
                initial.assign(h0);
            }
        }, () -> Nd4j.gemm(Gemms.rows(xs, middle, rows), projection, Gemms.rows(zBuffer, middle, rows), false, false,
                1.0, 0.0));
        Gemms.halves(() -> recursion(0, half, halfGemm[0], mmul), () -> recursion(half, mb, halfGemm[1], helperMmul));
    }

    /** Steps 0 .. T-1 of rows {@code from .. to-1}: each step's prepared product, then the cell on those rows. */
    private void recursion(int from, int to, OpContext[] products, Mmul op) {
        for (int t = 0; t < steps; t++) {
            Nd4j.exec(op, products[t]);                                   // z_t += h_{t-1} RW, these rows
            cell.forwardRows(t, from, to);
        }
    }

    /** {@link #forwardInHalves}' per-step products, made once per shape: the first and the second half's. */
    private void prepareHalves(int half) {
        if (halfGemm[0].length == steps) {
            return;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (int part = 0; part < 2; part++) {
                long from = part == 0 ? 0 : half;
                long to = part == 0 ? half : mb;
                OpContext[] contexts = new OpContext[steps];
                for (int t = 0; t < steps; t++) {
                    long row = (long) t * mb;
                    contexts[t] = Gemms.context(Gemms.rows(hBuffer, row + from, row + to), rwForward,
                            Gemms.rows(zBuffer, row + from, row + to), 1.0);
                }
                halfGemm[part] = contexts;
            }
        }
    }

    /**
     * Writes the states of the last forward pass into {@code out}, {@code [T*mb, n]} 'f'-ordered with row
     * {@code t * mb + b}: DL4J's own 2-d layout of a time series, so that an output layer above reshapes it
     * without a copy (ND4J's copies between layouts took 1.5-5 ms for charlm-256's 800 k values, the
     * Java one a fraction of that).
     */
    void outputs(INDArray out) {
        if (!cell.outputs(out)) {
            out.assign(Gemms.rows(hBuffer, mb, (long) (steps + 1) * mb));
        }
    }

    /** Whether {@code eps} ({@code [mb, n, T]}) is a view of an 'f'-ordered {@code [T*mb, n]} array, as above. */
    private boolean inOutputLayout(INDArray eps) {
        return eps.stride(0) == 1 && eps.stride(1) == (long) steps * mb && eps.stride(2) == mb;
    }

    /** The state after the last step of the last forward pass, {@code [mb, n]}, detached. */
    INDArray lastState() {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Gemms.rows(hBuffer, (long) steps * mb, (long) (steps + 1) * mb).dup('c');
        }
    }

    /** The cell state after the last step of the last forward pass, {@code [mb, n]}, detached. */
    INDArray lastCell() {
        return cell.lastCell(dataType);
    }

    /**
     * The backward pass through the last forward pass, for the steps {@code from .. T-1} (all when
     * {@code from} is 0; truncated BPTT passes {@code T - backLength}): writes the weight gradients into
     * {@code dW} {@code [nIn, 4n]}, {@code dRW} {@code [n, 4n]} and {@code db} {@code [1, 4n]} and the input
     * gradient into {@code epsOut}, time-major {@code [T*mb, nIn]} (skipped when {@code null}).
     *
     * @param eps the gradient with respect to the outputs, {@code [mb, n, T]}
     */
    void backward(INDArray eps, INDArray w, INDArray rw, INDArray dW, INDArray dRW, INDArray db, int from,
                  INDArray epsOut) {
        long rows = (long) steps * mb;
        if (Gemms.timeMajor(eps)) {
            cell.startBackward(eps);                           // FastRnnOutput's gradient: read where it is
        } else if (!inOutputLayout(eps) || !cell.startBackwardFromOutputLayout(eps)) {
            Gemms.rows(epsBuffer, 0, rows).reshape('c', steps, mb, n).assign(eps.permute(2, 0, 1));
            cell.startBackward(epsBuffer);
        }
        Gemms.rows(rwBackward, 0, 4L * n).assign(rw.transpose());
        prepareBackward();
        // DL4J keeps weights 'f'-ordered, so dW^T [4n, nIn] is a 'c'-ordered view of the same memory, and a
        // GEMM into a 'c'-ordered output takes ND4J's fast path (into an 'f'-ordered one it was 2x slower)
        INDArray[] targets = {dW.transpose(), dRW.transpose()};
        int chunk = chunk();
        List<Future<?>> done = new ArrayList<>();
        int end = steps;
        for (int t = steps - 1; t >= from; t--) {
            cell.backward(t, t == steps - 1 ? null : rec, dgBuffer);
            if (t > from) {
                Nd4j.exec(mmul, backwardGemm[t]);       // rec = dg_t RW^T: dL/dh_{t-1} through step t's gates
                if ((steps - t) % chunk == 0) {
                    // the weight gradients of steps t .. end-1, summed into dW and dRW on the helper, in order
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
            INDArray dg = Gemms.columns(Gemms.rows(dgBuffer, first, rows), 4L * n);
            Nd4j.gemm(dg, w, Gemms.rows(epsOut, first, rows), false, true, 1.0, 0.0);   // the input gradient, here
        }
        last = Gemms.finish(done, this::weightGradients, first, (long) end * mb, targets, last, dataType);
    }

    /** Into {@code targets} = {dW^T, dRW^T}: dW^T (+)= dg^T xs, dRW^T (+)= dg^T h_{t-1}, rows {@code first .. last-1}. */
    private void weightGradients(long first, long last, INDArray[] targets, double beta) {
        INDArray dg = Gemms.columns(Gemms.rows(dgBuffer, first, last), 4L * n);      // rows of width, as z
        Nd4j.gemm(dg, Gemms.rows(xsBuffer, first, last), targets[0], true, false, 1.0, beta);
        Nd4j.gemm(dg, Gemms.rows(hBuffer, first, last), targets[1], true, false, 1.0, beta);   // h_{t-1}: block t
    }

    /** Steps per chunk of the overlapped GEMMs. */
    private int chunk() {
        return Math.max(1, (steps + CHUNKS - 1) / CHUNKS);
    }
}
