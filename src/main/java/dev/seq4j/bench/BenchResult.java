package dev.seq4j.bench;

/**
 * What one run of a case measured.
 *
 * @param msPerIteration median over the timed iterations
 * @param gflops         achieved rate, {@link BenchCase#flops()} over the median time
 * @param sgemmGflops    a 1024 x 1024 x 1024 SGEMM of the same backend and threads, in the same process
 * @param peakRssMb      the process's peak resident memory
 * @param firstLoss      training loss of the first timed iteration ({@code NaN} for the peer, which prints none)
 * @param isa            the vector instructions the process ran with, as it reported them ({@link Isa#ofThisProcess};
 *                       the peer: PyTorch's CPU capability)
 */
public record BenchResult(String implementation, double msPerIteration, double tokensPerSecond, double gflops,
                          double sgemmGflops, double peakRssMb, double firstLoss, double lastLoss, String isa) {
    /** The same result with more said about the instructions it ran with. */
    public BenchResult withIsa(String more) {
        return new BenchResult(implementation, msPerIteration, tokensPerSecond, gflops, sgemmGflops, peakRssMb,
                firstLoss, lastLoss, isa == null ? more : isa + ", " + more);
    }
}
