package dev.seq4j.data.text;

import dev.seq4j.TinyText;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class CharSequenceIteratorTest {
    /** Index at step t of row b of a one-hot [mb, V, T] array. */
    private static int argmax(INDArray oneHot, int b, int t) {
        for (int v = 0; v < oneHot.size(1); v++) {
            if (oneHot.getDouble(b, v, t) == 1.0) {
                return v;
            }
        }
        return -1;
    }

    @Test
    void inputsAreTheTextAndLabelsTheNextCharacterWithMasksOnTheShortSequence() {
        CharVocabulary vocab = CharVocabulary.build("jeep ".codePoints().toArray(), 1);
        int[] ids = vocab.encode("jeep jeep j"); // 11 chars, 10 predictions
        CharSequenceIterator it = new CharSequenceIterator(ids, vocab.size(), 4, 8, null);
        assertEquals(3, it.sequenceCount());      // 4 + 4 + 2 predictions
        assertEquals(1, it.batchCount());
        MultiDataSet batch = it.next();
        assertFalse(it.hasNext());
        INDArray features = batch.getFeatures(0);
        INDArray labels = batch.getLabels(0);
        assertArrayEquals(new long[]{3, vocab.size(), 4}, features.shape());
        assertArrayEquals(new long[]{3, vocab.size(), 4}, labels.shape());
        for (int b = 0; b < 3; b++) {
            for (int t = 0; t < (b < 2 ? 4 : 2); t++) {
                assertEquals(ids[b * 4 + t], argmax(features, b, t), "input b=" + b + " t=" + t);
                assertEquals(ids[b * 4 + t + 1], argmax(labels, b, t), "label b=" + b + " t=" + t);
            }
        }
        INDArray mask = batch.getLabelsMaskArray(0);
        assertArrayEquals(new long[]{3, 4}, mask.shape());
        assertArrayEquals(new double[]{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, mask.reshape(12).toDoubleVector());
        assertEquals(0.0, features.getDouble(2, argmax(features, 0, 0), 3)); // padding is all zeros
        assertEquals(10.0, mask.sumNumber().doubleValue());                  // every prediction exactly once
    }

    @Test
    void equalLengthBatchesHaveNoMask() {
        CharVocabulary vocab = CharVocabulary.build(TinyText.jeep(3).codePoints().toArray(), 1);
        int[] ids = vocab.encode("jeep jeep");
        CharSequenceIterator it = new CharSequenceIterator(ids, vocab.size(), 4, 2, null);
        assertNull(it.next().getLabelsMaskArray(0));
    }

    @Test
    void epochsAreSeededAndDifferButPredictEveryCharacterExactlyOnce() {
        int[] ids = new int[401];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % 7;
        }
        CharSequenceIterator a = new CharSequenceIterator(ids, 7, 4, 10, 5L);
        CharSequenceIterator b = new CharSequenceIterator(ids, 7, 4, 10, 5L);
        List<Integer> a1 = firstSteps(a);
        assertEquals(a1, firstSteps(b));
        a.reset();
        b.reset();
        List<Integer> a2 = firstSteps(a);
        assertEquals(a2, firstSteps(b), "the same seed gives the same epochs");
        assertFalse(a1.equals(a2), "the second epoch is cut and ordered anew");
        for (int epoch = 0; epoch < 3; epoch++) {
            a.reset();
            double predictions = 0;
            while (a.hasNext()) {
                MultiDataSet batch = a.next();
                INDArray mask = batch.getLabelsMaskArray(0);
                predictions += mask == null ? batch.getLabels(0).size(0) * batch.getLabels(0).size(2)
                        : mask.sumNumber().doubleValue();
            }
            assertEquals(400.0, predictions, "epoch " + epoch);
        }
    }

    /** The first input symbol of every sequence of one epoch, in order. */
    private static List<Integer> firstSteps(CharSequenceIterator it) {
        List<Integer> out = new ArrayList<>();
        while (it.hasNext()) {
            INDArray f = it.next().getFeatures(0);
            for (int b = 0; b < f.size(0); b++) {
                out.add(argmax(f, b, 0));
            }
        }
        return out;
    }
}
