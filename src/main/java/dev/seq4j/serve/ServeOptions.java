package dev.seq4j.serve;

/**
 * How {@code seq4j serve} runs: where it listens and the limits that keep one client from taking the server down.
 *
 * @param host          the address to bind; 127.0.0.1 unless told otherwise (a container passes 0.0.0.0)
 * @param port          the TCP port; 0 for any free one (tests)
 * @param threads       HTTP worker threads: how many requests are read, parsed and waited on at once
 * @param maxBatch      most inputs the batcher gathers into one call of a model
 * @param maxWaitMicros longest a request waits for others to join its batch
 * @param maxQueue      most requests waiting per model; one more is answered 503 with Retry-After
 * @param maxBodyBytes  largest request body; a larger one is answered 413 (its bytes read and dropped, up to 64 MiB, so
 *                      that the client is still reading when the answer comes)
 * @param maxInputs     most inputs in one request
 * @param maxLength     most tokens, time steps or characters in one input, where the model sets no limit of its own
 * @param timeoutMillis longest a request may wait for its answer; then 503
 * @param workers       copies of each model, each run by a worker thread of its own, so that one model's calls use as
 *                      many cores
 */
public record ServeOptions(String host, int port, int threads, int maxBatch, long maxWaitMicros, int maxQueue,
                           long maxBodyBytes, int maxInputs, int maxLength, long timeoutMillis, int workers) {
    /** The default of {@code --workers}: two copies of each model where there are two cores or more. */
    public static int defaultWorkers() {
        return Math.min(2, Runtime.getRuntime().availableProcessors());
    }

    /** The defaults of {@code seq4j serve}. */
    public static ServeOptions defaults() {
        return new ServeOptions("127.0.0.1", 8080, 64, 64, 2_000, 256, 1 << 20, 256, 1_000, 30_000, defaultWorkers());
    }

    /** The same options on another port. */
    public ServeOptions withPort(int other) {
        return new ServeOptions(host, other, threads, maxBatch, maxWaitMicros, maxQueue, maxBodyBytes, maxInputs,
                maxLength, timeoutMillis, workers);
    }
}
