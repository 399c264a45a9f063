package dev.seq4j.task;

import dev.seq4j.result.CharLmEvaluation;
import dev.seq4j.result.CharLmSummary;
import dev.seq4j.run.RunDirectory;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A run made by seq4j 0.1.0 (a GRU char LM, src/test/resources/golden) still loads and gives the same
 * numbers: renaming a layer class, changing the vocabulary format or the run layout would break users'
 * saved runs, and this test.
 */
class GoldenRunTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @Test
    void aRunFromVersion010StillGeneratesAndEvaluatesTheSame() {
        RunDirectory run = RunDirectory.open(GOLDEN.resolve("charlm-gru-0.1.0"));
        assertEquals("gru", run.config().model().cell().id());
        dev.seq4j.api.CharLanguageModel lm = dev.seq4j.api.Seq4j.load(run.root(), dev.seq4j.api.CharLanguageModel.class);
        // its summary predates the objective, trivial and runSeconds keys: it still reads, without them
        CharLmSummary summary = lm.summary();
        assertEquals(4.644326862143906, summary.validBitsPerChar());
        assertEquals(0.08287840473069796, summary.baseline().validBitsPerChar());
        assertEquals(1206L, summary.model().parameters());
        assertNull(summary.objective());
        assertNull(summary.trivial());
        assertEquals("valid: 4.6443 bits/char, perplexity 25.008 (interpolated Kneser-Ney 5-gram: 0.0829 bits/char)",
                summary.headline());
        // Recorded with: seq4j generate charlm-gru-0.1.0 --prime "the " --length 60 --seed 5 (temperature 0.8)
        assertEquals("pofddmtphxwrwcbzwutjfo md.ue.mr hr mjskltmzdowigvh hwhyj j q",
                lm.generate("the ", 60, 0.8, 0, 5));
        // Recorded with: seq4j eval charlm-gru-0.1.0 --data pangram.txt
        CharLmEvaluation metrics = (CharLmEvaluation) Tasks.evaluate(run, GOLDEN.resolve("pangram.txt"));
        assertEquals(4.6435269959310475, metrics.bitsPerChar(), 1e-6);
        assertEquals(1349L, metrics.predicted());
    }
}
