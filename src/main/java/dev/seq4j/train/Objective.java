package dev.seq4j.train;

/**
 * The validation metric a task is judged by: early stopping, best-model keeping and sweeps all use it.
 *
 * @param metric   key in the validation metrics, e.g. {@code valid_bpc}
 * @param minimize true when lower is better
 */
public record Objective(String metric, boolean minimize) {
    public boolean better(double candidate, double best) {
        return minimize ? candidate < best : candidate > best;
    }

    public double worst() {
        return minimize ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
}
