package dev.seq4j.api;

import dev.seq4j.result.SeriesClassSummary;

import java.util.List;

/**
 * A time-series classification run ({@code task: seriesclass}): a label and class probabilities per multivariate
 * series, normalised with the statistics saved from the run's training data.
 */
public interface SeriesClassifier extends TrainedModel {
    /**
     * What the model answers.
     *
     * @return the labels, in the order of the model's outputs
     */
    List<String> labels();

    /**
     * What the model reads.
     *
     * @return the feature names, in the order of a step's values
     */
    List<String> features();

    /**
     * What training reported.
     *
     * @return the run's {@code summary.json}: accuracy and macro-F1 against the baselines, the confusion matrix
     */
    @Override
    SeriesClassSummary summary();

    /**
     * Classifies one series.
     *
     * @param series {@code [time][features]}: at least one step, each with one finite value per feature
     * @return its prediction
     * @throws InputException when the series is empty, of the wrong width or not finite
     */
    ClassPrediction classify(double[][] series);

    /**
     * Classifies series as minibatches of at most {@value TrainedModel#MAX_BATCH} (shorter series padded and masked, aligned at
     * their ends as in training).
     *
     * @param series series of {@code [time][features]} each
     * @return one prediction per series, in order
     */
    List<ClassPrediction> classify(List<double[][]> series);
}
