package dev.seq4j.eval;

import dev.seq4j.data.series.LabelledSeries;
import dev.seq4j.data.series.SeriesClassData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bins and histograms worked out by hand, and a set whose classes differ only in their values. */
class BagOfValuesBaselineTest {
    @Test
    void aValueFallsInTheBinAboveEveryEdgeAtOrBelowIt() {
        double[] edges = {1, 2, 2, 3};
        assertEquals(0, BagOfValuesBaseline.bin(edges, 0.5));
        assertEquals(1, BagOfValuesBaseline.bin(edges, 1));
        assertEquals(3, BagOfValuesBaseline.bin(edges, 2));
        assertEquals(3, BagOfValuesBaseline.bin(edges, 2.5));
        assertEquals(4, BagOfValuesBaseline.bin(edges, 7));
    }

    @Test
    void featuresAreTheShareOfStepsInEachBinPerFeature() {
        double[][] values = new double[16][1];
        for (int t = 0; t < 16; t++) {
            values[t][0] = t;
        }
        SeriesClassData.Split split = new SeriesClassData.Split(List.of(new LabelledSeries("a", "x", values),
                new LabelledSeries("b", "x", new double[][]{{-5}, {-5}, {100}, {7.5}})), new int[]{0, 0});
        double[][] edges = BagOfValuesBaseline.edges(split);
        // 20 values sorted: -5 -5 0 1 .. 7 7.5 8 .. 15 100; edge b is the value at rank round(1.25 b), b = 1..15
        assertArrayEquals(new double[]{-5, 1, 2, 3, 4, 6, 7, 7.5, 8, 10, 11, 12, 13, 15, 100}, edges[0]);
        double[] b = BagOfValuesBaseline.features(split, edges).getRow(1).toDoubleVector();
        double[] expected = new double[16];
        expected[1] = 0.5;   // -5, -5: at the first edge, so above it
        expected[8] = 0.25;  // 7.5: the eighth edge
        expected[15] = 0.25; // 100: the last edge
        assertArrayEquals(expected, b, 1e-6);
        assertEquals(1.0, java.util.Arrays.stream(b).sum(), 1e-9);
    }

    @Test
    void separatesClassesThatDifferInTheirValues() {
        List<LabelledSeries> series = new ArrayList<>();
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 40; i++) {
            double shift = i % 2 == 0 ? 0 : 5;
            double[][] v = new double[20][1];
            for (int t = 0; t < 20; t++) {
                v[t][0] = shift + r.nextGaussian();
            }
            series.add(new LabelledSeries("s" + i, i % 2 == 0 ? "low" : "high", v));
        }
        int[] classes = series.stream().mapToInt(s -> s.label().equals("low") ? 0 : 1).toArray();
        SeriesClassData.Split split = new SeriesClassData.Split(series, classes);
        BagOfValuesBaseline model = BagOfValuesBaseline.train(split, split, 2, 1);
        assertArrayEquals(classes, model.predict(split));
    }
}
