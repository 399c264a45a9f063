package dev.seq4j.data.series;

/**
 * One multivariate time series and its class.
 *
 * @param id     the sequence's name: its {@code sequence_id} (long layout) or its file name (files layout)
 * @param label  the class, or {@code null} when read without labels (predict)
 * @param values {@code [T][F]}: time steps in order, one value per feature
 */
public record LabelledSeries(String id, String label, double[][] values) {
    public int length() {
        return values.length;
    }
}
