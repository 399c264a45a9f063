package dev.seq4j.bench;

import java.util.Locale;

/**
 * One benchmark case: a char-LM-shaped training step (one-hot inputs, one recurrent layer, softmax over the
 * same vocabulary, Adam) of {@code batch} sequences of {@code steps} steps.
 *
 * @param cell    {@code lstm} (seq4j's default, the fast path), {@code lstm_stock} (DL4J's own layer) or {@code gru}
 * @param threads OpenMP / BLAS threads of the JVM that runs it ({@code OMP_NUM_THREADS})
 */
public record BenchCase(String cell, int hidden, int batch, int steps, int vocab, int threads) {
    public static final BenchCase CHARLM_256 = new BenchCase("lstm", 256, 32, 100, 64, 1);

    /** Floating-point operations of one iteration, counted as the PyTorch peer counts them. */
    public double flops() {
        int gates = cell.equals("gru") ? 3 : 4;
        return 3.0 * 2 * gates * hidden * (double) (vocab + hidden) * batch * steps
                + 3.0 * 2 * hidden * (double) vocab * batch * steps;
    }

    public String label() {
        return String.format(Locale.ROOT, "%s h=%d b=%d T=%d", cell, hidden, batch, steps);
    }

    public BenchCase withCell(String other) {
        return new BenchCase(other, hidden, batch, steps, vocab, threads);
    }

    public BenchCase withThreads(int other) {
        return new BenchCase(cell, hidden, batch, steps, vocab, other);
    }
}
