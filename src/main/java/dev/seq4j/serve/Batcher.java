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
 * Dynamic batching for one model. Each request is a job of one or more inputs; jobs wait in a bounded queue, and a
 * free worker thread takes the oldest, gathers more jobs of the same key (the same beam width, say) until it holds
 * {@code maxBatch} inputs or {@code maxWait} has passed since it took the first, runs them through its model as one
 * call, and hands each job its slice of the outputs. A copy of a model runs one call at a time (see
 * {@link dev.seq4j.api.TrainedModel}), so there is one worker per replica (independent copies, as {@code --workers}
 * loads), all taking from the same queue: calls run side by side on as many cores. A worker waits only while more
 * requests are on their way ({@link #arriving}: read and parsed by the transport's threads, not yet queued): a lone
 * request runs at once instead of paying the wait, and a busy server stops waiting as soon as what was on its way is
 * queued.
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
    private final int maxBatch;
    private final long maxWaitNanos;
    private final Listener listener;
    private final BlockingQueue<Job<I, O>> queue;
    private final List<Worker> workers = new ArrayList<>();
    /** Requests announced by {@link #arriving} and not yet {@link #arrived}. */
    private final java.util.concurrent.atomic.AtomicInteger coming = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;
    /** How often a gathering worker looks again at whether anything is still on its way. */
    private static final long RECHECK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    /**
     * @param name     the model's name, for the worker thread
     * @param maxBatch most inputs gathered into one call
     * @param maxWait  longest a job waits for others to join it, in microseconds (0: run what is there)
     * @param capacity most jobs waiting; one more is {@link Overloaded}
     */
    Batcher(String name, Model<I, O> model, int maxBatch, long maxWait, int capacity, Listener listener) {
        this(name, List.of(model), maxBatch, maxWait, capacity, listener);
    }

    /** A batcher with one worker per replica in {@code replicas}: independent copies of one model. */
    Batcher(String name, List<? extends Model<I, O>> replicas, int maxBatch, long maxWait, int capacity,
            Listener listener) {
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("no model to run");
        }
        this.name = name;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MICROSECONDS.toNanos(maxWait);
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(capacity);
        for (int k = 0; k < replicas.size(); k++) {
            workers.add(new Worker(Objects.requireNonNull(replicas.get(k)),
                    "seq4j-batcher-" + name + (replicas.size() == 1 ? "" : "-" + (k + 1))));
        }
        workers.forEach(w -> w.thread.start());
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

    /**
     * A request for this model has come in and will be submitted (or refused) shortly: a gathering worker waits for
     * it, up to {@code maxWait}. Each call is paired with one {@link #arrived}, after {@link #submit}.
     */
    void arriving() {
        coming.incrementAndGet();
    }

    /** The request announced by {@link #arriving} is queued, or was refused. */
    void arrived() {
        coming.decrementAndGet();
    }

    /** Jobs waiting now. */
    int depth() {
        return queue.size();
    }

    /** One worker: its replica of the model, its thread, and the jobs it took that were of another key. */
    private final class Worker {
        final Model<I, O> model;
        final Thread thread;
        final Deque<Job<I, O>> deferred = new ArrayDeque<>(); // only this worker's thread uses it

        Worker(Model<I, O> model, String threadName) {
            this.model = model;
            this.thread = new Thread(this::work, threadName);
            this.thread.setDaemon(true);
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
            for (Job<I, O> j; (j = queue.poll()) != null; ) {
                j.result.completeExceptionally(gone);
            }
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
                Job<I, O> j = queue.poll();
                if (j == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || coming.get() == 0) {
                        break; // waited long enough, or nothing is on its way
                    }
                    j = queue.poll(Math.min(left, RECHECK_NANOS), TimeUnit.NANOSECONDS);
                    if (j == null) {
                        continue;
                    }
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
    }

    /** Stops taking jobs; the workers finish those already queued, then end. Waits for them up to {@code millis}. */
    void close(long millis) throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Worker w : workers) {
            w.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
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
