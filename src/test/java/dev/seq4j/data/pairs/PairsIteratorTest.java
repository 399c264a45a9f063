package dev.seq4j.data.pairs;

import dev.seq4j.data.synthetic.SyntheticPairs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairsIteratorTest {
    @TempDir
    Path dir;

    /** {@code n} generated pairs of {@code kind}, characters on both sides, as training and validation data. */
    private PairsData synthetic(String kind, int n) throws Exception {
        Path f = dir.resolve(kind + ".tsv");
        SyntheticPairs.write(SyntheticPairs.generate(kind, n, 1), f);
        return PairsData.load(new dev.seq4j.config.PairsDataSpec(f.toString(), f.toString(), null, dev.seq4j.config.Tokens.CHAR,
                dev.seq4j.config.Tokens.CHAR, null, null, null, null, null, null, null), 1);
    }

    @Test
    void everyPairOnceAnEpochSourcesNeverPaddedTargetsShiftedAndMasked() throws Exception {
        PairsData data = synthetic("reverse", 200);
        int v = data.encoder().target().size();
        for (boolean shuffle : new boolean[]{true, false}) {
            PairsIterator it = new PairsIterator(data.train(), v, 16, 3, shuffle);
            Set<String> seen = new HashSet<>();
            int batches = 0;
            while (it.hasNext()) {
                MultiDataSet b = it.next();
                batches++;
                INDArray source = b.getFeatures(0);
                assertEquals(source.size(0) * source.size(2), b.getFeaturesMaskArray(0).sumNumber().longValue(),
                        "a source was padded");
                INDArray previous = b.getFeatures(1);
                INDArray labels = b.getLabels(0);
                INDArray mask = b.getLabelsMaskArray(0);
                for (int i = 0; i < source.size(0); i++) {
                    int length = (int) mask.getRow(i).sumNumber().longValue();
                    assertEquals(1, previous.getInt(i, 0, 0), "decoder input starts with <s>");
                    assertEquals(PairsData.END_ID, labels.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i),
                            org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(length - 1))
                            .argMax().getInt(0), "labels end with </s>");
                    for (int t = 1; t < length; t++) { // the label at t - 1 is the decoder input at t
                        assertEquals(previous.getInt(i, 0, t), labels.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i),
                                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t - 1))
                                .argMax().getInt(0));
                    }
                    StringBuilder key = new StringBuilder();
                    for (int t = 0; t < source.size(2); t++) {
                        key.append(source.getInt(i, 0, t)).append(',');
                    }
                    assertTrue(seen.add(key.toString()), "pair seen twice: " + key);
                }
            }
            assertEquals(200, seen.size());
            assertEquals(it.batchCount(), batches);
        }
        // sources of 3 to 8 letters: at least one batch per length
        assertTrue(new PairsIterator(data.train(), v, 16, 3, true).batchCount() >= 200 / 16 + 1);
        assertArrayEquals(new long[]{2, 1, 3}, PairsIterator.ids(new int[][]{{4, 5, 6}, {7}})[0].shape());
        assertArrayEquals(new double[]{1, 1, 1, 1, 0, 0}, PairsIterator.ids(new int[][]{{4, 5, 6}, {7}})[1].data().asDouble());
    }

    @Test
    void labelSmoothingSpreadsEpsilonOverTheVocabularyOnRealStepsOnly() throws Exception {
        PairsData data = synthetic("addition", 100);
        int v = data.encoder().target().size();
        MultiDataSet plain = new PairsIterator(data.train(), v, 100, 3, false).next();
        MultiDataSet smooth = new PairsIterator(data.train(), v, 100, 3, false).labelSmoothing(0.1).next();
        INDArray mask = smooth.getLabelsMaskArray(0);
        INDArray expected = plain.getLabels(0).mul(0.9).addi(mask.reshape(mask.size(0), 1, mask.size(1))
                .broadcast(plain.getLabels(0).shape()).mul(0.1 / v));
        assertTrue(expected.equalsWithEps(smooth.getLabels(0), 1e-6));
        assertEquals(mask.sumNumber().doubleValue(), smooth.getLabels(0).sumNumber().doubleValue(), 1e-2,
                "each real step's labels sum to 1, padded steps to 0");
        assertTrue(mask.minNumber().doubleValue() == 0, "the batch has padded steps");
    }
}
