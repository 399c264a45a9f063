package dev.seq4j.data.series;

import java.util.List;

/**
 * The series read from one source, in source order, and the names of their features: columns of the long
 * layout ({@code named}), or {@code x0, x1, ...} for the files layout, whose files have no names for them.
 */
public record SeriesSet(List<String> features, List<LabelledSeries> series, boolean named) {
    /** Whether {@code other} has these features: the same number, and the same names where both have names. */
    boolean sameFeatures(SeriesSet other) {
        return features.size() == other.features.size() && (!named || !other.named || features.equals(other.features));
    }
}
