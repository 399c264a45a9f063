package dev.seq4j.sweep;

import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Arbiter's generators over our space: the candidates they make, in the order they make them. */
class TrialSpaceTest {
    @TempDir
    Path dir;

    private SweepSpec spec(String space) throws Exception {
        Path text = Files.writeString(dir.resolve("t.txt"), dev.seq4j.TinyText.pangram(5));
        return SweepSpec.load(Files.writeString(dir.resolve("s.yaml"), """
                base: {task: charlm, seed: 1, data: {train: %s}}
                %s
                """.formatted(text, space)));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> candidates(CandidateGenerator generator, int n) {
        List<Map<String, String>> out = new ArrayList<>();
        while (out.size() < n && generator.hasMoreCandidates()) {
            out.add((Map<String, String>) generator.getCandidate().getValue());
        }
        return out;
    }

    @Test
    void theGridRunsLikeNestedLoopsInFileOrderWithSingleValuesFixed() throws Exception {
        // a single-valued key before a swept one: Arbiter's grid would shift the later leaf's index if it were a leaf
        SweepSpec spec = spec("""
                space:
                  train.l2: [0.001]
                  model.layers: [[8], [16]]
                  train.batchSize: [4, 8, 16]
                """);
        List<Map<String, String>> got = candidates(new GridSearchCandidateGenerator(new TrialSpace(spec), 1,
                GridSearchCandidateGenerator.Mode.Sequential, null), 100);
        List<String> expected = new ArrayList<>();
        for (String layers : List.of("[8]", "[16]")) {
            for (String batch : List.of("4", "8", "16")) {
                expected.add("{train.l2=0.001, model.layers=" + layers + ", train.batchSize=" + batch + "}");
            }
        }
        assertEquals(expected, got.stream().map(Object::toString).toList());
    }

    @Test
    void randomSearchIsReproducibleFromItsSeedAndStaysInsideTheRanges() throws Exception {
        SweepSpec spec = spec("""
                search: random
                trials: 50
                space:
                  train.learningRate: {min: 0.0001, max: 0.1, scale: log}
                  train.batchSize: {min: 4, max: 64}
                  model.cell: [lstm, gru]
                """);
        List<Map<String, String>> a = candidates(seeded(spec, 5), 50);
        List<Map<String, String>> b = candidates(seeded(spec, 5), 50);
        List<Map<String, String>> c = candidates(seeded(spec, 6), 50);
        assertEquals(a, b);
        assertTrue(!a.equals(c));
        int small = 0;
        for (Map<String, String> m : a) {
            double lr = Double.parseDouble(m.get("train.learningRate"));
            assertTrue(lr >= 0.0001 && lr <= 0.1, m.toString());
            small += lr < 0.00316 ? 1 : 0; // the geometric middle: about half below it on a log scale
            assertTrue(m.get("train.batchSize").matches("\\d+"), m.toString());
            int batch = Integer.parseInt(m.get("train.batchSize"));
            assertTrue(batch >= 4 && batch <= 64, m.toString());
            assertTrue(List.of("\"lstm\"", "\"gru\"").contains(m.get("model.cell")), m.toString());
        }
        assertTrue(small > 10 && small < 40, "log-uniform: " + small + " of 50 below the geometric middle");
    }

    private static CandidateGenerator seeded(SweepSpec spec, long seed) {
        CandidateGenerator g = new RandomSearchGenerator(new TrialSpace(spec), null);
        g.setRngSeed(seed);
        return g;
    }

    @Test
    void integerRangesGiveEveryValueTheSameOddsAndRealKeysStayReal() throws Exception {
        SweepSpec spec = spec("""
                search: random
                trials: 600
                space:
                  train.batchSize: {min: 1, max: 3}
                  train.l2: {min: 0, max: 1}
                """);
        int[] counts = new int[4];
        boolean fractional = false;
        for (Map<String, String> m : candidates(seeded(spec, 3), 600)) {
            counts[Integer.parseInt(m.get("train.batchSize"))]++;
            fractional |= m.get("train.l2").contains(".") && !m.get("train.l2").endsWith(".0");
        }
        for (int v = 1; v <= 3; v++) {
            assertTrue(counts[v] > 160 && counts[v] < 240, "value " + v + " drawn " + counts[v] + " of 600 times");
        }
        assertTrue(fractional, "train.l2 holds reals, so {min: 0, max: 1} draws reals");
    }
}
