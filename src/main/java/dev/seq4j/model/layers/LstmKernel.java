package dev.seq4j.model.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * An LSTM layer's forward and backward pass through time organised around large matrix products, as cuDNN
 * and PyTorch's CPU LSTM are (Appleyard et al. 2016, "Optimizing Performance of Recurrent Neural Networks on
 * GPUs"): the input projection of all steps is one GEMM, each step does one recurrent GEMM and one fused
 * element-wise pass ({@link LstmCell}), and the weight gradients are two GEMMs over all steps after the
 * backward recursion. All working arrays are kept between calls (they grow, never shrink), so a training
 * iteration allocates only its output and input gradient.
 *
 * <p>The large GEMMs do not depend on the recursion step by step, only chunk by chunk: on a machine with a
 * second core they run on {@link #HELPER} while the calling thread runs the recursion (input projections a
 * chunk ahead of it, weight and input gradients a chunk behind it). Each GEMM stays single-threaded, which is
 * where the small per-step products are fastest; chunks are fixed by the shape and summed in order, so
 * results do not depend on timing.
 *
 * <p>Everything is time-major: row {@code t * mb + b} holds example {@code b} at step {@code t}.
 * <pre>
 * xs [T*mb, nIn]      inputs
 * z  [T*mb, 4n]       pre-activations: xs W, then + h_{t-1} RW step by step (bias added by the cell)
 * h  [(T+1)*mb, n]    states, block 0 the initial one
 * dg [T*mb, 4n]       gradient of the pre-activations
 * </pre>
 */
