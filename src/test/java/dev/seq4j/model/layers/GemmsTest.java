package dev.seq4j.model.layers;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The helper thread the recurrent layers share: when a pass may split its work with it, and what waits for what. */
class GemmsTest {
    @Test
    void aBusyHelperIsNotIdleAndAPassThatSplitsWaitsForItsHalfEvenWhenItsOwnFails() throws Exception {
        assumeTrue(Gemms.helperIdle(), "a machine with a second core and nothing else on its helper");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> busy = Gemms.submit(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        started.await();
        assertFalse(Gemms.helperIdle(), "another model's work is on the helper");
        assertFalse(LstmKernel.splits(64, 100), "so a pass keeps its rows on its own thread");
        release.countDown();
        Gemms.await(busy);
        assertTrue(Gemms.helperIdle());
        assertTrue(LstmKernel.splits(64, 100));
        assertFalse(LstmKernel.splits(64, 1), "one step is too little to hand over");

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
        assertTrue(Gemms.helperIdle(), "nothing left pending after failures");
    }
}
