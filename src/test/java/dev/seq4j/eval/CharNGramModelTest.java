package dev.seq4j.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CharNGramModelTest {
    private static final int[] TEXT = {1, 2, 2, 3, 1, 2, 2, 3, 1, 2, 3, 3, 1, 1, 2};

    @Test
    void everyContextGivesADistribution() {
        for (int order = 1; order <= 5; order++) {
            CharNGramModel model = CharNGramModel.train(TEXT, 5, order);
            for (int pos = 0; pos < TEXT.length; pos++) {
                double total = 0;
                int[] probe = TEXT.clone();
                for (int c = 0; c < 5; c++) {
                    probe[pos] = c;
                    total += model.probability(probe, pos);
                }
                assertEquals(1.0, total, 1e-9, "order " + order + " pos " + pos);
            }
        }
    }

    @Test
    void unigramMatchesKneserNeyWorkedByHand() {
        // order 1: raw counts 1:4, 2:6, 3:4 (N = 14 + one more 1 at index 13) -> counts 1:5, 2:6, 3:4, total 15.
        // n1 = 0, n2 = 0 -> discount 0.5; types = 3; P(c) = (count - 0.5 + 0.5 * 3 / 5) / 15.
        CharNGramModel model = CharNGramModel.train(TEXT, 5, 1);
        assertEquals((6 - 0.5 + 0.5 * 3 / 5.0) / 15, model.probability(new int[]{2}, 0), 1e-12);
        assertEquals((0.5 * 3 / 5.0) / 15, model.probability(new int[]{4}, 0), 1e-12);
    }

    @Test
    void aDeterministicTextIsLearnedAlmostPerfectly() {
        int[] text = new int[3000];
        for (int i = 0; i < text.length; i++) {
            text[i] = 1 + "jep ".indexOf("jeep ".charAt(i % 5));
        }
        CharNGramModel model = CharNGramModel.train(text, 5, 3);
        double bpc = model.evaluate(text).bitsPerChar();
        assertTrue(bpc < 0.05, "bpc " + bpc);
    }
}
