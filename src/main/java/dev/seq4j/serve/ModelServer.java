package dev.seq4j.serve;

import dev.seq4j.UserException;
import dev.seq4j.api.Seq4j;
import dev.seq4j.api.TrainedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code seq4j serve}: loads each run once, serves its typed model over HTTP ({@link ModelService} answers, a
 * {@link Transport} carries), warms every model up, then reports ready. Closing it stops taking connections, lets the
 * requests in flight finish, and stops the batchers.
 */
public final class ModelServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);
    /** What a model may be called in a URL path. */
    static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final ModelService service;
    private final Transport transport;
    private final List<ServedModel> models;
    private final ScheduledExecutorService ticker;

    private ModelServer(ModelService service, Transport transport, List<ServedModel> models,
                        ScheduledExecutorService ticker) {
        this.service = service;
        this.transport = transport;
        this.models = models;
        this.ticker = ticker;
    }

    /**
     * Loads every run (a bad run directory is a {@link UserException} naming it, before anything listens), binds
     * {@code options.host():options.port()}, warms the models up and returns; {@code /readyz} answers 200 from then.
     *
     * @param runs the models by name, in order; a name is what {@code /v1/models/{name}} uses
     */
    public static ModelServer start(Map<String, Path> runs, ServeOptions options) {
        if (runs.isEmpty()) {
            throw new UserException("serve: no run directory given");
        }
        ServerMetrics metrics = new ServerMetrics();
        List<ServedModel> models = new ArrayList<>();
        try {
            for (Map.Entry<String, Path> run : runs.entrySet()) {
                if (!NAME.matcher(run.getKey()).matches()) {
                    throw new UserException("--name " + run.getKey() + ": a model name is 1-64 letters, digits, '.', "
                            + "'_' or '-', starting with a letter or digit");
                }
                List<TrainedModel> copies = new ArrayList<>();
                for (int k = 0; k < options.workers(); k++) {
                    copies.add(Seq4j.load(run.getValue())); // a network runs one call at a time: one per worker
                }
                TrainedModel model = copies.get(0);
                models.add(new ServedModel(run.getKey(), copies, options, metrics));
                LOG.info("loaded {} ({} {}) from {}", run.getKey(), model.task(), ServedModel.modelType(model),
                        model.runDirectory());
            }
            ModelService service = new ModelService(models, options, metrics, openApi());
            Transport transport = Transport.start(service, options);
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "seq4j-serve-minute");
                t.setDaemon(true);
                return t;
            });
            ModelServer server = new ModelServer(service, transport, models, ticker);
            ticker.scheduleAtFixedRate(server::minute, 1, 1, TimeUnit.MINUTES);
            server.warmUp();
            service.ready();
            LOG.info("serving {} on http://{}:{}/ (ready)", runs.keySet(), options.host(), transport.port());
            return server;
        } catch (RuntimeException e) {
            models.forEach(ServedModel::close);
            throw e;
        }
    }

    /** One request of each model through the whole path, so that the first client does not pay for JIT and ND4J. */
    private void warmUp() {
        for (ServedModel m : models) {
            long start = System.nanoTime();
            for (Endpoint<Object, Object> replica : m.replicas) {
                try {
                    replica.warmUp();
                } catch (RuntimeException e) {
                    LOG.debug("warm-up of {}: {}", m.name, e.toString());
                }
            }
            LOG.debug("warmed up {} in {} ms", m.name, (System.nanoTime() - start) / 1_000_000);
        }
    }

    private void minute() {
        long[] counts = service.metricsMinute();
        if (counts[0] == 0 && models.stream().allMatch(m -> m.batcher.depth() == 0)) {
            return; // an idle server logs nothing
        }
        StringBuilder queues = new StringBuilder();
        for (ServedModel m : models) {
            queues.append(queues.length() == 0 ? "" : ", ").append(m.name).append(' ').append(m.batcher.depth());
        }
        LOG.info("last minute: {} requests, {} errors; queued: {}", counts[0], counts[1], queues);
    }

    /** The port it listens on (the one given, or the one the system chose for port 0). */
    public int port() {
        return transport.port();
    }

    /** The models by name, as served. */
    public Map<String, TrainedModel> models() {
        Map<String, TrainedModel> out = new LinkedHashMap<>();
        models.forEach(m -> out.put(m.name, m.model));
        return out;
    }

    /**
     * Stops taking connections, waits up to {@code graceMillis} for the requests in flight to be answered, then stops
     * the batchers (each finishes what it holds).
     */
    public void stop(long graceMillis) {
        ticker.shutdownNow();
        transport.stop(graceMillis);
        models.forEach(ServedModel::close);
    }

    @Override
    public void close() {
        stop(10_000);
    }

    static byte[] openApi() {
        try (InputStream in = ModelServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
