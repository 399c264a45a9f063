package dev.seq4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.api.Captioner;
import dev.seq4j.api.CharLanguageModel;
import dev.seq4j.api.ClassPrediction;
import dev.seq4j.api.Forecast;
import dev.seq4j.api.Forecaster;
import dev.seq4j.api.Seq4j;
import dev.seq4j.api.SeriesClassifier;
import dev.seq4j.api.Tagger;
import dev.seq4j.api.TextClassifier;
import dev.seq4j.api.Translator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real server on an ephemeral port, serving a finished run of every task (the golden runs of
 * src/test/resources), called over HTTP: every task's predict, single and batch, answers what the typed model answers
 * in process; the model list, probes and metrics answer; bad requests get a 4xx naming the field.
 */
class ServeTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/runs-0.1.0");
    static final List<String> TASKS = List.of("textclass", "seriesclass", "tagging", "forecast", "seq2seq", "caption",
            "charlm");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static ModelServer server;
    static String base;

    @BeforeAll
    static void start() {
        Map<String, Path> runs = new LinkedHashMap<>();
        TASKS.forEach(t -> runs.put(t, GOLDEN.resolve(t).resolve("run")));
        // a wait long enough that concurrent requests surely meet in one batch
        ServeOptions o = ServeOptions.defaults();
        server = ModelServer.start(runs, new ServeOptions("127.0.0.1", 0, 32, 64, 20_000, 64, 1 << 20, 64, 1_000,
                30_000, 2));
        base = "http://127.0.0.1:" + server.port();
        assertTrue(o.host().equals("127.0.0.1"), "binds to the loopback address unless told otherwise");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode predict(String model, Object body) throws Exception {
        HttpResponse<String> r = post("/v1/models/" + model + "/predict", JSON.writeValueAsString(body));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode node = JSON.readTree(r.body());
        assertEquals(model, node.path("model").asText());
        return node;
    }

    static JsonNode error(int status, String model, String body) throws Exception {
        HttpResponse<String> r = post("/v1/models/" + model + "/predict", body);
        assertEquals(status, r.statusCode(), r.body());
        JsonNode e = JSON.readTree(r.body()).path("error");
        assertEquals(status, e.path("status").asInt(), r.body());
        assertFalse(r.body().contains("\tat "), "no stack trace: " + r.body());
        return e;
    }

    static void samePrediction(ClassPrediction want, JsonNode got) {
        assertEquals(want.label(), got.path("label").asText());
        want.probabilities().forEach((k, v) -> assertEquals(v, got.path("probabilities").path(k).asDouble(), 1e-6, k));
    }

    @Test
    void probesModelListAndOneModel() throws Exception {
        assertEquals(200, get("/healthz").statusCode());
        HttpResponse<String> ready = get("/readyz");
        assertEquals(200, ready.statusCode());
        assertEquals("ready", JSON.readTree(ready.body()).path("status").asText());
        JsonNode models = JSON.readTree(get("/v1/models").body()).path("models");
        assertEquals(TASKS.size(), models.size());
        for (int i = 0; i < TASKS.size(); i++) {
            JsonNode m = models.get(i);
            assertEquals(TASKS.get(i), m.path("name").asText());
            assertEquals(TASKS.get(i), m.path("task").asText());
            assertEquals(TASKS.get(i), m.path("summary").path("task").asText());
            assertEquals("1.0.0-M2.1", m.path("versions").path("dl4j").asText());
            assertEquals(RunDirectoryHash.of(GOLDEN.resolve(TASKS.get(i)).resolve("run/model.zip")),
                    m.path("sha256").path("model.zip").asText());
        }
        JsonNode one = JSON.readTree(get("/v1/models/tagging").body());
        assertEquals("Tagger", one.path("type").asText());
        assertEquals(Seq4j.load(GOLDEN.resolve("tagging/run")).summary().headline(), one.path("headline").asText());
        HttpResponse<String> missing = get("/v1/models/nope");
        assertEquals(404, missing.statusCode());
        assertEquals("model", JSON.readTree(missing.body()).path("error").path("field").asText());
        assertTrue(JSON.readTree(missing.body()).path("error").path("message").asText().contains("[textclass, "));
        assertEquals(404, get("/nowhere").statusCode());
        HttpResponse<String> wrongMethod = get("/v1/models/textclass/predict");
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("POST", wrongMethod.headers().firstValue("Allow").orElse(""));
        assertEquals(200, get("/openapi.json").statusCode());
    }

    @Test
    void textClassifierAnswersAsInProcessOneAndMany() throws Exception {
        TextClassifier m = Seq4j.load(GOLDEN.resolve("textclass/run"), TextClassifier.class);
        List<String> texts = List.of("the food was good today", "the food was bad", "awful");
        samePrediction(m.classify(texts.get(0)), predict("textclass", Map.of("input", texts.get(0))).path("output"));
        JsonNode many = predict("textclass", Map.of("inputs", texts)).path("outputs");
        List<ClassPrediction> want = m.classify(texts);
        for (int i = 0; i < texts.size(); i++) {
            samePrediction(want.get(i), many.get(i));
        }
    }

    @Test
    void seriesClassifierTakesStepsOrPlainValues() throws Exception {
        SeriesClassifier m = Seq4j.load(GOLDEN.resolve("seriesclass/run"), SeriesClassifier.class);
        double[] values = {24.07, 35.56, 35.28, 29.1, 25.0, 33.3, 30.0, 31.2};
        double[][] series = new double[values.length][];
        for (int t = 0; t < values.length; t++) {
            series[t] = new double[]{values[t]};
        }
        samePrediction(m.classify(series), predict("seriesclass", Map.of("input", series)).path("output"));
        samePrediction(m.classify(series), predict("seriesclass", Map.of("inputs", List.of(values))).path("outputs").get(0));
    }

    @Test
    void taggerTagsTokensOrASentence() throws Exception {
        Tagger m = Seq4j.load(GOLDEN.resolve("tagging/run"), Tagger.class);
        List<String> tokens = List.of("John", "lives", "in", "Paris", ".");
        JsonNode one = predict("tagging", Map.of("input", tokens)).path("output");
        assertEquals(JSON.valueToTree(tokens), one.path("tokens"));
        assertEquals(JSON.valueToTree(m.tag(tokens)), one.path("tags"));
        JsonNode sentence = predict("tagging", Map.of("inputs", List.of("Mary met John in London."))).path("outputs").get(0);
        assertEquals(JSON.valueToTree(m.tokens("Mary met John in London.")), sentence.path("tokens"));
        assertEquals(JSON.valueToTree(m.tag("Mary met John in London.")), sentence.path("tags"));
    }

    @Test
    void forecasterForecastsFromAHistoryInTheRequest() throws Exception {
        Forecaster m = Seq4j.load(GOLDEN.resolve("forecast/run"), Forecaster.class);
        List<String> lines = Files.readAllLines(GOLDEN.resolve("forecast/data/monthly.csv"));
        List<String> times = new ArrayList<>();
        List<Double> v = new ArrayList<>();
        for (String line : lines.subList(1, 25)) {
            times.add(line.split(",")[0]);
            v.add(Double.parseDouble(line.split(",")[1]));
        }
        Map<String, Object> input = Map.of("times", times, "values", Map.of("v", v));
        JsonNode out = predict("forecast", Map.of("input", input, "horizon", 5)).path("output");
        Forecast want = m.forecast(m.table(times, Map.of("v", v.stream().mapToDouble(Double::doubleValue).toArray())), 5);
        assertEquals(JSON.valueToTree(want.times()), out.path("times"));
        for (int k = 0; k < 5; k++) {
            assertEquals(want.values("v")[k], out.path("values").path("v").get(k).asDouble(), 1e-9);
        }
        assertEquals(3, predict("forecast", Map.of("inputs", List.of(input, input))).path("outputs").get(1)
                .path("times").size(), "the run's horizon by default");
        // a gap in the history is refused as data.missing: error refuses it, naming the value
        List<Object> gap = new ArrayList<>(v);
        gap.set(20, null);
        JsonNode e = error(400, "forecast", JSON.writeValueAsString(Map.of("inputs", List.of(input,
                Map.of("times", times, "values", Map.of("v", gap))))));
        assertTrue(e.path("message").asText().startsWith("inputs[1].values.v[20]"), e.toString());
    }

    @Test
    void translatorAndCaptionerDecodeWithTheirBeamOrTheRequests() throws Exception {
        Translator t = Seq4j.load(GOLDEN.resolve("seq2seq/run"), Translator.class);
        List<String> sources = Files.readAllLines(GOLDEN.resolve("seq2seq/data/sources.txt")).subList(0, 3);
        assertEquals(t.translate(sources.get(0)), predict("seq2seq", Map.of("input", sources.get(0))).path("output").asText());
        JsonNode greedy = predict("seq2seq", Map.of("inputs", sources, "beam", 1)).path("outputs");
        assertEquals(t.translate(sources, 1), List.of(greedy.get(0).asText(), greedy.get(1).asText(), greedy.get(2).asText()));

        Captioner c = Seq4j.load(GOLDEN.resolve("caption/run"), Captioner.class);
        Path png = GOLDEN.resolve("caption/data/images/img00000.png");
        String image = Base64.getEncoder().encodeToString(Files.readAllBytes(png));
        assertEquals(c.caption(ImageIO.read(png.toFile())), predict("caption", Map.of("input", image)).path("output").asText());
        JsonNode e = error(400, "caption", JSON.writeValueAsString(Map.of("inputs", List.of(image, "bm90IGFuIGltYWdl"))));
        assertEquals("inputs[1]", e.path("field").asText());
        assertTrue(e.path("message").asText().contains("not a PNG, JPEG, GIF or BMP image"), e.toString());
    }

    @Test
    void charLanguageModelGeneratesAsTheApiWithTheSameSeed() throws Exception {
        CharLanguageModel m = Seq4j.load(GOLDEN.resolve("charlm/run"), CharLanguageModel.class);
        JsonNode out = predict("charlm", Map.of("input", "the ", "length", 30, "temperature", 0.5, "seed", 7));
        assertEquals(m.generate("the ", 30, 0.5, 0, 7), out.path("output").asText());
        assertEquals(30, out.path("output").asText().length());
        assertEquals("temperature", error(400, "charlm", "{\"input\": \"a\", \"temperature\": 0}").path("field").asText());
    }

    @Test
    void badRequestsGetA4xxNamingTheField() throws Exception {
        assertEquals("body", error(400, "textclass", "{\"input\": ").path("field").asText());
        assertEquals("body", error(400, "textclass", "[1, 2]").path("field").asText());
        assertEquals("body", error(400, "textclass", "").path("field").asText());
        assertEquals("body", error(400, "textclass", "{\"input\": \"a\", \"input\": \"b\"}").path("field").asText());
        assertEquals("imput", error(400, "textclass", "{\"imput\": \"a\"}").path("field").asText());
        assertEquals("inputs", error(400, "textclass", "{\"input\": \"a\", \"inputs\": [\"b\"]}").path("field").asText());
        assertEquals("input", error(400, "textclass", "{}").path("field").asText());
        assertEquals("inputs[1]", error(400, "textclass", "{\"inputs\": [\"good\", 3]}").path("field").asText());
        assertEquals("inputs", error(400, "textclass", "{\"inputs\": []}").path("field").asText());
        JsonNode noTokens = error(400, "textclass", "{\"inputs\": [\"good\", \"  \"]}");
        assertEquals("inputs[1]", noTokens.path("field").asText(), noTokens.toString());
        assertEquals("beam", error(400, "seq2seq", "{\"input\": \"1 May 2000\", \"beam\": 101}").path("field").asText());
        assertEquals("inputs[0][1]", error(400, "tagging", "{\"inputs\": [[\"a\", \"\"]]}").path("field").asText());
        StringBuilder deep = new StringBuilder();
        deep.append("[".repeat(5000)).append("]".repeat(5000));
        assertEquals("body", error(400, "textclass", "{\"input\": " + deep + "}").path("field").asText());
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 65; i++) {
            many.add("good");
        }
        assertTrue(error(400, "textclass", JSON.writeValueAsString(Map.of("inputs", many))).path("message").asText()
                .contains("65 elements, more than the 64"));
        String huge = "{\"input\": \"" + "a".repeat(1 << 20) + "\"}";
        assertEquals("body", error(413, "textclass", huge).path("field").asText());
        // and the server still answers
        assertEquals(200, post("/v1/models/textclass/predict", "{\"input\": \"good\"}").statusCode());
    }

    @Test
    void concurrentRequestsMeetInOneBatchAndMetricsCountThem() throws Exception {
        // a worker waits only for requests already being read, so how many meet depends on timing: up to five bursts;
        // each answer is the one its text gets alone, whatever it was batched with
        TextClassifier alone = Seq4j.load(GOLDEN.resolve("textclass/run"), TextClassifier.class);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        String metrics = "";
        double batches = 0;
        double inputs = 0;
        try {
            for (int burst = 0; burst < 5 && !(inputs >= 16 && batches < inputs); burst++) {
                List<Future<HttpResponse<String>>> replies = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    String text = i % 2 == 0 ? "the food was good" : "the food was bad today";
                    replies.add(pool.submit(() -> post("/v1/models/textclass/predict",
                            JSON.writeValueAsString(Map.of("input", text)))));
                }
                for (int i = 0; i < replies.size(); i++) {
                    HttpResponse<String> r = replies.get(i).get();
                    assertEquals(200, r.statusCode());
                    samePrediction(alone.classify(i % 2 == 0 ? "the food was good" : "the food was bad today"),
                            JSON.readTree(r.body()).path("output"));
                }
                metrics = get("/metrics").body();
                batches = metric(metrics, "seq4j_batch_size_count{model=\"textclass\"}");
                inputs = metric(metrics, "seq4j_batch_size_sum{model=\"textclass\"}");
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(inputs >= 16 && batches < inputs, "batches " + batches + ", inputs " + inputs);
        assertTrue(metric(metrics, "seq4j_requests_total{code=\"200\",endpoint=\"predict\",model=\"textclass\"}") >= 16,
                metrics);
        assertTrue(metrics.contains("seq4j_request_duration_seconds_bucket{model=\"textclass\""), metrics);
        assertTrue(metrics.contains("seq4j_queue_depth{model=\"textclass\"}"), metrics);
    }

    static double metric(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no " + name + " in\n" + text);
    }

    /** The SHA-256 the server reports, computed here independently. */
    static final class RunDirectoryHash {
        static String of(Path file) throws Exception {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return java.util.HexFormat.of().formatHex(d);
        }
    }
}
