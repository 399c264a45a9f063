package dev.seq4j.model.layers;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The helper thread the recurrent layers share: when a pass may split its work with it, and what waits for what. */
class GemmsTest {
    @Test
    void aModelTrainedSideBySideRunsItsHalvesOnItsOwnThreadWithTheSameNumbers() {
        assertTrue(Gemms.inHalves(64, 100), "the halves are a rule of the shape");
        assertFalse(Gemms.inHalves(64, 1), "one step is too little to hand over");
        assertFalse(Gemms.inHalves(Gemms.splitRows - 1, 100));
        assumeTrue(Gemms.maySplit(), "a machine with a second core");
        assertFalse(HelperThread.sideBySide(Gemms::maySplit), "an ensemble member's passes keep both halves here");
        assertTrue(HelperThread.sideBySide(() -> HelperThread.sideBySide(() -> true) && !Gemms.maySplit()),
                "nested, still side by side");
        assertTrue(Gemms.maySplit(), "and this thread's own setting back afterwards");
        String here = Thread.currentThread().getName();
        String[] threads = new String[2];
        HelperThread.sideBySide(() -> {
            Gemms.halves(() -> threads[0] = Thread.currentThread().getName(),
                    () -> threads[1] = Thread.currentThread().getName());
            return null;
        });
        assertEquals(here, threads[0]);
        assertEquals(here, threads[1], "side by side, the second half runs here too");
        Gemms.halves(() -> threads[0] = Thread.currentThread().getName(),
                () -> threads[1] = Thread.currentThread().getName());
        assertEquals(here, threads[0]);
        assertFalse(here.equals(threads[1]), "alone, the second half runs on the helper");
    }

    @Test
    void bothWaitsForTheHelpersPartEvenWhenItsOwnFails() {
        AtomicBoolean helperDone = new AtomicBoolean();
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> Gemms.both(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            helperDone.set(true);
        }, () -> {
            throw new IllegalStateException("own half");
        }));
        assertEquals("own half", failure.getMessage());
        assertTrue(helperDone.get(), "returned only once the helper's half was done");
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> Gemms.both(() -> {
            throw new IllegalStateException("helper half");
        }, () -> {
            throw new IllegalArgumentException("own half");
        }));
        assertEquals("helper half", both.getSuppressed()[0].getMessage(), "the helper's failure is kept beside");
    }
}
