package dev.seq4j.serve;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's metrics, kept with the Prometheus Java client and written at {@code GET /metrics} in the Prometheus
 * text format: requests by model, endpoint and status code; request latency and batch sizes as histograms per model;
 * each model's queue depth. Model label {@code -} stands for requests that named no served model.
 */
final class ServerMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("seq4j_requests_total")
            .help("HTTP requests answered, by model, endpoint and status code")
            .labelNames("model", "endpoint", "code").register(registry);
    private final Histogram latency = Histogram.builder().name("seq4j_request_duration_seconds")
            .help("time from a request's arrival to its answer, predict requests, by model").labelNames("model")
            .classicOnly().classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
            .register(registry);
    private final Histogram batchSize = Histogram.builder().name("seq4j_batch_size")
            .help("inputs per call of the model (requests gathered by the batcher), by model").labelNames("model")
            .classicOnly().classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512).register(registry);
    private final Histogram batchSeconds = Histogram.builder().name("seq4j_batch_duration_seconds")
            .help("time of one call of the model, by model").labelNames("model")
            .classicOnly().classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
    private final Gauge queue = Gauge.builder().name("seq4j_queue_depth")
            .help("requests waiting for their model, by model").labelNames("model").register(registry);
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    /** Requests since the last {@link #minute} line, for the per-minute log summary. */
    private final LongAdder recent = new LongAdder();
    private final LongAdder recentErrors = new LongAdder();

    void request(String model, String endpoint, int code, double seconds) {
        requests.labelValues(model, endpoint, Integer.toString(code)).inc();
        if (endpoint.equals("predict") && code == 200) {
            latency.labelValues(model).observe(seconds);
        }
        recent.increment();
        if (code >= 400) {
            recentErrors.increment();
        }
    }

    /** The batcher's report for {@code model}. */
    Batcher.Listener listener(String model) {
        return new Batcher.Listener() {
            @Override
            public void batch(int inputs, int jobs, long nanos) {
                batchSize.labelValues(model).observe(inputs);
                batchSeconds.labelValues(model).observe(nanos / 1e9);
            }

            @Override
            public void queued(int depth) {
                queue.labelValues(model).set(depth);
            }
        };
    }

    /** Requests and errors since the last call, and resets them: the per-minute summary line. */
    long[] minute() {
        return new long[]{recent.sumThenReset(), recentErrors.sumThenReset()};
    }

    String contentType() {
        return writer.getContentType();
    }

    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape(), EscapingScheme.DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
