package dev.seq4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/openapi.json describes the server as it answers: the document is what {@code GET /openapi.json} serves, every
 * documented path is served, every request the tests send for each task fits the request schema, and every real
 * response (each task's outputs, the model list, the probes, the errors) fits the schema documented for its path
 * and status.
 */
class OpenApiTest {
    static final Path DOC = Path.of("docs/openapi.json");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static JsonNode doc;
    static ModelServer server;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        doc = JSON.readTree(DOC.toFile());
        Map<String, Path> runs = new LinkedHashMap<>();
        ServeTest.TASKS.forEach(t -> runs.put(t, ServeTest.GOLDEN.resolve(t).resolve("run")));
        server = ModelServer.start(runs, ServeOptions.defaults().withPort(0));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A schema of the document: {@code pointer} into it, with the document's paths and components to resolve refs. */
    static JsonSchema schema(String pointer) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("paths", doc.get("paths"));
        root.set("components", doc.get("components"));
        root.put("$ref", "#" + pointer);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
    }

    static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }

    static void fits(String pointer, JsonNode value, String what) {
        Set<ValidationMessage> errors = schema(pointer).validate(value);
        assertTrue(errors.isEmpty(), what + " does not fit " + pointer + ": " + errors + "\n" + value);
    }

    /** Calls the server and checks the answer against the document's response for the path's status. */
    static JsonNode call(String method, String path, String docPath, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode response = doc.path("paths").path(docPath).path(method.toLowerCase()).path("responses")
                .path(Integer.toString(r.statusCode()));
        assertFalse(response.isMissingNode(), method + " " + docPath + " answered " + r.statusCode()
                + ", which the document does not list: " + r.body());
        String pointer = "/paths/" + escape(docPath) + "/" + method.toLowerCase() + "/responses/" + r.statusCode();
        if (response.has("$ref")) {
            pointer = response.get("$ref").asText().substring(1);
            response = doc.at(pointer);
        }
        JsonNode content = response.path("content");
        String type = r.headers().firstValue("Content-Type").orElse("").replaceFirst(";.*", "");
        assertTrue(content.has(type), docPath + " " + r.statusCode() + ": content type " + type + " not documented");
        if (type.equals("application/json")) {
            JsonNode value = JSON.readTree(r.body());
            fits(pointer + "/content/" + escape(type) + "/schema", value, method + " " + path + " " + r.statusCode());
            return value;
        }
        return null;
    }

    @Test
    void theServedDocumentIsTheOneInDocsAndListsWhatIsServed() throws Exception {
        HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(Files.readAllBytes(DOC), r.body());
        assertEquals("3.1.0", doc.path("openapi").asText());
        Set<String> paths = new TreeSet<>();
        doc.path("paths").fieldNames().forEachRemaining(paths::add);
        assertEquals(new TreeSet<>(List.of("/healthz", "/readyz", "/metrics", "/openapi.json", "/v1/models",
                "/v1/models/{name}", "/v1/models/{name}/predict")), paths);
    }

    @Test
    void probesModelsAndErrorsFitTheDocument() throws Exception {
        call("GET", "/healthz", "/healthz", null);
        call("GET", "/readyz", "/readyz", null);
        call("GET", "/metrics", "/metrics", null);
        JsonNode models = call("GET", "/v1/models", "/v1/models", null);
        assertEquals(ServeTest.TASKS.size(), models.path("models").size());
        for (String task : ServeTest.TASKS) {
            call("GET", "/v1/models/" + task, "/v1/models/{name}", null);
        }
        call("GET", "/v1/models/nope", "/v1/models/{name}", null);
        call("POST", "/v1/models/nope/predict", "/v1/models/{name}/predict", "{\"input\": \"a\"}");
        call("POST", "/v1/models/textclass/predict", "/v1/models/{name}/predict", "{\"input\": 3}");
        call("POST", "/v1/models/textclass/predict", "/v1/models/{name}/predict", "{\"input\": \"" + "a".repeat(1 << 21) + "\"}");
    }

    @Test
    void everyTasksRequestsAndAnswersFitTheDocument() throws Exception {
        Map<String, List<Map<String, Object>>> requests = requests();
        Map<String, String> schemaOf = Map.of("textclass", "TextClassificationRequest", "seriesclass",
                "SeriesClassificationRequest", "tagging", "TaggingRequest", "forecast", "ForecastRequest", "seq2seq",
                "TranslationRequest", "caption", "CaptionRequest", "charlm", "GenerationRequest");
        JsonSchema anyRequest = schema("/paths/" + escape("/v1/models/{name}/predict")
                + "/post/requestBody/content/application~1json/schema");
        for (Map.Entry<String, List<Map<String, Object>>> task : requests.entrySet()) {
            for (Map<String, Object> request : task.getValue()) {
                JsonNode body = JSON.valueToTree(request);
                fits("/components/schemas/" + schemaOf.get(task.getKey()), body, task.getKey() + " request");
                assertTrue(anyRequest.validate(body).isEmpty(), task.getKey() + " request fits the predict body's schema");
                JsonNode answer = call("POST", "/v1/models/" + task.getKey() + "/predict", "/v1/models/{name}/predict",
                        JSON.writeValueAsString(request));
                assertTrue(answer.has("output") || answer.has("outputs"), answer.toString());
            }
        }
        // a request of the wrong shape for its task does not fit that task's schema
        assertFalse(schema("/components/schemas/ForecastRequest").validate(JSON.readTree(
                "{\"input\": {\"times\": [\"2000-01\"]}}")).isEmpty());
        assertFalse(schema("/components/schemas/TextClassificationRequest").validate(JSON.readTree(
                "{\"input\": \"a\", \"beam\": 2}")).isEmpty());
    }

    /** One single and one batch request per task, as a client would send them. */
    static Map<String, List<Map<String, Object>>> requests() throws Exception {
        Path g = ServeTest.GOLDEN;
        List<String> lines = Files.readAllLines(g.resolve("forecast/data/monthly.csv"));
        List<String> times = new ArrayList<>();
        List<Double> v = new ArrayList<>();
        for (String line : lines.subList(1, 16)) {
            times.add(line.split(",")[0]);
            v.add(Double.parseDouble(line.split(",")[1]));
        }
        Map<String, Object> history = Map.of("times", times, "values", Map.of("v", v));
        String image = Base64.getEncoder().encodeToString(Files.readAllBytes(g.resolve("caption/data/images/img00001.png")));
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        out.put("textclass", List.of(Map.of("input", "the food was good"), Map.of("inputs", List.of("bad", "good"))));
        out.put("seriesclass", List.of(Map.of("input", List.of(List.of(1.0), List.of(2.0), List.of(3.0))),
                Map.of("inputs", List.of(List.of(1.0, 2.0, 3.0)))));
        out.put("tagging", List.of(Map.of("input", "John lives in Paris ."),
                Map.of("inputs", List.of(List.of("Mary", "met", "John")))));
        out.put("forecast", List.of(Map.of("input", history, "horizon", 4), Map.of("inputs", List.of(history))));
        out.put("seq2seq", List.of(Map.of("input", "12 May 1987"), Map.of("inputs", List.of("1 Jan 2000"), "beam", 2)));
        out.put("caption", List.of(Map.of("input", image, "beam", 1), Map.of("inputs", List.of(image, image))));
        out.put("charlm", List.of(Map.of("input", "the ", "length", 10, "seed", 3),
                Map.of("inputs", List.of("a", "b"), "temperature", 0.5, "topK", 5)));
        return out;
    }
}
