package dev.seq4j.data.series;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/** Shapes, alignment and masks of hand-made series, and a normaliser that has seen training data only. */
class SeriesIteratorTest {
    static final SeriesClassData.Split SPLIT = new SeriesClassData.Split(List.of(
            new LabelledSeries("a", "x", new double[][]{{1, 10}, {2, 20}, {3, 30}}),
            new LabelledSeries("b", "y", new double[][]{{5, 50}})), new int[]{0, 2});

    @Test
    void shorterSeriesArePaddedAndMaskedAfterTheirEndAndEachLabelIsItsOwn() {
        SeriesIterator it = new SeriesIterator(SPLIT, 3, 8, null, 0, false);
        MultiDataSet batch = it.next();
        assertArrayEquals(new long[]{2, 2, 3}, batch.getFeatures(0).shape());            // [mb, F, T]
        assertArrayEquals(new double[]{1, 2, 3}, batch.getFeatures(0).get(point(0), point(0), all()).toDoubleVector());
        assertArrayEquals(new double[]{5, 0, 0}, batch.getFeatures(0).get(point(1), point(0), all()).toDoubleVector());
        assertArrayEquals(new double[][]{{1, 1, 1}, {1, 0, 0}}, batch.getFeaturesMaskArray(0).toDoubleMatrix());
        assertArrayEquals(new double[][]{{1, 0, 0}, {0, 0, 1}}, batch.getLabels(0).toDoubleMatrix()); // [mb, C]
        assertNull(batch.getLabelsMaskArray(0));
        assertEquals(false, it.hasNext());
    }

    @Test
    void theNormaliserIsFittedOnTheTrainingSeriesAloneAndIgnoresPadding() {
        DataNormalization n = SeriesIterator.fitNormalizer(dev.seq4j.config.SeriesClassDataSpec.Normalize.STANDARDIZE, SPLIT);
        NormalizerStandardize s = (NormalizerStandardize) n;
        // the four real steps of the training split: feature 0 is 1, 2, 3, 5 (mean 2.75), never the padding 0s
        assertArrayEquals(new double[]{2.75, 27.5}, s.getMean().toDoubleVector(), 1e-6);
        assertArrayEquals(new double[]{Math.sqrt(2.1875), Math.sqrt(218.75)}, s.getStd().toDoubleVector(), 1e-4);
        SeriesClassData.Split other = new SeriesClassData.Split(List.of(
                new LabelledSeries("c", "x", new double[][]{{2.75, 27.5}})), new int[]{0});
        MultiDataSet batch = new SeriesIterator(other, 3, 8, n, 0, false).next();
        assertArrayEquals(new double[]{0, 0}, batch.getFeatures(0).reshape(2).toDoubleVector(), 1e-6);
        assertNull(SeriesIterator.fitNormalizer(dev.seq4j.config.SeriesClassDataSpec.Normalize.NONE, SPLIT));
    }

    @Test
    void shuffledEpochsVisitEverySeriesOnce() {
        SeriesIterator it = new SeriesIterator(SPLIT, 3, 1, null, 7, true);
        double seen = 0;
        for (int epoch = 0; epoch < 3; epoch++) {
            it.reset();
            while (it.hasNext()) {
                seen += it.next().getFeatures(0).getDouble(0, 0, 0);
            }
        }
        assertEquals(3 * (1 + 5), seen);
    }
}
