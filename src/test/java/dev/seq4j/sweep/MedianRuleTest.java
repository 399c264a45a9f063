package dev.seq4j.sweep;

import dev.seq4j.train.Objective;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The median rule, on pruning files written by hand and by the sweep. */
class MedianRuleTest {
    @TempDir
    Path dir;

    private static final Objective BPC = new Objective("valid_bpc", true);

    @Test
    void theMedianOfOddAndEvenCounts() {
        assertEquals(2.0, MedianRule.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, MedianRule.median(List.of(4.0, 1.0, 2.0, 3.0)));
    }

    @Test
    void bestSoFarIsTheRunningBestOfTheObjectiveColumn() throws Exception {
        Path csv = Files.writeString(dir.resolve("metrics.csv"), """
                epoch,train_loss,valid_bpc,lr
                1,3.0,2.5,0.01
                2,2.0,2.7,0.01
                3,1.0,2.1,0.01
                """);
        assertArrayEquals(new double[]{2.5, 2.5, 2.1}, MedianRule.bestSoFar(csv, BPC));
        assertArrayEquals(new double[]{2.5, 2.7, 2.7}, MedianRule.bestSoFar(csv, new Objective("valid_bpc", false)));
        assertEquals(0, MedianRule.bestSoFar(dir.resolve("none.csv"), BPC).length);
    }

    @Test
    void aTrialWorseThanTheMedianIsStoppedOnlyFromAfterEpochsAndWithEnoughCompletedTrials() throws Exception {
        Path file = Files.writeString(dir.resolve("pruning.json"), """
                {"metric": "valid_bpc", "minimize": true, "afterEpochs": 2, "minTrials": 3,
                 "epochs": {"1": [2.0, 2.2, 2.4], "2": [1.8, 2.0, 2.2], "3": [1.7, 1.9]}}
                """);
        var rule = MedianRule.reading(file);
        assertNull(rule.stopReason(1, 9.0), "before afterEpochs");
        assertNull(rule.stopReason(2, 2.0), "equal to the median goes on");
        assertNull(rule.stopReason(2, 1.9));
        String reason = rule.stopReason(2, 2.05);
        assertTrue(reason.startsWith("pruned: best valid_bpc 2.0500 at epoch 2 is worse than the median 2.0000 of 3"),
                reason);
        assertNull(rule.stopReason(3, 5.0), "only two trials reached epoch 3");
        assertNull(MedianRule.reading(dir.resolve("missing.json")).stopReason(2, 9.0), "no file yet: go on");
    }

    /** A crafted trial's files: read bounded and only as regular files, so the rule goes without them, never blocks. */
    @Test
    void aFifoOrUnparsableMetricsFileAndADuplicateKeyInThePruningFileAreGoneWithout() throws Exception {
        Path fifo = dir.resolve("metrics.csv");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        assertEquals(0, MedianRule.bestSoFar(fifo, BPC).length, "a FIFO is not read (it would block)");
        Path odd = Files.writeString(dir.resolve("odd.csv"), "epoch,valid_bpc\n1,2.5\n2,x\n3\n4,2.0\n");
        assertArrayEquals(new double[]{2.5, 2.5, 2.5, 2.0}, MedianRule.bestSoFar(odd, BPC));
        Path twice = Files.writeString(dir.resolve("pruning.json"), """
                {"metric": "valid_bpc", "minimize": true, "afterEpochs": 1, "minTrials": 1,
                 "epochs": {"1": [1.0]}, "epochs": {"1": [1.0]}}
                """);
        assertNull(MedianRule.reading(twice).stopReason(1, 9.0), "a pruning file with a key twice is not used");
    }
}
