package dev.seq4j.eval;

import dev.seq4j.data.series.LabelledSeries;
import dev.seq4j.data.series.SeriesClassData;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;

/**
 * The classical baseline for time-series classification: {@link LogisticRegression} on a bag of values, the
 * series' histogram with order ignored. Each feature's values are binned at quantiles of the training data ({@value #BINS} bins of about equal training mass), and a series is described by the fraction
 * of its steps in each bin, per feature. What such a model cannot see (when a shift happens, which way a
 * trend runs) is what the recurrent model has to add.
 */
public final class BagOfValuesBaseline {
    public static final int BINS = 16;
    private final LogisticRegression model;
    private final double[][] edges;

    private BagOfValuesBaseline(LogisticRegression model, double[][] edges) {
        this.model = model;
        this.edges = edges;
    }

    public static BagOfValuesBaseline train(SeriesClassData.Split train, SeriesClassData.Split valid, int classes,
                                            long seed) {
        double[][] edges = edges(train);
        return new BagOfValuesBaseline(LogisticRegression.train(features(train, edges), train.classes(),
                features(valid, edges), valid.classes(), classes, seed), edges);
    }

    /** Per feature, the {@code BINS - 1} inner bin edges: quantiles of all training values of that feature. */
    static double[][] edges(SeriesClassData.Split train) {
        int width = train.series().get(0).values()[0].length;
        double[][] edges = new double[width][BINS - 1];
        for (int f = 0; f < width; f++) {
            int feature = f;
            double[] all = train.series().stream().flatMap(s -> Arrays.stream(s.values()))
                    .mapToDouble(step -> step[feature]).sorted().toArray();
            for (int b = 1; b < BINS; b++) {
                edges[f][b - 1] = all[(int) Math.min(all.length - 1, Math.round(b * all.length / (double) BINS))];
            }
        }
        return edges;
    }

    /** {@code [n, F * BINS]}: the fraction of each series' steps in each bin of each feature. */
    static INDArray features(SeriesClassData.Split split, double[][] edges) {
        INDArray x = Nd4j.zeros(split.size(), edges.length * BINS);
        for (int i = 0; i < split.size(); i++) {
            LabelledSeries series = split.series().get(i);
            for (double[] step : series.values()) {
                for (int f = 0; f < edges.length; f++) {
                    int bin = bin(edges[f], step[f]);
                    int column = f * BINS + bin;
                    x.putScalar(i, column, x.getDouble(i, column) + 1.0 / series.length());
                }
            }
        }
        return x;
    }

    /** The bin of {@code v}: the number of edges at or below it. */
    static int bin(double[] edges, double v) {
        int at = Arrays.binarySearch(edges, v);
        if (at >= 0) {
            while (at + 1 < edges.length && edges[at + 1] == v) {
                at++;
            }
            return at + 1;
        }
        return -at - 1;
    }

    /** Class probabilities {@code [n, C]}. */
    public INDArray probabilities(SeriesClassData.Split split) {
        return model.probabilities(features(split, edges));
    }

    public int[] predict(SeriesClassData.Split split) {
        return ClassifierMetrics.argmax(probabilities(split));
    }

    /** Writes the regression; {@link #edges()} are saved beside it. */
    public void save(File file) throws IOException {
        model.save(file);
    }

    /** Per feature, the inner bin edges {@code [F][BINS - 1]}. */
    public double[][] edges() {
        return edges;
    }

    /**
     * Reads the regression and the bin edges (JSON {@code [F][BINS - 1]}, finite and ascending) saved from
     * {@link #edges()}, for {@code features} features; anything else is a {@link dev.seq4j.UserException}.
     */
    public static BagOfValuesBaseline load(java.nio.file.Path model, java.nio.file.Path bins, int features) {
        com.fasterxml.jackson.databind.JsonNode json = dev.seq4j.run.RunFiles.json(bins);
        if (!json.isArray() || json.size() != features) {
            throw new dev.seq4j.UserException(bins + ": not the bin edges of " + features + " features");
        }
        double[][] edges = new double[features][];
        for (int f = 0; f < features; f++) {
            edges[f] = dev.seq4j.run.RunFiles.numbers(bins, json, f, BINS - 1);
            for (int b = 1; b < edges[f].length; b++) {
                if (edges[f][b] < edges[f][b - 1]) {
                    throw new dev.seq4j.UserException(bins + ": the bin edges of feature " + (f + 1) + " do not ascend");
                }
            }
        }
        try {
            return new BagOfValuesBaseline(LogisticRegression.load(model.toFile()), edges);
        } catch (IOException e) {
            throw new dev.seq4j.UserException(model + ": cannot load the baseline (" + e.getMessage() + ")");
        }
    }
}
