package dev.seq4j.api;

import dev.seq4j.data.series.LabelledSeries;
import dev.seq4j.data.series.SeriesClassData;
import dev.seq4j.data.series.SeriesIterator;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.task.SeriesClassTask;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@link SeriesClassifier} of a run: labels, features and normaliser as the task saved them, batched by {@link SeriesIterator}. */
final class RunSeriesClassifier extends RunModel implements SeriesClassifier {
    private final List<String> labels;
    private final List<String> features;
    private final DataNormalization normalizer;
    private final ComputationGraph net;

    private RunSeriesClassifier(RunDirectory run, SeriesClassTask.Loaded m, ComputationGraph net) {
        super(run, m.config());
        this.labels = m.labels();
        this.features = m.features();
        this.normalizer = m.normalizer();
        this.net = net;
    }

    /** Reads a seriesclass run: labels, features and normaliser checked against the model before its weights. */
    static RunSeriesClassifier load(RunDirectory run) {
        SeriesClassTask.Loaded m = SeriesClassTask.Loaded.of(run);
        return new RunSeriesClassifier(run, m, run.model());
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public List<String> features() {
        return features;
    }

    @Override
    public dev.seq4j.result.SeriesClassSummary summary() {
        return (dev.seq4j.result.SeriesClassSummary) super.summary();
    }

    @Override
    public ClassPrediction classify(double[][] series) {
        return classify(java.util.Collections.singletonList(series)).get(0);
    }

    @Override
    public List<ClassPrediction> classify(List<double[][]> series) {
        return inBatches(checked(series, "series"), this::batch);
    }

    /** One minibatch: features {@code [n, F, T]} (normalised) and mask {@code [n, T]} in, probabilities {@code [n, C]} out. */
    private List<ClassPrediction> batch(List<double[][]> series) {
        List<LabelledSeries> rows = new ArrayList<>(series.size());
        for (int i = 0; i < series.size(); i++) {
            rows.add(new LabelledSeries(Integer.toString(i), null, check(series.get(i), i)));
        }
        int[] classes = new int[rows.size()];
        Arrays.fill(classes, -1); // unlabelled, as SeriesClassData.read leaves predict's series
        SeriesClassData.Split split = new SeriesClassData.Split(rows, classes);
        double[][] p;
        synchronized (net) { // the normaliser's transform is called under the same lock
            MultiDataSet batch = new SeriesIterator(split, labels.size(), rows.size(), normalizer, 0, false).next();
            org.nd4j.linalg.api.ndarray.INDArray out = net.output(false, batch.getFeatures(),
                    batch.getFeaturesMaskArrays())[0];
            p = out.toDoubleMatrix();
            dev.seq4j.run.NativeMemory.release(batch, out);
        }
        return Arrays.stream(p).map(row -> ClassPrediction.of(labels, row)).toList();
    }

    /** A copy of series {@code i}, which must have steps of one finite value per feature. */
    private double[][] check(double[][] values, int i) {
        if (values.length == 0) {
            throw new InputException("series", i, "has no steps");
        }
        double[][] copy = new double[values.length][];
        for (int t = 0; t < values.length; t++) {
            if (values[t] == null || values[t].length != features.size()) {
                throw new InputException("series", i, "step " + t + " has " + (values[t] == null ? 0 : values[t].length)
                        + " values; the model reads " + features.size() + " " + features);
            }
            for (int f = 0; f < values[t].length; f++) {
                if (!Double.isFinite(values[t][f])) {
                    throw new InputException("series", i, "step " + t + ", feature '" + features.get(f) + "' is "
                            + values[t][f]);
                }
            }
            copy[t] = values[t].clone();
        }
        return copy;
    }
}
