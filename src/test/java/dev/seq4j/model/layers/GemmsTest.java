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
    void aModelTrainedSideBySideKeepsItsRowsOnItsOwnThread() {
        assumeTrue(Gemms.maySplit(), "a machine with a second core");
        assertTrue(LstmKernel.splits(64, 100));
        assertFalse(LstmKernel.splits(64, 1), "one step is too little to hand over");
        assertFalse(LstmKernel.splits(LstmKernel.splitRows - 1, 100));
        assertFalse(HelperThread.sideBySide(() -> LstmKernel.splits(64, 100)), "an ensemble member's passes");
        assertTrue(HelperThread.sideBySide(() -> HelperThread.sideBySide(() -> true) && !Gemms.maySplit()),
                "nested, still side by side");
        assertTrue(Gemms.maySplit(), "and this thread's own setting back afterwards");
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
