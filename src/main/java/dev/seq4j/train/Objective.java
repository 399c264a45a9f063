package dev.seq4j.train;

import java.util.Map;

/**
 * The validation metric a task is judged by: early stopping, best-model keeping and sweeps all use it.
 *
 * @param metric   key in the validation metrics, e.g. {@code valid_bpc}
 * @param minimize true when lower is better
 * @param tieBreak a metric where lower is better that decides between epochs with an equal {@code metric}, or
 *                 {@code null}; accuracy on a small validation set often ties (100 % at several epochs), and the
 *                 epoch with the lower validation loss is then the more confident model
 */
public record Objective(String metric, boolean minimize, String tieBreak) {
    public Objective(String metric, boolean minimize) {
        this(metric, minimize, null);
    }

    public boolean better(double candidate, double best) {
        return minimize ? candidate < best : candidate > best;
    }

    /** Whether an epoch's validation metrics beat the best so far ({@code null} before the first). */
    public boolean better(Map<String, Double> candidate, Map<String, Double> best) {
        double value = candidate.get(metric);
        if (!Double.isFinite(value)) {
            return false;
        }
        if (best == null || better(value, best.get(metric))) {
            return true;
        }
        return tieBreak != null && value == best.get(metric) && candidate.get(tieBreak) < best.get(tieBreak);
    }

    public double worst() {
        return minimize ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
}
