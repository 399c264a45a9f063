package dev.seq4j.model.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/** What the recurrent kernels share: detached working arrays, prepared products and the helper thread. */
final class Gemms {
    /** One daemon thread for the large GEMMs, shared by every layer in the JVM; none on a single core. */
    private static final ExecutorService HELPER = Runtime.getRuntime().availableProcessors() > 1
            ? Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "seq4j-recurrent-gemm");
                thread.setDaemon(true);
                return thread;
            })
            : null;

    private Gemms() {
    }

    /**
     * Columns to give a single-precision product's operand of {@code cols} columns: {@code cols}, or {@link #padding}
     * more when it is a multiple of 512. oneDNN's AVX2 SGEMM (under ND4J's {@code onednn} builds every float product)
     * ran 1.5-3x slower when a matrix's rows were 1024 floats long (z = x W, dg^T x) than 1040 (docs/benchmarks.md,
     * issue 28); its AVX-512 one does not slow down there, and padded rows cost it 5-35 %, so only AVX2 pads.
     */
    static int paddedWidth(int cols) {
        return cols % 512 == 0 ? cols + padding : cols;
    }

    /**
     * Columns {@link #paddedWidth} adds: 16 where oneDNN runs AVX2 kernels ({@link Cpu#oneDnnAvx512}), else none;
     * {@code -Dseq4j.gatePadding=N} sets it (0 to measure without). Not final so that tests can try both.
     */
    static int padding = Integer.getInteger("seq4j.gatePadding", Cpu.oneDnnAvx512() ? 0 : 16);

    /**
     * {@code a b}, a new {@code 'c'} matrix, through {@code Nd4j.gemm}: {@code INDArray.mmul} of the same single
     * precision matrices ran 4-7x slower (a [1024, 64] by [64, 512] product: 5.6 against 0.85 ms, issue 28).
     */
    static INDArray product(INDArray a, INDArray b) {
        INDArray out = Nd4j.create(DataType.FLOAT, new long[]{a.size(0), b.size(1)}, 'c');
        Nd4j.gemm(a, b, out, false, false, 1.0, 0.0);
        return out;
    }

    /** The first {@code cols} columns of a matrix: a view with the matrix's row stride. */
    static INDArray columns(INDArray matrix, long cols) {
        return matrix.size(1) == cols ? matrix : matrix.get(all(), interval(0, cols));
    }

    /** {@code buffer} if it has at least {@code rows} rows of {@code cols}, else a larger one, outside workspaces. */
    static INDArray grow(INDArray buffer, DataType dataType, long rows, long cols) {
        if (buffer != null && buffer.size(0) >= rows && buffer.size(1) == cols) {
            return buffer;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.create(dataType, new long[]{Math.max(rows, buffer == null ? 0 : buffer.size(0)), cols}, 'c');
        }
    }

    /** Rows {@code from .. to-1} of a 'c'-ordered matrix: a contiguous view. */
    static INDArray rows(INDArray buffer, long from, long to) {
        return buffer.get(interval(from, to), all());
    }

    /** c = a b + beta c, prepared once: a call then costs 4 microseconds against 12 for {@code Nd4j.gemm}. */
    static OpContext context(INDArray a, INDArray b, INDArray c, double beta) {
        OpContext context = Nd4j.getExecutioner().buildContext();
        context.setInputArrays(a, b);
        context.setOutputArrays(c);
        context.setTArguments(1.0, beta);
        context.setIArguments(0, 0, 0);                               // no transposes
        return context;
    }

    static void close(OpContext[] contexts) {
        for (OpContext context : contexts) {
            try {
                context.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot release an op context", e);
            }
        }
    }

    /**
     * Whether a time series {@code [mb, n, T]} is a view of a 'c'-ordered time-major {@code [T*mb, n]} block (row
     * {@code t * mb + b} at {@code offset + (t * mb + b) * n}), as {@link FastRnnOutput} passes its gradient down: a
     * cell's {@code startBackward} reads it in place.
     */
    static boolean timeMajor(INDArray series) {
        long mb = series.size(0);
        long n = series.size(1);
        return series.rank() == 3 && series.stride(1) == 1 && (mb == 1 || series.stride(0) == n)
                && (series.size(2) == 1 || series.stride(2) == mb * n);
    }

    /** Whether this thread trains one of several models side by side ({@link HelperThread#sideBySide}). */
    private static final ThreadLocal<Boolean> SIDE_BY_SIDE = ThreadLocal.withInitial(() -> false);

    /**
     * Whether a pass on this thread may run the second of its halves ({@link #halves}) on the helper (a second core):
     * not on a single core, and not where several models train side by side (an ensemble, one thread each), which
     * share the one helper and would queue behind each other's halves.
     */
    static boolean maySplit() {
        return HELPER != null && !SIDE_BY_SIDE.get();
    }

    static <T> T sideBySide(Supplier<T> work) {
        boolean before = SIDE_BY_SIDE.get();
        SIDE_BY_SIDE.set(true);
        try {
            return work.get();
        } finally {
            SIDE_BY_SIDE.set(before);
        }
    }

    /** Runs {@code gemms} on the helper thread (here on a single core). */
    static Future<?> submit(Runnable gemms) {
        if (HELPER == null) {
            gemms.run();
            return CompletableFuture.completedFuture(null);
        }
        return HELPER.submit(gemms);
    }

    /** Fewest rows of a minibatch whose forward pass runs in two halves ({@link #inHalves});
     * {@code -Dseq4j.splitRows=0} turns it off, to measure. Not final so that tests can try both. */
    static int splitRows = splitRows();

    private static int splitRows() {
        int rows = Integer.getInteger("seq4j.splitRows", 16);
        return rows <= 0 ? Integer.MAX_VALUE : rows;
    }

    /**
     * Whether a recurrent forward pass of {@code mb} rows and {@code steps} steps runs in two halves of its rows
     * ({@link #halves}): at least {@link #splitRows} rows and a few steps (a single step is too little work for a
     * hand-over). A rule of the shape only.
     */
    static boolean inHalves(int mb, int steps) {
        return mb >= splitRows && steps >= 4;
    }

    /**
     * Two independent halves of a pass's work: the second on the helper beside the first where this thread may split
     * ({@link #maySplit}), else one after the other here. What makes a half is fixed by the shape (half the rows), never
     * by the machine or by timing, so the results are the same either way: a half-size product can round differently
     * from a whole one, and a run must give the same numbers on one core as on two, in an ensemble as alone, and
     * killed and resumed as uninterrupted (KillResumeCliTest, SparkSubmitIT against a local run).
     */
    static void halves(Runnable first, Runnable second) {
        if (maySplit()) {
            both(second, first);
        } else {
            first.run();
            second.run();
        }
    }

    /**
     * Runs {@code helperPart} on the helper thread and {@code ownPart} on this one, and returns when both are done,
     * also when one fails (an exception of the other is added to it as suppressed): the helper never goes on writing
     * into arrays its caller has given up on.
     */
    static void both(Runnable helperPart, Runnable ownPart) {
        Future<?> other = submit(helperPart);
        try {
            ownPart.run();
        } catch (RuntimeException | Error e) {
            try {
                await(other);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        await(other);
    }

    /** Weight gradients of rows {@code first .. last-1} into {@code targets}: {@code beta} 0 sets them, 1 adds. */
    interface Chunk {
        void into(long first, long last, INDArray[] targets, double beta);
    }

    /**
     * Ends a backward pass whose earlier chunks went to the helper ({@code done}, summing into {@code targets}):
     * the last chunk runs on the calling thread beside the helper's backlog, into buffers of its own ({@code last},
     * made or replaced as needed and returned) added once the helper is done. A fixed split, so the sums do not
     * depend on timing. With nothing on the helper it goes straight into {@code targets}.
     */
    static INDArray[] finish(List<Future<?>> done, Chunk chunk, long first, long last, INDArray[] targets,
                             INDArray[] buffers, DataType dataType) {
        if (done.isEmpty()) {
            chunk.into(first, last, targets, 0.0);
            return buffers;
        }
        INDArray[] own = buffers;
        boolean fits = own != null && own.length == targets.length;
        for (int k = 0; fits && k < targets.length; k++) {
            fits = Arrays.equals(own[k].shape(), targets[k].shape());
        }
        if (!fits) {
            own = new INDArray[targets.length];
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                for (int k = 0; k < targets.length; k++) {
                    own[k] = Nd4j.create(dataType, targets[k].shape(), 'c');
                }
            }
        }
        chunk.into(first, last, own, 0.0);
        done.forEach(Gemms::await);
        for (int k = 0; k < targets.length; k++) {
            targets[k].addi(own[k]);
        }
        return own;
    }

    static void await(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a recurrent layer's matrix products", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
