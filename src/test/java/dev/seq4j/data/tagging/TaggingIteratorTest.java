package dev.seq4j.data.tagging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seq4j.config.ConfigLoader;
import dev.seq4j.config.TaggingDataSpec;
import dev.seq4j.data.text.TokenVocabulary;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train.wordDropout}: training words read as unknown, a share of them, drawn afresh each epoch, seeded. */
class TaggingIteratorTest {
    private static final TaggingData DATA = TaggingData.load((TaggingDataSpec) ConfigLoader.fromTree(
            (ObjectNode) ConfigLoader.YAML.valueToTree(Map.of("task", "tagging", "seed", 1, "data", Map.of(
                    "train", "src/test/resources/tagging/ner.bio", "valid", "src/test/resources/tagging/ner.bio",
                    "minCount", 1)))).data(), 1);

    /** Every word id of an epoch, in the order served, and how many of them are the unknown word. */
    private static List<Integer> epoch(TaggingIterator it) {
        List<Integer> ids = new ArrayList<>();
        while (it.hasNext()) {
            MultiDataSet batch = it.next();
            INDArray words = batch.getFeatures(0);
            INDArray mask = batch.getFeaturesMaskArray(0);
            for (int b = 0; b < words.size(0); b++) {
                for (int t = 0; t < words.size(2); t++) {
                    if (mask == null || mask.getDouble(b, t) > 0) {
                        ids.add(words.getInt(b, 0, t));
                    }
                }
            }
        }
        return ids;
    }

    private static long unknown(List<Integer> ids) {
        return ids.stream().filter(i -> i == TokenVocabulary.UNKNOWN).count();
    }

    @Test
    void aShareOfWordsIsReadAsUnknownDifferentlyEachEpochAndTheSameForASeed() {
        TaggingIterator none = new TaggingIterator(DATA.train(), DATA.tags().size(), 4, true, 5, true, 0);
        List<Integer> plain = epoch(none);
        assertEquals(0, unknown(plain), "every training word is in a vocabulary built from them at minCount 1");

        TaggingIterator half = new TaggingIterator(DATA.train(), DATA.tags().size(), 4, true, 5, true, 0.5);
        List<Integer> first = epoch(half);
        half.reset();
        List<Integer> second = epoch(half);
        assertEquals(plain.size(), first.size());
        double share = (double) unknown(first) / first.size();
        assertTrue(share > 0.4 && share < 0.6, "share read as unknown: " + share);
        assertNotEquals(first, second, "drawn afresh each epoch");
        // the words not dropped are the words themselves: the same order as without dropout
        for (int i = 0; i < first.size(); i++) {
            assertTrue(first.get(i) == TokenVocabulary.UNKNOWN || first.get(i).equals(plain.get(i)), "word " + i);
        }
        assertEquals(first, epoch(new TaggingIterator(DATA.train(), DATA.tags().size(), 4, true, 5, true, 0.5)));
    }
}
