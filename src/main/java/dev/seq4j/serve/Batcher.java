package dev.seq4j.serve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Dynamic batching for one model. Each request is a job of one or more inputs; jobs wait in a bounded queue, and one
 * worker thread takes the oldest, gathers more jobs of the same key (the same beam width, say) until it holds
 * {@code maxBatch} inputs or {@code maxWait} has passed since it took the first, runs them through the model as one
 * call, and hands each job its slice of the outputs. The model runs one call at a time anyway (see
 * {@link dev.seq4j.api.TrainedModel}), so one worker per model loses nothing and turns concurrent callers into
 * minibatches.
 * <p>
 * A job larger than {@code maxBatch} runs alone (the model splits it). When a merged call fails on bad input, each job
 * is run again on its own, so that only the job with the bad input fails. A full queue refuses new jobs at once
 * ({@link Overloaded}) instead of holding them in memory.
 *
 * @param <I> one input, e.g. a text
 * @param <O> one output, e.g. a class prediction
 */
final class Batcher<I, O> implements AutoCloseable {
    /** The model's batch call: outputs for {@code inputs}, in order, all sharing {@code key}. */
    @FunctionalInterface
    interface Model<I, O> {
        List<O> apply(Object key, List<I> inputs);
    }

    /** What the batcher reports: each call's size and how long it took, and the queue's depth when a job arrives. */
    interface Listener {
        void batch(int inputs, int jobs, long nanos);

        void queued(int depth);
    }

    /** The queue is full or the batcher is closed: the caller should answer 503 and try again later. */
    static final class Overloaded extends RuntimeException {
        Overloaded(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Job<I, O> {
        final Object key;
        final List<I> inputs;
        final CompletableFuture<List<O>> result = new CompletableFuture<>();

        Job(Object key, List<I> inputs) {
            this.key = key;
            this.inputs = inputs;
        }
    }

    private final String name;
    private final Model<I, O> model;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final Listener listener;
    private final BlockingQueue<Job<I, O>> queue;
    private final Deque<Job<I, O>> deferred = new ArrayDeque<>(); // taken but of another key; only the worker uses it
    private final Thread worker;
    private volatile boolean closed;

    /**
     * @param name     the model's name, for the worker thread
     * @param maxBatch most inputs gathered into one call
     * @param maxWait  longest a job waits for others to join it, in microseconds (0: run what is there)
     * @param capacity most jobs waiting; one more is {@link Overloaded}
     */
    Batcher(String name, Model<I, O> model, int maxBatch, long maxWait, int capacity, Listener listener) {
        this.name = name;
        this.model = Objects.requireNonNull(model);
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MICROSECONDS.toNanos(maxWait);
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = new Thread(this::work, "seq4j-batcher-" + name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /**
     * Queues {@code inputs} to run with others of the same {@code key}; the future gives their outputs in order, or
     * fails with what the model threw. Throws {@link Overloaded} at once when the queue is full or closed.
     */
    CompletableFuture<List<O>> submit(Object key, List<I> inputs) {
        if (closed) {
            throw new Overloaded(name + " is shutting down");
        }
        Job<I, O> job = new Job<>(key, List.copyOf(inputs));
        if (!queue.offer(job)) {
            throw new Overloaded(name + ": " + queue.size() + " requests are waiting, the most this server queues");
        }
        listener.queued(queue.size());
        return job.result;
    }

    /** Jobs waiting now. */
    int depth() {
        return queue.size();
    }

    private void work() {
        while (!closed || !queue.isEmpty() || !deferred.isEmpty()) {
            try {
                Job<I, O> first = deferred.isEmpty() ? queue.poll(100, TimeUnit.MILLISECONDS) : deferred.pollFirst();
                if (first == null) {
                    continue;
                }
                run(gather(first));
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (RuntimeException | Error e) {
                // run() completes every job it took; anything else is a bug here, and the worker must live on
                org.slf4j.LoggerFactory.getLogger(Batcher.class).error("batcher {}: {}", name, e.toString(), e);
            }
        }
        Overloaded gone = new Overloaded(name + " is shutting down");
        deferred.forEach(j -> j.result.completeExceptionally(gone));
        queue.forEach(j -> j.result.completeExceptionally(gone));
    }

    /** {@code first} and the jobs of its key that join it within the wait, up to {@code maxBatch} inputs. */
    private List<Job<I, O>> gather(Job<I, O> first) throws InterruptedException {
        List<Job<I, O>> batch = new ArrayList<>(List.of(first));
        int n = first.inputs.size();
        List<Job<I, O>> other = new ArrayList<>();
        // jobs set aside earlier come first, in their order
        for (var it = deferred.iterator(); it.hasNext() && n < maxBatch; ) {
            Job<I, O> j = it.next();
            if (j.key.equals(first.key) && n + j.inputs.size() <= maxBatch) {
                it.remove();
                batch.add(j);
                n += j.inputs.size();
            }
        }
        long deadline = System.nanoTime() + maxWaitNanos;
        while (n < maxBatch) {
            long left = deadline - System.nanoTime();
            Job<I, O> j = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (j == null) {
                break;
            }
            if (j.key.equals(first.key) && n + j.inputs.size() <= maxBatch) {
                batch.add(j);
                n += j.inputs.size();
            } else {
                other.add(j);
                if (!j.key.equals(first.key)) {
                    continue;
                }
                break; // the same key but too big to join: this batch is full enough
            }
        }
        deferred.addAll(other);
        return batch;
    }

    private void run(List<Job<I, O>> batch) {
        listener.queued(queue.size() + deferred.size()); // what still waits, now that this batch is taken
        batch.removeIf(j -> j.result.isDone()); // a caller that timed out cancelled its job
        if (batch.isEmpty()) {
            return;
        }
        List<I> inputs = new ArrayList<>();
        batch.forEach(j -> inputs.addAll(j.inputs));
        long start = System.nanoTime();
        List<O> outputs;
        try {
            outputs = model.apply(batch.get(0).key, inputs);
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).result.completeExceptionally(e);
            } else {
                batch.forEach(j -> run(new ArrayList<>(List.of(j)))); // find whose input it was
            }
            return;
        }
        listener.batch(inputs.size(), batch.size(), System.nanoTime() - start);
        int from = 0;
        for (Job<I, O> j : batch) {
            j.result.complete(List.copyOf(outputs.subList(from, from + j.inputs.size())));
            from += j.inputs.size();
        }
    }

    /** Stops taking jobs; the worker finishes those already queued, then ends. Waits for it up to {@code millis}. */
    void close(long millis) throws InterruptedException {
        closed = true;
        worker.join(millis);
    }

    @Override
    public void close() {
        try {
            close(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
