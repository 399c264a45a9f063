package dev.seq4j.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.UserException;
import dev.seq4j.api.InputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the server answers, apart from the HTTP transport: routing, limits, JSON in and out, batching and errors. A
 * transport ({@link ModelServer}) hands each request to {@link #handle} on one of its threads and writes the
 * {@link Response} back. Every failure is an {@link HttpError} with a JSON body naming what was wrong; an unexpected
 * exception is logged and answered 500 without its stack trace, and the server stays up.
 */
final class ModelService {
    private static final Logger LOG = LoggerFactory.getLogger(ModelService.class);
    static final String JSON_TYPE = "application/json";
    /**
     * Requests are parsed with limits far above any valid request's (an input is at most two arrays deep inside the
     * body) and far below what could exhaust the stack or memory: a hostile body is a 400, not a crash.
     */
    static final ObjectMapper REQUESTS = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxNumberLength(64).build())
            .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final ObjectMapper RESPONSES = new ObjectMapper();

    /** A request as the transport read it; {@code body} is read here, at most the configured size. */
    record Request(String method, String path, InputStream body, long contentLength) {
    }

    /** An answer: status, content type, body and extra headers. */
    record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Response json(int status, Object value) {
            try {
                return new Response(status, JSON_TYPE, RESPONSES.writeValueAsBytes(value), Map.of());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final Map<String, ServedModel> models;
    private final ServeOptions options;
    private final ServerMetrics metrics;
    private final byte[] openApi;
    private volatile boolean ready;

    ModelService(List<ServedModel> models, ServeOptions options, ServerMetrics metrics, byte[] openApi) {
        Map<String, ServedModel> byName = new LinkedHashMap<>();
        models.forEach(m -> byName.put(m.name, m));
        this.models = java.util.Collections.unmodifiableMap(byName);
        this.options = options;
        this.metrics = metrics;
        this.openApi = openApi;
    }

    Map<String, ServedModel> models() {
        return models;
    }

    void ready() {
        ready = true;
    }

    /** Requests and errors since the last call: the per-minute log line. */
    long[] metricsMinute() {
        return metrics.minute();
    }

    /** Answers one request; never throws. */
    Response handle(Request request) {
        long start = System.nanoTime();
        String model = "-";
        String endpoint = "other";
        Response response;
        try {
            String[] parts = request.path().split("/", -1);
            // "", "v1", "models", name, "predict"
            if (parts.length >= 4 && parts[1].equals("v1") && parts[2].equals("models") && !parts[3].isEmpty()) {
                ServedModel m = models.get(parts[3]);
                if (m == null) {
                    throw new HttpError(404, "model", "no model '" + printable(parts[3]) + "' here; the models are "
                            + models.keySet() + " (GET /v1/models)");
                }
                model = m.name;
                if (parts.length == 4) {
                    endpoint = "model";
                    method(request, "GET");
                    response = Response.json(200, m.info());
                } else if (parts.length == 5 && parts[4].equals("predict")) {
                    endpoint = "predict";
                    method(request, "POST");
                    response = predict(m, request);
                } else {
                    throw new HttpError(404, "path", "no such path: " + printable(request.path()));
                }
            } else {
                endpoint = switch (request.path()) {
                    case "/healthz", "/readyz", "/metrics", "/openapi.json", "/v1/models", "/v1/models/" ->
                            request.path().substring(1);
                    default -> "other";
                };
                response = switch (request.path()) {
                    case "/healthz" -> get(request, Response.json(200, Map.of("status", "alive")));
                    case "/readyz" -> get(request, ready ? Response.json(200, Map.of("status", "ready"))
                            : Response.json(503, Map.of("status", "loading")));
                    case "/metrics" -> get(request, new Response(200, metrics.contentType(), metrics.scrape(), Map.of()));
                    case "/openapi.json" -> get(request, new Response(200, JSON_TYPE, openApi, Map.of()));
                    case "/v1/models", "/v1/models/" -> get(request, Response.json(200, Map.of("models",
                            models.values().stream().map(ServedModel::info).toList())));
                    default -> throw new HttpError(404, "path", "no such path: " + printable(request.path())
                            + " (GET /openapi.json lists them)");
                };
            }
        } catch (HttpError e) {
            response = error(e);
        } catch (RuntimeException | Error e) {
            LOG.error("{} {}: {}", request.method(), printable(request.path()), e.toString(), e);
            // the same body as every other error's, its keys in one order ("status", then "message")
            response = error(new HttpError(500, null, "internal error (" + e.getClass().getSimpleName()
                    + "); the server log has the details"));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        metrics.request(model, endpoint, response.status(), seconds);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} -> {} in {} ms", request.method(), printable(request.path()), response.status(),
                    String.format(java.util.Locale.ROOT, "%.2f", seconds * 1e3));
        }
        return response;
    }

    private static Response get(Request request, Response response) {
        method(request, "GET");
        return response;
    }

    private static void method(Request request, String allowed) {
        if (!request.method().equals(allowed) && !(allowed.equals("GET") && request.method().equals("HEAD"))) {
            throw new HttpError(405, "method", request.method() + " is not allowed here; use " + allowed,
                    Map.of("Allow", allowed));
        }
    }

    static Response error(HttpError e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", e.status);
        if (e.field != null) {
            body.put("field", e.field);
        }
        body.put("message", e.getMessage());
        Response r = Response.json(e.status, Map.of("error", body));
        return new Response(r.status(), r.contentType(), r.body(), e.headers);
    }

    /** The body as JSON: at most {@code maxBodyBytes} read, a JSON object, within the parser's limits. */
    private JsonNode body(Request request) {
        if (request.contentLength() > options.maxBodyBytes()) {
            throw new HttpError(413, "body", "the body has " + request.contentLength() + " bytes, more than the "
                    + options.maxBodyBytes() + " this server reads");
        }
        byte[] bytes;
        try {
            bytes = request.body().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, options.maxBodyBytes() + 1));
        } catch (IOException e) {
            throw new HttpError(400, "body", "the body could not be read (" + e.getMessage() + ")");
        }
        if (bytes.length > options.maxBodyBytes()) {
            throw new HttpError(413, "body", "the body has more than the " + options.maxBodyBytes()
                    + " bytes this server reads");
        }
        if (bytes.length == 0) {
            throw new HttpError(400, "body", "the body is empty; send a JSON object with input or inputs");
        }
        JsonNode node;
        try {
            node = REQUESTS.readTree(bytes);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new HttpError(400, "body", "the body is not valid JSON: " + printable(why.lines().findFirst()
                    .orElse("")));
        }
        if (node == null || !node.isObject()) {
            throw new HttpError(400, "body", "the body must be a JSON object with input or inputs, got "
                    + Fields.kind(node));
        }
        return node;
    }

    private Response predict(ServedModel m, Request request) {
        boolean one;
        List<Object> inputs = new ArrayList<>();
        CompletableFuture<List<Object>> future;
        m.batcher.arriving(); // from reading the body until it is queued (or refused), the batcher may wait for it
        try {
            JsonNode body = body(request);
            one = body.has("input");
            future = m.batcher.submit(parse(m, body, inputs), inputs);
        } catch (Batcher.Overloaded e) {
            throw new HttpError(503, null, e.getMessage() + "; try again shortly", Map.of("Retry-After", "1"));
        } finally {
            m.batcher.arrived();
        }
        return answer(m, one, inputs, future);
    }

    /** Checks a predict body's keys and reads its inputs into {@code inputs}; returns the batching key. */
    private Object parse(ServedModel m, JsonNode body, List<Object> inputs) {
        Endpoint<Object, Object> endpoint = m.endpoint;
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("input") && !key.equals("inputs") && !endpoint.parameters().contains(key)) {
                throw HttpError.bad(printable(key), "unknown key; a " + m.model.task() + " request has input or "
                        + "inputs" + (endpoint.parameters().isEmpty() ? "" : " and " + new java.util.TreeSet<>(
                        endpoint.parameters())));
            }
        }
        boolean one = body.has("input");
        if (one == body.has("inputs")) {
            throw HttpError.bad(one ? "inputs" : "input", one ? "give input (one) or inputs (many), not both"
                    : "missing; give input (one) or inputs (a list)");
        }
        Object key = endpoint.key(body);
        if (one) {
            inputs.add(endpoint.input(body.get("input"), "input"));
        } else {
            JsonNode array = Fields.array(body.get("inputs"), "inputs", options.maxInputs());
            for (int i = 0; i < array.size(); i++) {
                inputs.add(endpoint.input(array.get(i), "inputs[" + i + "]"));
            }
        }
        return key;
    }

    /** Waits for the batcher's outputs and writes the response. */
    private Response answer(ServedModel m, boolean one, List<Object> inputs, CompletableFuture<List<Object>> future) {
        Endpoint<Object, Object> endpoint = m.endpoint;
        List<Object> outputs;
        try {
            outputs = future.get(options.timeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(false); // the batcher skips it if it has not run yet
            throw new HttpError(503, null, m.name + ": no answer within " + options.timeoutMillis()
                    + " ms; the server is busy, try again shortly", Map.of("Retry-After", "1"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(503, null, "the server is shutting down", Map.of("Retry-After", "1"));
        } catch (ExecutionException e) {
            throw failure(e.getCause(), one);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", m.name);
        if (one) {
            out.put("output", endpoint.output(inputs.get(0), outputs.get(0)));
        } else {
            List<Object> list = new ArrayList<>(outputs.size());
            for (int i = 0; i < outputs.size(); i++) {
                list.add(endpoint.output(inputs.get(i), outputs.get(i)));
            }
            out.put("outputs", list);
        }
        return Response.json(200, out);
    }

    /** What the model threw, as the client's error: its input named by the request's own field. */
    private static RuntimeException failure(Throwable cause, boolean one) {
        if (cause instanceof InputException e) {
            String field = one ? "input" : "inputs[" + e.index() + "]";
            return HttpError.bad(field, e.reason());
        }
        if (cause instanceof Batcher.Overloaded e) {
            return new HttpError(503, null, e.getMessage(), Map.of("Retry-After", "1"));
        }
        if (cause instanceof UserException e) {
            String field = one ? "input" : "inputs";
            return new HttpError(400, field, field + ": " + e.getMessage());
        }
        if (cause instanceof RuntimeException e) {
            return e;
        }
        return new IllegalStateException(cause);
    }

    /** Text from a request as an error may quote it: at most 80 characters, control characters escaped. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return s.codePointCount(0, s.length()) > 80 ? out + "..." : out.toString();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
