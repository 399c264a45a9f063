package dev.seq4j.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seq4j.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sweep files: what they resolve to, and every kind of bad one refused with the file and key named. */
class SweepSpecTest {
    @TempDir
    Path dir;

    private static final String BASE = """
            base:
              task: charlm
              seed: 3
              data: {train: %s}
              model: {layers: [16, 16]}
            """;

    private Path file(String body) throws Exception {
        Path text = dir.resolve("text.txt");
        if (!Files.exists(text)) {
            Files.writeString(text, dev.seq4j.TinyText.pangram(10));
        }
        return Files.writeString(dir.resolve("sweep.yaml"), BASE.formatted(text) + body);
    }

    private SweepSpec load(String body) throws Exception {
        return SweepSpec.load(file(body));
    }

    @Test
    void aGridHasEveryCombinationOfItsValuesAndSetAppliesToTheBase() throws Exception {
        SweepSpec spec = load("""
                set: {train.epochs: 2}
                space:
                  model.layers: [[8], [16, 16], [32]]
                  train.batchSize: [4, 8]
                  train.lrGamma: [0.5, 0.9]
                """);
        assertEquals(12, spec.trials());
        assertEquals(List.of("model.layers", "train.batchSize", "train.lrGamma"), spec.keys());
        assertEquals(2, spec.base().train().epochs());
        assertEquals(3, spec.seed(), "the base config's seed by default");
        assertNull(spec.prune());
        assertEquals(List.of(32), spec.trialConfig(java.util.Map.of("model.layers",
                dev.seq4j.config.ConfigLoader.JSON.readTree("[32]"))).model().layers());
    }

    @Test
    void rangesGiveEvenlySpacedGridPointsLogSpacedOnALogScaleAndIntegersWhenBothEndsAreIntegers() {
        assertEquals("[0.001, 0.01, 0.1]", new SweepSpec.Range(0.001, 0.1, true, false, 3).gridValues().toString());
        assertEquals("[0.5, 0.7, 0.9]", new SweepSpec.Range(0.5, 0.9, false, false, 3).gridValues().toString());
        assertEquals("[16, 32, 64]", new SweepSpec.Range(16, 64, true, true, 3).gridValues().toString());
        // integer points that round to the same value are tried once
        assertEquals("[1, 2]", new SweepSpec.Range(1, 2, false, true, 4).gridValues().toString());
    }

    @Test
    void randomSearchTakesRangesATrialBudgetAndItsOwnSeed() throws Exception {
        SweepSpec spec = load("""
                search: random
                trials: 7
                seed: 11
                space:
                  train.learningRate: {min: 0.0001, max: 0.1, scale: log}
                  train.batchSize: [4, 8]
                prune: {minTrials: 3}
                """);
        assertEquals(7, spec.trials());
        assertEquals(11, spec.seed());
        assertEquals(new SweepSpec.Pruning(1, 3), spec.prune());
        assertTrue(spec.space().get("train.learningRate") instanceof SweepSpec.Range r && r.log() && !r.integer());
    }

    @Test
    void theIdentityChangesWithTheSpaceButNotWithPruning() throws Exception {
        JsonNode a = load("space: {train.batchSize: [4, 8]}\n").identity();
        JsonNode b = load("space: {train.batchSize: [4, 8]}\nprune: {minTrials: 2}\n").identity();
        JsonNode c = load("space: {train.batchSize: [4, 16]}\n").identity();
        assertNull(SweepDirectory.difference("", a, b));
        assertEquals("space.train.batchSize", SweepDirectory.difference("", a, c));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown key      | spaec: {train.batchSize: [4]}                            | key 'spaec': unknown key",
            "no space         | search: grid                                             | key 'space': is required",
            "empty space      | 'space: {}'                                              | key 'space': is required",
            "empty grid       | 'space: {train.batchSize: []}'                           | key 'space.train.batchSize': has no values",
            "impossible value | 'space: {train.batchSize: [4, 0]}'                       | key 'space.train.batchSize', value 0: config key 'train.batchSize': must be at least 1",
            "unknown config   | 'space: {model.size: [4, 8]}'                            | key 'space.model.size', value 4: config key 'model.size': unknown key",
            "bad set          | 'set: {train.lrGamma: 2}\nspace: {train.batchSize: [4]}' | config key 'train.lrGamma': must be in (0, 1]",
            "value twice      | 'space: {train.batchSize: [4, 4]}'                       | lists 4 twice",
            "sweeping task    | 'space: {task: [charlm]}'                                | the task cannot change",
            "range no points  | 'space: {train.l2: {min: 0.0, max: 0.1}}'                | needs points",
            "log range at 0   | 'space: {train.l2: {min: 0.0, max: 0.1, scale: log, points: 3}}' | needs min > 0",
            "reversed range   | 'space: {train.l2: {min: 0.2, max: 0.1, points: 3}}'    | min must be below max",
            "infinite range   | 'search: random\ntrials: 2\nspace: {train.l2: {min: 0, max: 1e999}}' | needs finite min and max",
            "infinite value   | 'space: {train.l2: [0.0, 1e999]}'                        | config key 'train.l2': must be a finite number",
            "bad YAML         | 'space: {train.l2: [0.0, 0.1}'                           | not valid YAML/JSON at line",
            "trials in grid   | 'trials: 3\nspace: {train.batchSize: [4]}'               | key 'trials': is for search: random",
            "random, no trials| 'search: random\nspace: {train.batchSize: [4]}'          | key 'trials': random search needs trials",
            "unknown search   | 'search: bayes\nspace: {train.batchSize: [4]}'           | key 'search': must be grid or random",
            "prune key        | 'prune: {after: 2}\nspace: {train.batchSize: [4]}'       | key 'prune.after': unknown key",
    })
    void badSweepFilesAreRefusedNamingTheFileAndKey(String name, String body, String expected) throws Exception {
        Path file = file(body.replace("\\n", "\n") + "\n");
        UserException e = assertThrows(UserException.class, () -> SweepSpec.load(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aMissingBaseFileIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("s.yaml"), "base: nowhere.yaml\nspace: {train.batchSize: [4]}\n");
        UserException e = assertThrows(UserException.class, () -> SweepSpec.load(file));
        assertEquals(file + ": base: nowhere.yaml: config file not found", e.getMessage());
    }
}
