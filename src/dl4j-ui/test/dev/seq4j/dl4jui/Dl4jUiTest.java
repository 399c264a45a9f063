package dev.seq4j.dl4jui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.TinyText;
import dev.seq4j.cli.Seq4j;
import dev.seq4j.train.Dl4jStats;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train.dl4jStats} and {@code seq4j ui --dl4j} (the dl4j-ui build: {@code ./mvnw -Pcpu,dl4j-ui verify}): a run
 * records DL4J's stats as it trains, and DL4J's own UI server shows them, a score for every {@code logEvery}
 * minibatches.
 */
class Dl4jUiTest {
    @TempDir
    static Path dir;
    static Path run;

    record Result(int code, String err) {
    }

    static Result seq4j(String... args) {
        StringWriter err = new StringWriter();
        int code = Seq4j.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
        return new Result(code, err.toString());
    }

    @BeforeAll
    static void train() throws Exception {
        Path text = Files.writeString(dir.resolve("text.txt"), TinyText.pangram(100));
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                task: charlm
                seed: 2
                data: {train: %s, sequenceLength: 20}
                model: {layers: [16]}
                train: {epochs: 3, maxBatches: 10, batchSize: 8, patience: 0, sampleLength: 0, logEvery: 2,
                        dl4jStats: true}
                """.formatted(text));
        run = dir.resolve("run");
        Result r = seq4j("train", config.toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void theRunsStatsOpenInDl4jsUi() throws Exception {
        assertTrue(Dl4jStats.available());
        Path file = run.resolve(Dl4jStats.FILE);
        assertTrue(Files.size(file) > 0, "the stats file");
        HttpClient http = HttpClient.newHttpClient();
        String base;
        try (Dl4jStats.Server server = Dl4jStats.serve(file, 0)) {
            base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/train/overview")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            // the UI routes what it attached to its modules every half second
            JsonNode data = null;
            for (int i = 0; i < 60 && (data == null || data.path("scores").size() == 0); i++) {
                Thread.sleep(250);
                data = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base
                        + "/train/overview/data")).build(), HttpResponse.BodyHandlers.ofString()).body());
            }
            // 3 epochs of 10 minibatches (iterations 0 to 29), a report every 2: the UI's score chart runs to 28
            JsonNode iterations = data.path("scoresIter");
            assertTrue(iterations.size() >= 14, data.toString());
            assertEquals(28, iterations.get(iterations.size() - 1).asInt(), data.toString());
            assertEquals(iterations.size(), data.path("scores").size());
            assertTrue(data.path("model").isArray() || data.path("model").isObject(), data.toString());
        }
        assertFalse(reachable(http, base + "/train/overview"), "closing stops the server");
    }

    private static boolean reachable(HttpClient http, String url) {
        try {
            http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void uiDl4jRefusesWhatItCannotShowInOneLine() throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Result r = seq4j("ui", "--dl4j", plain.toString(), "--port", "0");
        assertEquals(2, r.code());
        assertEquals("seq4j: error: --dl4j: " + plain + " has no dl4j-stats.bin; train the run with "
                + "train.dl4jStats: true", r.err().strip());
        r = seq4j("ui", "--dl4j", run.toString(), "--host", "127.0.0.1");
        assertEquals(2, r.code());
        assertTrue(r.err().strip().startsWith("seq4j: error: --host: DL4J's UI listens on every interface"), r.err());
        assertEquals(1, r.err().strip().lines().count());
        r = seq4j("ui", "--dl4j", run.toString(), dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--dl4j: shows one run"), r.err());
        Path damaged = Files.createDirectories(dir.resolve("damaged"));
        Files.writeString(damaged.resolve(Dl4jStats.FILE), "not a MapDB file");
        r = seq4j("ui", "--dl4j", damaged.toString(), "--port", "0");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().strip().startsWith("seq4j: error: --dl4j: " + damaged.resolve(Dl4jStats.FILE)
                + " cannot be read as DL4J stats"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
