package dev.seq4j.serve;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batcher gathers jobs of one key into one call, keeps their order, isolates bad input and refuses when full. */
class BatcherTest {
    static final Batcher.Listener QUIET = new Batcher.Listener() {
        @Override
        public void batch(int inputs, int jobs, long nanos) {
        }

        @Override
        public void queued(int depth) {
        }
    };

    @Test
    void jobsQueuedWhileTheModelIsBusyRunAsOneCallAndGetTheirOwnOutputs() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch inside = new CountDownLatch(1);
        List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());
        Batcher<String, String> b = new Batcher<>("m", (key, in) -> {
            if (in.contains("first")) {
                inside.countDown();
                await(busy);
            }
            calls.add(List.copyOf(in));
            return in.stream().map(s -> key + ":" + s.toUpperCase()).toList();
        }, 8, 0, 100, QUIET);
        CompletableFuture<List<String>> first = b.submit("k", List.of("first"));
        await(inside); // the worker is inside the first call now, so what follows queues behind it
        List<CompletableFuture<List<String>>> later = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            later.add(b.submit("k", List.of("a" + i, "b" + i)));
        }
        CompletableFuture<List<String>> other = b.submit("j", List.of("x"));
        busy.countDown();
        assertEquals(List.of("k:FIRST"), first.get(5, TimeUnit.SECONDS));
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of("k:A" + i, "k:B" + i), later.get(i).get(5, TimeUnit.SECONDS));
        }
        assertEquals(List.of("j:X"), other.get(5, TimeUnit.SECONDS));
        // the three jobs of key k waiting together ran as one call of six inputs; key j ran on its own
        assertEquals(List.of(List.of("first"), List.of("a0", "b0", "a1", "b1", "a2", "b2"), List.of("x")), calls);
        b.close();
    }

    @Test
    void aBatchNeverHoldsMoreThanMaxBatchInputs() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch inside = new CountDownLatch(1);
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        Batcher<Integer, Integer> b = new Batcher<>("m", (key, in) -> {
            if (in.contains(-1)) {
                inside.countDown();
                await(busy);
            }
            sizes.add(in.size());
            return in;
        }, 4, 0, 100, QUIET);
        CompletableFuture<List<Integer>> blocker = b.submit("", List.of(-1));
        await(inside);
        List<CompletableFuture<List<Integer>>> jobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            jobs.add(b.submit("", List.of(i)));
        }
        busy.countDown();
        blocker.get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 10; i++) {
            assertEquals(List.of(i), jobs.get(i).get(5, TimeUnit.SECONDS));
        }
        assertEquals(List.of(1, 4, 4, 2), sizes);
        b.close();
    }

    @Test
    void aBadInputFailsOnlyItsOwnJob() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch inside = new CountDownLatch(1);
        Batcher<String, Integer> b = new Batcher<>("m", (key, in) -> {
            if (in.contains("wait")) {
                inside.countDown();
                await(busy);
            }
            return in.stream().map(s -> {
                if (s.isEmpty()) {
                    throw new dev.seq4j.api.InputException("texts", in.indexOf(s), "no tokens");
                }
                return s.length();
            }).toList();
        }, 16, 0, 100, QUIET);
        CompletableFuture<List<Integer>> blocker = b.submit("", List.of("wait"));
        await(inside);
        CompletableFuture<List<Integer>> good = b.submit("", List.of("ab", "abc"));
        CompletableFuture<List<Integer>> bad = b.submit("", List.of("abcd", ""));
        CompletableFuture<List<Integer>> alsoGood = b.submit("", List.of("a"));
        busy.countDown();
        blocker.get(5, TimeUnit.SECONDS);
        assertEquals(List.of(2, 3), good.get(5, TimeUnit.SECONDS));
        assertEquals(List.of(1), alsoGood.get(5, TimeUnit.SECONDS));
        ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(5, TimeUnit.SECONDS));
        dev.seq4j.api.InputException input = assertInstanceOf(dev.seq4j.api.InputException.class, e.getCause());
        assertEquals(1, input.index()); // its index within its own request, not within the merged call
        b.close();
    }

    @Test
    void aFullQueueRefusesAtOnceAndACancelledJobIsSkipped() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch inside = new CountDownLatch(1);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        Batcher<String, String> b = new Batcher<>("m", (key, in) -> {
            if (in.contains("wait")) {
                inside.countDown();
                await(busy);
            }
            ran.addAll(in);
            return in;
        }, 1, 0, 2, QUIET);
        CompletableFuture<List<String>> blocker = b.submit("", List.of("wait"));
        await(inside);
        CompletableFuture<List<String>> cancelled = b.submit("", List.of("gone"));
        CompletableFuture<List<String>> kept = b.submit("", List.of("kept"));
        Batcher.Overloaded full = assertThrows(Batcher.Overloaded.class, () -> b.submit("", List.of("third")));
        assertTrue(full.getMessage().contains("2 requests are waiting"), full.getMessage());
        cancelled.cancel(false); // as a request that timed out does
        busy.countDown();
        blocker.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("kept"), kept.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("wait", "kept"), ran);
        b.close();
        assertThrows(Batcher.Overloaded.class, () -> b.submit("", List.of("late")));
    }

    @Test
    void jobsOnTheirWayWithinTheWaitJoinTheFirstAndALoneJobRunsAtOnce() throws Exception {
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        Batcher<Integer, Integer> b = new Batcher<>("m", (key, in) -> {
            sizes.add(in.size());
            return in;
        }, 64, 500_000, 100, QUIET); // half a second: every job below arrives within it
        List<CompletableFuture<List<Integer>>> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            b.arriving();  // the transport has the next request in hand
        }
        for (int i = 0; i < 5; i++) {
            jobs.add(b.submit("", List.of(i)));
            b.arrived();
            Thread.sleep(20);
        }
        for (CompletableFuture<List<Integer>> j : jobs) {
            j.get(5, TimeUnit.SECONDS);
        }
        assertEquals(List.of(5), sizes);
        // nothing on its way: a job does not wait out the half second for company
        long start = System.nanoTime();
        b.submit("", List.of(9)).get(5, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 400, "a lone job took " + millis + " ms");
        assertEquals(List.of(5, 1), sizes);
        b.close();
    }

    @Test
    void eachReplicaHasAWorkerAndTheirCallsRunSideBySide() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        List<Batcher.Model<Integer, Integer>> replicas = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            int replica = r;
            replicas.add((key, in) -> {
                threads.add(Thread.currentThread().getName());
                both.countDown();
                await(both); // returns only once the other replica is inside a call too
                return in.stream().map(x -> x * 10 + replica).toList();
            });
        }
        Batcher<Integer, Integer> b = new Batcher<>("m", replicas, 1, 0, 10, QUIET);
        CompletableFuture<List<Integer>> first = b.submit("", List.of(1));
        CompletableFuture<List<Integer>> second = b.submit("", List.of(2));
        List<Integer> outputs = new ArrayList<>(first.get(5, TimeUnit.SECONDS));
        outputs.addAll(second.get(5, TimeUnit.SECONDS));
        assertEquals(0, both.getCount(), "the two calls did not overlap");
        assertEquals(java.util.Set.of("seq4j-batcher-m-1", "seq4j-batcher-m-2"), java.util.Set.copyOf(threads));
        assertEquals(java.util.Set.of(1, 2), java.util.Set.copyOf(outputs.stream().map(x -> x / 10).toList()));
        b.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
