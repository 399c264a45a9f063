package dev.seq4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seq4j.api.TrainedModel;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.run.RunFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One model the server serves under a name: the typed model (loaded once per worker), its endpoint, its batcher, and
 * what {@code GET /v1/models/{name}} says about it (task, metrics, versions, the SHA-256 of the files it was loaded
 * from).
 */
final class ServedModel implements AutoCloseable {
    final String name;
    final TrainedModel model;
    /** The first replica's endpoint: how requests are read and answers written (the same for every replica). */
    final Endpoint<Object, Object> endpoint;
    /** One endpoint per replica of the model, each run by a worker of {@link #batcher}. */
    final List<Endpoint<Object, Object>> replicas;
    final Batcher<Object, Object> batcher;
    private final Map<String, Object> info;

    /** @param copies independent loads of one run, one per worker; the first answers {@code /v1/models} */
    @SuppressWarnings("unchecked")
    ServedModel(String name, List<? extends TrainedModel> copies, ServeOptions options, ServerMetrics metrics) {
        this.name = name;
        this.model = copies.get(0);
        List<Endpoint<Object, Object>> endpoints = new java.util.ArrayList<>();
        for (TrainedModel copy : copies) {
            endpoints.add((Endpoint<Object, Object>) Endpoints.of(copy, options));
        }
        this.replicas = List.copyOf(endpoints);
        this.endpoint = replicas.get(0);
        this.batcher = new Batcher<>(name, replicas.stream().<Batcher.Model<Object, Object>>map(e -> e::run).toList(),
                options.maxBatch(), options.maxWaitMicros(), options.maxQueue(), metrics.listener(name));
        this.info = info(name, model);
    }

    private static Map<String, Object> info(String name, TrainedModel model) {
        Path dir = model.runDirectory();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", name);
        info.put("task", model.task());
        info.put("type", modelType(model));
        info.put("runDirectory", dir.toString());
        info.put("headline", model.summary().headline());
        info.put("summary", model.summary());
        Path versions = dir.resolve(RunDirectory.VERSIONS);
        JsonNode v = Files.isRegularFile(versions) ? RunFiles.json(versions) : null;
        info.put("versions", v);
        // what the model was loaded from, as a client can check that two servers serve the same model
        Map<String, String> files = new TreeMap<>();
        for (String f : new String[]{RunDirectory.MODEL, RunDirectory.CONFIG}) {
            if (Files.isRegularFile(dir.resolve(f))) { // a classical forecaster has no model.zip
                files.put(f, RunDirectory.sha256(dir.resolve(f)));
            }
        }
        try (var entries = Files.list(dir)) {
            entries.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".json") && !f.equals(RunDirectory.SUMMARY) && !f.equals(RunDirectory.VERSIONS)
                            && !f.equals("confusion.json") || f.endsWith(".bin") || f.equals("baseline.zip"))
                    .forEach(f -> files.put(f, RunDirectory.sha256(dir.resolve(f))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        info.put("sha256", files);
        return java.util.Collections.unmodifiableMap(info);
    }

    /** The typed model's interface, e.g. {@code TextClassifier}. */
    static String modelType(TrainedModel model) {
        for (Class<?> c : model.getClass().getInterfaces()) {
            if (TrainedModel.class.isAssignableFrom(c)) {
                return c.getSimpleName();
            }
        }
        return model.getClass().getSimpleName();
    }

    Map<String, Object> info() {
        return info;
    }

    @Override
    public void close() {
        batcher.close();
    }
}