final class LstmKernel {
    /** Chunks per sequence for the overlapped GEMMs. */
    private static final int CHUNKS = 8;
    /** One daemon thread for the large GEMMs, shared by every layer in the JVM; none on a single core. */
    private static final ExecutorService HELPER = Runtime.getRuntime().availableProcessors() > 1
            ? Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "seq4j-lstm-gemm");
                thread.setDaemon(true);
                return thread;
            })
            : null;
    private final DataType dataType;
    private final LstmCell cell;
    private INDArray xsBuffer;
    private INDArray zBuffer;
    private INDArray hBuffer;
    private INDArray dgBuffer;
    private INDArray epsBuffer;
    private INDArray epsOutBuffer;
    private INDArray recBuffer;
    /** {@code [mb, n]}: the first rows of {@link #recBuffer}, which may have more from a larger minibatch. */
    private INDArray rec;
    private int mb;
    private int steps;
    private int nIn;
    private int n;
    private INDArray[] zStep = new INDArray[0];
    private INDArray[] hStep = new INDArray[0];
    private INDArray[] dgStep = new INDArray[0];

    LstmKernel(DataType dataType) {
        this.dataType = dataType;
        this.cell = LstmCell.of(dataType);
    }

    private INDArray grow(INDArray buffer, long rows, long cols) {
        if (buffer != null && buffer.size(0) >= rows && buffer.size(1) == cols) {
            return buffer;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.create(dataType, new long[]{Math.max(rows, buffer == null ? 0 : buffer.size(0)), cols}, 'c');
        }
    }

    private static INDArray rows(INDArray buffer, long from, long to) {
        return buffer.get(interval(from, to), all());
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
        xsBuffer = grow(xsBuffer, (long) steps * mb, nIn);
        zBuffer = grow(zBuffer, (long) steps * mb, 4L * n);
        hBuffer = grow(hBuffer, (long) (steps + 1) * mb, n);
        dgBuffer = grow(dgBuffer, (long) steps * mb, 4L * n);
        epsBuffer = grow(epsBuffer, (long) steps * mb, n);
        epsOutBuffer = grow(epsOutBuffer, (long) steps * mb, nIn);
        recBuffer = grow(recBuffer, mb, n);
        cell.size(mb, steps, n);
        if (!same || z != zBuffer || h != hBuffer || dg != dgBuffer || r != recBuffer) {
            // per-step views, made once per shape: creating views costs microseconds, a step's GEMM ~100
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                zStep = new INDArray[steps];
                hStep = new INDArray[steps + 1];
                dgStep = new INDArray[steps];
                for (int t = 0; t < steps; t++) {
                    zStep[t] = rows(zBuffer, (long) t * mb, (long) (t + 1) * mb);
                    dgStep[t] = rows(dgBuffer, (long) t * mb, (long) (t + 1) * mb);
                }
                for (int t = 0; t <= steps; t++) {
                    hStep[t] = rows(hBuffer, (long) t * mb, (long) (t + 1) * mb);
                }
                rec = rows(recBuffer, 0, mb);
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
        int n = (int) rw.size(0);
        size((int) x.size(0), (int) x.size(2), (int) x.size(1), n);
        long rows = (long) steps * mb;
        INDArray xs = rows(xsBuffer, 0, rows);
        xs.reshape('c', steps, mb, nIn).assign(x.permute(2, 0, 1));
        int chunk = chunk();
        List<Future<?>> projected = new ArrayList<>();
        for (int t = 0; t < steps; t += chunk) {
            long first = (long) t * mb;
            long last = (long) Math.min(steps, t + chunk) * mb;
            projected.add(submit(() -> Nd4j.gemm(rows(xsBuffer, first, last), w, rows(zBuffer, first, last),
                    false, false, 1.0, 0.0)));
        }
        if (h0 == null) {
            hStep[0].assign(0);
        } else {
            hStep[0].assign(h0);
        }
        cell.bias(b);
        cell.initialCell(c0);
        cell.mask(mask == null ? null : mask.transpose().dup('c').reshape(-1));
        for (int t = 0; t < steps; t++) {
            if (t % chunk == 0) {
                await(projected.get(t / chunk));
            }
            Nd4j.gemm(hStep[t], rw, zStep[t], false, false, 1.0, 1.0);
            cell.forward(t, zBuffer, hBuffer);
        }
    }

    /** The states of the last forward pass, time-major {@code [T, mb, n]} (a view of the kernel's buffer). */
    INDArray states() {
        return rows(hBuffer, mb, (long) (steps + 1) * mb).reshape('c', steps, mb, n);
    }

    /** The state after the last step of the last forward pass, {@code [mb, n]}, detached. */
    INDArray lastState() {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return hStep[steps].dup('c');
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
     * gradient into {@code epsOut}, time-major {@code [T*mb, nIn]}.
     *
     * @param eps the gradient with respect to the outputs, {@code [mb, n, T]}
     */
    void backward(INDArray eps, INDArray w, INDArray rw, INDArray dW, INDArray dRW, INDArray db, int from,
                  INDArray epsOut) {
        long rows = (long) steps * mb;
        INDArray epsTimeMajor = rows(epsBuffer, 0, rows);
        epsTimeMajor.reshape('c', steps, mb, n).assign(eps.permute(2, 0, 1));
        cell.startBackward(epsBuffer);
        // DL4J keeps weights 'f'-ordered, so dW^T [4n, nIn] is a 'c'-ordered view of the same memory, and a
        // GEMM into a 'c'-ordered output takes ND4J's fast path (into an 'f'-ordered one it was 2x slower)
        INDArray dWt = dW.transpose();
        INDArray dRWt = dRW.transpose();
        int chunk = chunk();
        List<Future<?>> done = new ArrayList<>();
        int end = steps;
        for (int t = steps - 1; t >= from; t--) {
            cell.backward(t, t == steps - 1 ? null : rec, dgBuffer);
            if (t > from) {
                Nd4j.gemm(dgStep[t], rw, rec, false, true, 1.0, 0.0);   // dL/dh_{t-1} through step t's gates
            }
            if (t == from || (steps - t) % chunk == 0) {
                long first = (long) t * mb;
                long last = (long) end * mb;
                double beta = end == steps ? 0.0 : 1.0;
                done.add(submit(() -> {
                    INDArray dg = rows(dgBuffer, first, last);
                    Nd4j.gemm(dg, rows(xsBuffer, first, last), dWt, true, false, 1.0, beta);
                    Nd4j.gemm(dg, rows(hBuffer, first, last), dRWt, true, false, 1.0, beta);  // h_{t-1}: block t
                    Nd4j.gemm(dg, w, rows(epsOutBuffer, first, last), false, true, 1.0, 0.0);
                }));
                end = t;
            }
        }
        cell.biasGradient(db);
        done.forEach(LstmKernel::await);
        long first = (long) from * mb;
        if (from > 0) {
            rows(epsOut, 0, first).assign(0);
        }
        rows(epsOut, first, rows).assign(rows(epsOutBuffer, first, rows));
    }

    /** Steps per chunk of the overlapped GEMMs. */
    private int chunk() {
        return Math.max(1, (steps + CHUNKS - 1) / CHUNKS);
    }

    private static Future<?> submit(Runnable gemms) {
        if (HELPER == null) {
            gemms.run();
            return CompletableFuture.completedFuture(null);
        }
        return HELPER.submit(gemms);
    }

    private static void await(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the LSTM's matrix products", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
