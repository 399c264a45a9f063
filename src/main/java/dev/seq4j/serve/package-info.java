/**
 * {@code seq4j serve}: finished runs over HTTP. {@link dev.seq4j.serve.ModelServer} loads each run once as its typed
 * model ({@code dev.seq4j.api}); {@code ModelService} answers requests (routes, limits, JSON in and out, errors
 * naming the field), {@code Endpoints} map each kind of model's JSON to its calls, a {@code Batcher} per model
 * gathers concurrent requests into one minibatch, {@code ServerMetrics} keeps the Prometheus metrics, and
 * {@code JettyTransport} carries it all over HTTP (docs/serving.md).
 */
package dev.seq4j.serve;
