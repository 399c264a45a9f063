package dev.seq4j.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.TinyText;
import dev.seq4j.cli.Seq4j;
import dev.seq4j.run.RunDirectory;
import org.junit.jupiter.api.AfterAll;
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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The UI server's answers over HTTP (issue 27), bad input first: a run killed in the middle of writing its records
 * shows its complete rows and is interrupted; ids that try to leave the given directories (".." or a symbolic link)
 * and unknown ids are 404 with a JSON line, never a stack trace; writes are refused.
 */
class UiServerTest {
    @TempDir
    static Path dir;
    static Path runs;
    static Path outside;
    static UiServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        runs = Files.createDirectories(dir.resolve("runs"));
        Path text = Files.writeString(dir.resolve("text.txt"), TinyText.pangram(40));
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                task: charlm
                seed: 2
                data: {train: %s, sequenceLength: 20}
                model: {layers: [16]}
                train: {epochs: 3, batchSize: 8, patience: 0, sampleLength: 0, logEvery: 1}
                """.formatted(text));
        StringWriter err = new StringWriter();
        assertEquals(0, Seq4j.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "train",
                config.toString(), "--out", runs.resolve("done").toString()), err.toString());
        // a copy killed while writing: no summary, its records cut in the middle of a line
        Path killed = copy(runs.resolve("done"), runs.resolve("killed"));
        Files.delete(killed.resolve(RunDirectory.SUMMARY));
        cut(killed.resolve(RunDirectory.METRICS));
        cut(killed.resolve(RunDirectory.STEPS));
        // a run outside the given directory, and a link to it inside
        outside = copy(runs.resolve("done"), dir.resolve("elsewhere").resolve("secret"));
        Files.createSymbolicLink(runs.resolve("link"), outside);
        // an ensemble's copy: member 2's metrics as member 1's, member 3's a link that leads outside the run
        Path ensemble = copy(runs.resolve("done"), runs.resolve("ensemble"));
        Path member2 = Files.createDirectories(ensemble.resolve(RunDirectory.MEMBERS).resolve("2"));
        Files.copy(ensemble.resolve(RunDirectory.METRICS), member2.resolve(RunDirectory.METRICS));
        Path member3 = Files.createDirectories(ensemble.resolve(RunDirectory.MEMBERS).resolve("3"));
        Files.createSymbolicLink(member3.resolve(RunDirectory.METRICS), outside.resolve(RunDirectory.METRICS));
        server = UiServer.start(new RunIndex(List.of(runs)), "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void cut(Path csv) throws Exception {
        String text = Files.readString(csv);
        Files.writeString(csv, text.substring(0, text.length() - 7)); // the last row loses its end and newline
    }

    private static Path copy(Path from, Path to) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(from)) {
            files = new ArrayList<>(s.toList());
        }
        for (Path f : files) {
            Path target = to.resolve(from.relativize(f).toString());
            if (Files.isDirectory(f)) {
                Files.createDirectories(target);
            } else {
                Files.copy(f, target);
            }
        }
        return to;
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String pathAndQuery, int status) throws Exception {
        HttpResponse<String> r = get(pathAndQuery);
        assertEquals(status, r.statusCode(), pathAndQuery + ": " + r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"), pathAndQuery);
        return new ObjectMapper().readTree(r.body());
    }

    @Test
    void aRunKilledMidWriteShowsItsCompleteRowsAndIsInterrupted() throws Exception {
        JsonNode killed = json("/api/run?id=runs%2Fkilled", 200);
        JsonNode done = json("/api/run?id=runs%2Fdone", 200);
        assertEquals("interrupted", killed.get("info").get("status").asText());
        assertEquals("complete", done.get("info").get("status").asText());
        for (String records : List.of("metrics", "steps")) {
            JsonNode k = killed.get(records);
            JsonNode d = done.get(records);
            assertTrue(k.get("cut").asBoolean(), records);
            assertFalse(d.get("cut").asBoolean(), records);
            assertEquals(d.get("total").asInt() - 1, k.get("total").asInt(), records + ": the cut row is left out");
            for (int i = 0; i < k.get("total").asInt(); i++) {
                assertEquals(d.get("rows").get(i), k.get("rows").get(i), records + " row " + i);
            }
        }
        // the best of an unfinished run comes from its metrics.csv: the last complete epoch marked best
        assertEquals(2, killed.get("info").get("epochs").asInt());
        assertTrue(killed.get("info").get("best").isNumber());
        // a page polling for new rows gets only those
        JsonNode more = json("/api/run?id=runs%2Fdone&metrics=2&steps=" + (done.get("steps").get("total").asInt() - 1), 200);
        assertEquals(1, more.get("metrics").get("rows").size());
        assertEquals(1, more.get("steps").get("rows").size());
        assertEquals(done.get("steps").get("rows").get(done.get("steps").get("total").asInt() - 1),
                more.get("steps").get("rows").get(0));
    }

    @Test
    void anEnsemblesPageHasEveryMembersMetricsAndNothingFromOutsideTheRun() throws Exception {
        JsonNode page = json("/api/run?id=runs%2Fensemble", 200);
        JsonNode members = page.get("members");
        assertEquals(2, members.size());
        assertEquals(List.of(2, 3), List.of(members.get(0).get("member").asInt(), members.get(1).get("member").asInt()));
        assertEquals(page.get("metrics").get("rows"), members.get(0).get("metrics").get("rows"));
        assertEquals(page.get("metrics").get("columns"), members.get(0).get("metrics").get("columns"));
        JsonNode linked = members.get(1).get("metrics");
        assertTrue(linked.get("error").asText().contains("leads outside the run directory"), linked.toString());
        assertEquals(0, linked.get("rows").size());
        assertEquals(0, json("/api/run?id=runs%2Fdone", 200).get("members").size());
    }

    @Test
    void pathsOutsideTheGivenDirectoriesAndUnknownRunsAre404() throws Exception {
        JsonNode index = json("/api/index", 200);
        List<String> ids = new ArrayList<>();
        index.get("runs").forEach(r -> ids.add(r.get("id").asText()));
        assertEquals(List.of("runs/done", "runs/ensemble", "runs/killed"), ids,
                "the link that leads outside is not listed, nor are an ensemble's members");
        for (String id : List.of("runs%2Flink", "runs%2F..%2Felsewhere%2Fsecret", "..%2Felsewhere%2Fsecret",
                "runs%2Fdone%2F..%2F..%2Felsewhere%2Fsecret", "%2Ftmp", "runs%2Fnope", "runs%2Fdone%2Ftrials%2F001")) {
            JsonNode answer = json("/api/run?id=" + id, 404);
            assertTrue(answer.get("error").asText().startsWith("no run '"), answer.toString());
        }
        assertEquals("missing id", json("/api/run", 400).get("error").asText());
        assertEquals(404, json("/api/sweep?id=runs%2Fdone", 404).size() > 0 ? 404 : 0);
        for (String name : List.of("..%2F..%2Felsewhere%2Fsecret%2Flearning-curve.png", "config.yaml", "%2Fetc%2Fpasswd")) {
            assertEquals(404, get("/api/image?id=runs%2Fdone&name=" + name).statusCode(), name);
        }
        assertEquals(200, get("/api/image?id=runs%2Fdone&name=learning-curve.png").statusCode());
        assertEquals(404, json("/api/nothing", 404).size() > 0 ? 404 : 0);
        assertEquals(400, json("/..%2F..%2Fetc%2Fpasswd", 400).size() > 0 ? 400 : 0); // Jetty: an ambiguous path
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/index")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"app.js\">"));
        assertTrue(page.headers().firstValue("content-security-policy").orElse("").contains("default-src 'self'"));
        assertEquals(200, get("/vendor/uPlot.iife.min.js").statusCode());
    }

    @Test
    void badArgumentsAreOneLine() {
        StringWriter err = new StringWriter();
        assertEquals(2, Seq4j.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "ui",
                dir.resolve("missing").toString(), "--port", "0"));
        assertEquals("seq4j: error: " + dir.resolve("missing") + ": not a directory (give run or sweep directories, or "
                + "directories holding them, such as runs/ and sweeps/)", err.toString().strip());
        err.getBuffer().setLength(0);
        assertEquals(2, Seq4j.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "report",
                runs.toString(), "--out", dir.resolve("r.html").toString()));
        assertTrue(err.toString().strip().startsWith("seq4j: error: " + runs + ": not a run directory"), err.toString());
        assertFalse(Files.exists(dir.resolve("r.html")));
        err.getBuffer().setLength(0);
        assertEquals(2, Seq4j.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "report",
                runs.resolve("done").toString(), "--out", runs.resolve("done").resolve("summary.json").toString()));
        assertTrue(err.toString().contains("the report is an .html file"), err.toString());
        assertTrue(Files.exists(runs.resolve("done").resolve("summary.json")), "the run's files are never touched");
    }

    @Test
    void dl4jsUiInABuildWithoutItIsOneLineSayingHowToGetIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(dev.seq4j.train.Dl4jStats.available(), "the dl4j-ui build");
        String how = "this build has no DL4J UI; build with ./mvnw -B -DskipTests -Pcpu,dl4j-ui package (or run "
                + "SEQ4J_PROFILE=cpu,dl4j-ui ./seq4j ...)";
        StringWriter err = new StringWriter();
        assertEquals(2, Seq4j.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "ui", "--dl4j",
                runs.resolve("done").toString()));
        assertEquals("seq4j: error: --dl4j: " + how, err.toString().strip());
        // train.dl4jStats: refused before the data is read or the run directory made
        err.getBuffer().setLength(0);
        Path out = dir.resolve("with-stats");
        assertEquals(2, Seq4j.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "train",
                runs.resolve("done").resolve(dev.seq4j.run.RunDirectory.CONFIG).toString(), "--set",
                "train.dl4jStats=true", "--out", out.toString()));
        assertEquals("seq4j: error: train.dl4jStats: " + how, err.toString().strip());
        assertFalse(Files.exists(out));
    }
}
