package dev.seq4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.api.Seq4j;
import dev.seq4j.api.TextClassifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Over a thousand malformed or hostile requests (random bytes, invalid UTF-8, truncated and deeply nested JSON,
 * wrong types and values for every task, bad numbers, bodies over the limit with and without a length, unknown
 * paths and methods, broken HTTP, oversized headers), and slow clients that dribble headers or stall in their body:
 * every request is answered with a 4xx, none with a 5xx or a dropped connection, slow clients do not hold the
 * workers, and a valid request afterwards gets the right answer.
 */
class FuzzTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final long MAX_BODY = 64 * 1024;
    static ModelServer server;
    static int port;
    /** Status codes seen, by category: the report when a case fails. */
    static final Map<String, Map<Integer, Integer>> SEEN = new TreeMap<>();
    static int sent;

    @BeforeAll
    static void start() {
        Map<String, java.nio.file.Path> runs = new LinkedHashMap<>();
        for (String task : List.of("textclass", "tagging", "forecast", "caption", "seq2seq", "charlm", "seriesclass")) {
            runs.put(task, ServeTest.GOLDEN.resolve(task).resolve("run"));
        }
        server = ModelServer.start(runs, new ServeOptions("127.0.0.1", 0, 16, 64, 1_000, 256, MAX_BODY, 64, 1_000,
                30_000, 1));
        port = server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static void expect4xx(String category, int status, String detail) {
        SEEN.computeIfAbsent(category, k -> new TreeMap<>()).merge(status, 1, Integer::sum);
        sent++;
        assertTrue(status >= 400 && status < 500, category + ": got " + status + " for " + detail);
    }

    static int post(String path, byte[] body) throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 400) { // every error is the JSON body, never a stack trace
            JsonNode e = JSON.readTree(r.body()).path("error");
            assertEquals(r.statusCode(), e.path("status").asInt(), r.body());
            assertTrue(!r.body().contains("\tat ") && !r.body().contains("Exception:"), r.body());
        }
        return r.statusCode();
    }

    static int post(String model, String body) throws Exception {
        return post("/v1/models/" + model + "/predict", body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends raw bytes on a socket and returns the status of the answer (0 if the connection closed unanswered). */
    static int raw(byte[] request) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            String line = statusLine(s.getInputStream());
            return line.startsWith("HTTP/1.1 ") ? Integer.parseInt(line.substring(9, 12)) : 0;
        }
    }

    /** Sends raw bytes and returns the whole answer, read until the server closes the connection. */
    static String raw(byte[] request, boolean whole) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String statusLine(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            out.write(c);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    static byte[] http(String method, String path, String headers, byte[] body) {
        byte[] head = (method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers
                + (body == null ? "" : "Content-Length: " + body.length + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[head.length + (body == null ? 0 : body.length)];
        System.arraycopy(head, 0, out, 0, head.length);
        if (body != null) {
            System.arraycopy(body, 0, out, head.length, body.length);
        }
        return out;
    }

    @Test
    void aThousandHostileRequestsEachGetA4xxAndTheServerStillAnswers() throws Exception {
        Random random = new Random(25);
        List<String> valid = List.of("{\"input\": \"the food was good\"}", "{\"inputs\": [\"bad\", \"good\"]}",
                "{\"input\": [\"John\", \"lives\", \"in\", \"Paris\"]}");

        for (int i = 0; i < 200; i++) { // random bytes, most of them not UTF-8
            byte[] b = new byte[1 + random.nextInt(300)];
            random.nextBytes(b);
            expect4xx("random bytes", post("/v1/models/textclass/predict", b), "random bytes");
        }
        for (int i = 0; i < 150; i++) { // valid requests cut short
            String v = valid.get(i % valid.size());
            String cut = v.substring(0, random.nextInt(v.length()));
            expect4xx("truncated", post(i % 3 == 2 ? "tagging" : "textclass", cut), cut);
        }
        for (int i = 0; i < 100; i++) { // nesting deeper than any request needs
            int depth = 17 + random.nextInt(3000);
            String open = i % 2 == 0 ? "[" : "{\"a\":";
            String close = i % 2 == 0 ? "]" : "}";
            expect4xx("deep", post("textclass", "{\"input\": " + open.repeat(depth) + "1" + close.repeat(depth) + "}"),
                    "depth " + depth);
        }
        int cases = 0;
        for (String[] c : wrongValues()) { // wrong types and values, task by task, each in a few spellings
            for (int k = 0; k < 3; k++) {
                String body = k == 0 ? c[1] : k == 1 ? c[1].replace(": ", ":") : " \n" + c[1] + "\t";
                expect4xx("wrong value", post(c[0], body), c[0] + " " + body);
                cases++;
            }
        }
        assertTrue(cases >= 240, "wrong-value cases: " + cases);
        for (int i = 0; i < 40; i++) { // bodies over the limit, with a length and chunked without one
            int size = (int) MAX_BODY + 1 + random.nextInt(200_000);
            String big = "{\"input\": \"" + "x".repeat(size) + "\"}";
            expect4xx("too large", post("textclass", big), size + " bytes");
            HttpResponse<String> chunked = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/v1/models/textclass/predict")).POST(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            expect4xx("too large, chunked", chunked.statusCode(), size + " bytes chunked");
        }
        String[] paths = {"/v1/models/nope/predict", "/v1/models//predict", "/v1/models/textclass/predict/x",
                "/v1/models/textclass/foo", "/v2/models", "/", "/v1", "/v1/models/%2e%2e/predict",
                "/v1/models/textclass%00/predict", "/v1/models/..%2f..%2fetc%2fpasswd/predict"};
        for (int i = 0; i < 60; i++) { // unknown paths and models, wrong methods
            String path = paths[i % paths.length];
            expect4xx("path", raw(http("POST", path, "", valid.get(0).getBytes(StandardCharsets.UTF_8))), path);
            String method = new String[]{"GET", "PUT", "DELETE", "PATCH", "OPTIONS"}[i % 5];
            expect4xx("method", raw(http(method, "/v1/models/textclass/predict", "", null)), method);
        }
        for (int i = 0; i < 40; i++) { // invalid UTF-8 inside a JSON string, on the wire as it is
            byte[] prefix = "{\"input\": \"abc".getBytes(StandardCharsets.UTF_8);
            byte[] bad = {(byte) 0xff, (byte) 0xfe, (byte) (0x80 + random.nextInt(64)), (byte) 0xc3};
            byte[] body = new byte[prefix.length + bad.length + 2];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(bad, 0, body, prefix.length, bad.length);
            body[body.length - 2] = '"';
            body[body.length - 1] = '}';
            expect4xx("invalid UTF-8", raw(http("POST", "/v1/models/textclass/predict",
                    "Content-Type: application/json\r\n", body)), "invalid UTF-8");
        }
        for (int i = 0; i < 20; i++) { // broken HTTP and headers too large
            expect4xx("broken HTTP", raw(("GARBAGE\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)), "garbage");
            expect4xx("huge header", raw(http("GET", "/healthz", "X-Big: " + "h".repeat(20_000 + i) + "\r\n", null)),
                    "20 KB header");
        }
        // what Jetty refuses before seq4j sees the request is answered in the same JSON shape
        for (String refused : List.of(raw(http("GET", "/healthz", "X-Big: " + "h".repeat(20_000) + "\r\n", null), true),
                raw("GARBAGE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), true))) {
            int status = Integer.parseInt(refused.substring(9, 12));
            JsonNode e = JSON.readTree(refused.substring(refused.indexOf("\r\n\r\n") + 4)).path("error");
            assertEquals(status, e.path("status").asInt(), refused);
        }
        for (int i = 0; i < 20; i++) { // a body shorter than its Content-Length, then the client gives up
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(("POST /v1/models/textclass/predict HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Length: 100\r\n\r\n{\"input\":").getBytes(StandardCharsets.ISO_8859_1));
                s.shutdownOutput();
                String line = statusLine(s.getInputStream());
                int status = line.startsWith("HTTP/1.1 ") ? Integer.parseInt(line.substring(9, 12)) : 400;
                expect4xx("short body", status, line); // an answer, or the connection closed: never a 5xx
            }
        }
        assertTrue(sent >= 1000, "sent " + sent);
        System.out.println("fuzz: " + sent + " requests, statuses by kind " + SEEN);

        TextClassifier m = Seq4j.load(ServeTest.GOLDEN.resolve("textclass/run"), TextClassifier.class);
        JsonNode answer = JSON.readTree(CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/models/textclass/predict")).POST(HttpRequest.BodyPublishers.ofString(valid.get(0))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(m.classify("the food was good").label(), answer.path("output").path("label").asText());
        assertEquals(m.classify("the food was good").probabilities().get("pos"),
                answer.path("output").path("probabilities").path("pos").asDouble(), 1e-6);
    }

    @Test
    void slowClientsDoNotHoldTheWorkers() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            // more clients than worker threads (16): half stall inside their body, half dribble their headers
            for (int i = 0; i < 40; i++) {
                Socket s = new Socket("127.0.0.1", port);
                OutputStream out = s.getOutputStream();
                if (i % 2 == 0) {
                    out.write(("POST /v1/models/textclass/predict HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n"
                            + "{\"input\": \"").getBytes(StandardCharsets.ISO_8859_1));
                } else {
                    out.write("POST /v1/models/textclass/pre".getBytes(StandardCharsets.ISO_8859_1));
                }
                out.flush();
                slow.add(s);
            }
            for (int round = 0; round < 5; round++) {
                for (Socket s : slow) {
                    s.getOutputStream().write('a');
                    s.getOutputStream().flush();
                }
                long start = System.nanoTime();
                int status = post("textclass", "{\"input\": \"the food was good\"}");
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(200, status);
                assertTrue(millis < 2_000, "a valid request took " + millis + " ms beside 40 slow clients");
                Thread.sleep(100);
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    /** {task, body}: a value of the wrong type or out of range, in each place a request has one. */
    static List<String[]> wrongValues() {
        List<String[]> out = new ArrayList<>();
        for (String v : List.of("null", "true", "1", "[]", "{}", "[\"a\"]", "[1]")) {
            out.add(new String[]{"textclass", "{\"input\": " + v + "}"});
        }
        for (String v : List.of("null", "\"a\"", "1", "[]", "{}", "[1]", "[null]", "[[]]", "[{}]", "[\"a\", 2]")) {
            out.add(new String[]{"textclass", "{\"inputs\": " + v + "}"});
        }
        for (String v : List.of("\"\"", "\"   \"", "\"\\t\\n\"")) {
            out.add(new String[]{"textclass", "{\"input\": " + v + "}"});
        }
        out.add(new String[]{"textclass", "{\"input\": \"a\", \"beam\": 2}"});
        out.add(new String[]{"textclass", "{\"input\": \"a\", \"inputs\": [\"b\"]}"});
        out.add(new String[]{"textclass", "{}"});
        out.add(new String[]{"textclass", "{\"input\": \"a\", \"input\": \"b\"}"});
        out.add(new String[]{"textclass", "{\"input\": \"a\"} {}"});
        out.add(new String[]{"textclass", "\"just a string\""});
        for (String v : List.of("null", "1", "[]", "[1]", "[\"\"]", "[null]", "{}", "\"\"", "[[\"a\"]]")) {
            out.add(new String[]{"tagging", "{\"input\": " + v + "}"});
        }
        for (String v : List.of("null", "1", "\"a\"", "[]", "{}", "{\"times\": []}", "{\"times\": [\"x\"]}",
                "{\"times\": [\"2000-01\"], \"values\": {}}", "{\"times\": [\"2000-01\"], \"values\": {\"v\": []}}",
                "{\"times\": [\"2000-01\", \"2000-02\"], \"values\": {\"v\": [1]}}",
                "{\"times\": [\"2000-02\", \"2000-01\"], \"values\": {\"v\": [1, 2]}}",
                "{\"times\": [\"2000-01\", \"2000-01\"], \"values\": {\"v\": [1, 2]}}",
                "{\"times\": [\"2000-01\", \"2000-02\"], \"values\": {\"v\": [1, 2], \"w\": [1, 2]}}",
                "{\"times\": [\"2000-01\", \"2000-02\"], \"values\": {\"v\": [1, \"2\"]}}",
                "{\"times\": [\"2000-01\", \"2000-02\"], \"values\": {\"v\": [1, 1e999]}}",
                "{\"times\": [\"2000-01\", \"2000-02\"], \"values\": {\"v\": [1, 2]}}",
                "{\"times\": [\"2000-01\", \"2000-02\"], \"values\": {\"v\": [1, 2]}, \"x\": 1}",
                "{\"times\": [\"2000-01\", 2001], \"values\": {\"v\": [1, 2]}}",
                "{\"times\": [\"2000-01\", \"2000-02\"], \"values\": {\"v\": [null, 2]}}")) {
            out.add(new String[]{"forecast", "{\"input\": " + v + "}"}); // too short a history, too
        }
        String history = history();
        for (String v : List.of("0", "-1", "\"3\"", "1.5", "1000000", "99999999999999999999", "true")) {
            out.add(new String[]{"forecast", "{\"input\": " + history + ", \"horizon\": " + v + "}"});
        }
        for (String v : List.of("\"\"", "\"!!!\"", "\"aGVsbG8=\"", "1", "null", "[]", "\"iVBORw0KGgo=\"")) {
            out.add(new String[]{"caption", "{\"input\": " + v + "}"});
        }
        for (String v : List.of("-1", "101", "\"2\"", "1.5", "[]", "1e3")) {
            out.add(new String[]{"caption", "{\"inputs\": [\"aGVsbG8=\"], \"beam\": " + v + "}"});
            out.add(new String[]{"seq2seq", "{\"input\": \"1 May 2000\", \"beam\": " + v + "}"});
        }
        out.add(new String[]{"seq2seq", "{\"input\": \"" + "9".repeat(500) + "\"}"});
        for (String v : List.of("-1", "10001", "\"5\"", "1.5")) {
            out.add(new String[]{"charlm", "{\"input\": \"a\", \"length\": " + v + "}"});
        }
        for (String v : List.of("0", "-1", "\"hot\"", "null, \"temperature\": 0")) {
            out.add(new String[]{"charlm", "{\"input\": \"a\", \"temperature\": " + v + "}"});
        }
        out.add(new String[]{"charlm", "{\"input\": \"a\", \"topK\": -1}"});
        out.add(new String[]{"charlm", "{\"input\": \"a\", \"seed\": 1.5}"});
        out.add(new String[]{"charlm", "{\"input\": \"a\", \"seed\": \"x\"}"});
        out.add(new String[]{"charlm", "{\"input\": 7}"});
        for (String v : List.of("[]", "[[]]", "[[1, 2]]", "[[\"a\"]]", "[[null]]", "\"a\"", "[1, [2, 3]]", "{}")) {
            out.add(new String[]{"seriesclass", "{\"input\": " + v + "}"});
        }
        return out;
    }

    static String history() {
        StringBuilder times = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (int t = 0; t < 14; t++) {
            times.append(t == 0 ? "" : ", ").append('"').append(2000 + t / 12).append('-')
                    .append(String.format("%02d", t % 12 + 1)).append('"');
            values.append(t == 0 ? "" : ", ").append(50 + t);
        }
        return "{\"times\": [" + times + "], \"values\": {\"v\": [" + values + "]}}";
    }
}
