package dev.seq4j.result;

/**
 * The validation metric a run was judged by (early stopping, the kept model, a sweep's ranking) and its value at the
 * best epoch.
 *
 * @param metric   the metric's name in {@code metrics.csv}, e.g. {@code valid_accuracy}
 * @param minimize whether lower is better
 * @param value    its value at the best epoch
 */
public record ObjectiveValue(String metric, boolean minimize, double value) {
}
