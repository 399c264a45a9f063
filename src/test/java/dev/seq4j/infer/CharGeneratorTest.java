package dev.seq4j.infer;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CharGeneratorTest {
    @Test
    void topKKeepsOnlyTheLikeliestAndNeverTheUnknownSymbol() {
        double[] probs = {0.5, 0.1, 0.3, 0.05, 0.05};
        Set<Integer> seen = new HashSet<>();
        Random random = new Random(1);
        for (int i = 0; i < 2000; i++) {
            seen.add(CharGenerator.sample(probs, 1.0, 2, random));
        }
        assertEquals(Set.of(1, 2), seen);
    }

    @Test
    void lowTemperatureIsGreedyAndHighTemperatureSpreads() {
        double[] probs = {0.0, 0.2, 0.5, 0.3};
        Random random = new Random(2);
        for (int i = 0; i < 200; i++) {
            assertEquals(2, CharGenerator.sample(probs, 0.01, 0, random));
        }
        int picked1 = 0;
        for (int i = 0; i < 4000; i++) {
            picked1 += CharGenerator.sample(probs, 1.0, 0, random) == 1 ? 1 : 0;
        }
        assertTrue(Math.abs(picked1 / 4000.0 - 0.2) < 0.03, "sampled at its probability: " + picked1);
    }
}
