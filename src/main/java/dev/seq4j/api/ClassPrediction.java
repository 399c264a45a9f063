package dev.seq4j.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A classifier's answer for one input: the likeliest label and every label's probability (softmax output, summing to
 * 1), in the run's label order.
 *
 * @param label         the label of the highest probability (the first such label on a tie)
 * @param probabilities label to probability, in the run's label order; unmodifiable
 */
public record ClassPrediction(String label, Map<String, Double> probabilities) {
    /**
     * Copies {@code probabilities}, keeping their order.
     *
     * @param label         the likeliest label
     * @param probabilities label to probability
     */
    public ClassPrediction {
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    }

    /**
     * One label's probability.
     *
     * @param label a label of the run
     * @return its probability; 0 for a label the model does not know
     */
    public double probability(String label) {
        return probabilities.getOrDefault(label, 0.0);
    }

    /** The prediction of one row of class probabilities {@code p}, as wide as {@code labels}. */
    static ClassPrediction of(List<String> labels, double[] p) {
        Map<String, Double> map = new LinkedHashMap<>();
        int best = 0;
        for (int k = 0; k < labels.size(); k++) {
            map.put(labels.get(k), p[k]);
            best = p[k] > p[best] ? k : best;
        }
        return new ClassPrediction(labels.get(best), map);
    }
}
