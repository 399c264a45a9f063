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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code seq4j ui} and {@code report} in a real browser (issue 27): Debian's headless Chromium, driven over the
 * DevTools protocol ({@link Chromium}). A char LM trains in another process while its page is open: it shows as
 * running, its curve gains points without a reload, and once the run ends the page says complete with the best metric
 * of summary.json. A sweep's page lists every trial of results.csv. A report opens with no network and draws its
 * curves. Screenshots land in target/ui-screenshots (test artifacts; docs/ui.md shows copies).
 */
class UiBrowserTest {
    static final Path SHOTS = Path.of("target", "ui-screenshots");
    @TempDir
    static Path dir;
    static Chromium browser;
    static UiServer server;

    @BeforeAll
    static void start() throws Exception {
        Chromium.binary(); // skipped (or failed, in CI) before anything is trained
        Files.createDirectories(dir.resolve("runs"));
        Files.createDirectories(dir.resolve("sweeps"));
        server = UiServer.start(new RunIndex(List.of(dir.resolve("runs"), dir.resolve("sweeps"))), "127.0.0.1", 0);
        browser = Chromium.start(dir.resolve("chromium"), false);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String url(String hash) {
        return "http://127.0.0.1:" + server.port() + "/" + hash;
    }

    private static String seq4j(String... args) {
        StringWriter err = new StringWriter();
        int code = Seq4j.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
        assertEquals(0, code, err.toString());
        return err.toString();
    }

    private static Path charLmConfig(String name, int epochs) throws Exception {
        Path text = Files.writeString(dir.resolve(name + ".txt"), TinyText.pangram(300));
        return Files.writeString(dir.resolve(name + ".yaml"), """
                task: charlm
                seed: 5
                data: {train: %s, sequenceLength: 40}
                model: {layers: [64]}
                train: {epochs: %d, batchSize: 16, patience: 0, sampleLength: 40, learningRate: 0.01, logEvery: 2}
                """.formatted(text, epochs));
    }

    @Test
    void aRunTrainingInAnotherProcessIsLiveThenComplete() throws Exception {
        Path run = dir.resolve("runs").resolve("live");
        Process train = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), "dev.seq4j.cli.Seq4j",
                "train", charLmConfig("live", 14).toString(), "--out", run.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("live.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(run.resolve(RunDirectory.STEPS))
                    || Files.readAllLines(run.resolve(RunDirectory.STEPS)).size() < 2) {
                assertTrue(train.isAlive() && System.nanoTime() < deadline,
                        "no steps.csv row: " + Files.readString(dir.resolve("live.log")));
                Thread.sleep(50);
            }
            browser.navigate(url("#/run/runs%2Flive"));
            browser.waitFor("document.querySelector('#chart-steps canvas')", Duration.ofSeconds(30));
            assertEquals("running", browser.eval("document.querySelector('.facts .status').dataset.status").asText(),
                    "the run trains in another process: " + Files.readString(dir.resolve("live.log")));
            int first = browser.eval("+document.getElementById('chart-steps').dataset.points").asInt();
            browser.eval("window.seq4jMarker = 42"); // gone if the page reloaded
            browser.waitFor("+document.getElementById('chart-steps').dataset.points > " + first, Duration.ofSeconds(90));
            browser.screenshot(SHOTS.resolve("run-live.png"));
            assertTrue(train.waitFor(5, TimeUnit.MINUTES), "training did not end");
            assertEquals(0, train.exitValue(), Files.readString(dir.resolve("live.log")));
        } finally {
            train.destroyForcibly();
        }
        browser.waitFor("document.querySelector('.facts .status').dataset.status === 'complete'", Duration.ofSeconds(30));
        assertEquals(42, browser.eval("window.seq4jMarker").asInt(), "the page updated itself, without a reload");
        JsonNode summary = new ObjectMapper().readTree(run.resolve(RunDirectory.SUMMARY).toFile());
        double best = summary.get("objective").get("value").asDouble();
        browser.waitFor("document.getElementById('best').dataset.value !== ''", Duration.ofSeconds(10));
        assertEquals(best, Double.parseDouble(browser.eval("document.getElementById('best').dataset.value").asText()),
                "the page's best metric is summary.json's");
        int rows = Files.readAllLines(run.resolve(RunDirectory.STEPS)).size() - 1;
        browser.waitFor("+document.getElementById('chart-steps').dataset.points === " + rows, Duration.ofSeconds(10));
        assertEquals(summary.get("sample").asText(), browser.eval("document.getElementById('sample').textContent").asText());
        browser.screenshot(SHOTS.resolve("run.png"));

        // the run list: the run, complete, with its best metric; then the report of the run, offline
        browser.navigate(url("#/"));
        browser.waitFor("document.querySelector('#runs tbody tr')", Duration.ofSeconds(30));
        String list = browser.eval("document.getElementById('runs').innerText").asText();
        assertTrue(list.contains("runs/live") && list.contains("complete"), list);
        browser.screenshot(SHOTS.resolve("runs.png"));
        // a filter outlives the list's refresh (every 5 s)
        browser.eval("const f = document.getElementById('filter'); f.value = 'no-such-run'; "
                + "f.dispatchEvent(new Event('input')); f.blur(); window.seq4jList = document.getElementById('runs')");
        assertEquals(0, browser.eval("document.querySelectorAll('#runs tbody tr').length").asInt());
        browser.waitFor("document.getElementById('runs') !== window.seq4jList", Duration.ofSeconds(15));
        assertEquals("no-such-run", browser.eval("document.getElementById('filter').value").asText());
        assertEquals(0, browser.eval("document.querySelectorAll('#runs tbody tr').length").asInt());

        Path report = dir.resolve("live.html");
        seq4j("report", run.toString(), "--out", report.toString());
        try (Chromium offline = Chromium.start(dir.resolve("chromium-offline"), true)) {
            offline.navigate(report.toUri().toString());
            offline.waitFor("document.querySelector('#chart-steps canvas') && document.querySelector('#chart-epochs canvas')",
                    Duration.ofSeconds(30));
            assertEquals(rows, offline.eval("+document.getElementById('chart-steps').dataset.points").asInt());
            assertEquals(summary.get("epochs").asInt(),
                    offline.eval("+document.getElementById('chart-epochs').dataset.points").asInt());
            assertEquals("complete", offline.eval("document.querySelector('.facts .status').dataset.status").asText());
            assertEquals(0, offline.eval("performance.getEntriesByType('resource').length").asInt(),
                    "the report loads nothing: everything is inside it");
            assertTrue(offline.eval("document.querySelector('img.picture').complete && "
                    + "document.querySelector('img.picture').naturalWidth > 0").asBoolean(), "the learning curve's PNG");
            offline.screenshot(SHOTS.resolve("report.png"));
        }
    }

    @Test
    void aRunPageShowsTheValidationSamplesAsText() throws Exception {
        StringBuilder train = new StringBuilder("label\ttext\n");
        for (int i = 0; i < 40; i++) {
            train.append(i % 2 == 0 ? "pos\tthe food was good" : "neg\tthe food was bad").append(i % 3 == 0 ? " today\n" : "\n");
        }
        Path data = Files.writeString(dir.resolve("tc.tsv"), train.toString());
        Path valid = Files.writeString(dir.resolve("tc-valid.tsv"), "label\ttext\npos\tgood food\nneg\tbad food\npos\tgood\n");
        Path config = Files.writeString(dir.resolve("tc.yaml"), """
                task: textclass
                seed: 5
                data: {train: %s, valid: %s}
                model: {layers: [8], embedding: 4}
                train: {epochs: 3, batchSize: 8, patience: 0}
                """.formatted(data, valid));
        Path run = dir.resolve("runs").resolve("tc");
        seq4j("train", config.toString(), "--out", run.toString());
        JsonNode samples = new ObjectMapper().readTree(run.resolve(RunDirectory.SAMPLES).toFile());
        browser.navigate(url("#/run/runs%2Ftc"));
        browser.waitFor("document.querySelector('#samples .sample-row')", Duration.ofSeconds(30));
        assertEquals(3, browser.eval("document.querySelectorAll('#samples .sample-row').length").asInt());
        JsonNode first = samples.get("samples").get(0);
        assertEquals(String.format(java.util.Locale.ROOT, "%s (p = %.2f)", first.get("predicted").get(0).asText(),
                first.get("confidence").asDouble()),
                browser.eval("document.querySelector('#samples .predicted').textContent").asText());
        assertEquals("good food", browser.eval("document.querySelector('#samples .src').textContent").asText());
        assertTrue(browser.eval("[...document.querySelectorAll('img.picture')].some(i => i.alt === 'confusion.png')")
                .asBoolean(), "the confusion matrix among the pictures");

        // a hand-edited samples.json of tagged sentences: markup in it stays text, a picture that is not a PNG data
        // URL is not loaded, and a wrong tag is struck through beside the true one
        Files.writeString(run.resolve(RunDirectory.SAMPLES), """
                {"kind": "tags", "split": "valid", "of": 2, "inputSeparator": " ", "outputSeparator": " ", "samples": [
                 {"input": ["<img src=x onerror=window.pwned=1>", "runs"], "image": "javascript:window.pwned=2",
                  "expected": ["NOUN", "VERB"], "predicted": ["NOUN", "NOUN"], "correct": false}]}
                """);
        browser.navigate(url("#/run/runs%2Ftc"));
        browser.waitFor("document.querySelector('#samples .tok')", Duration.ofSeconds(30));
        assertEquals("<img src=x onerror=window.pwned=1>",
                browser.eval("document.querySelector('#samples .tok .w').textContent").asText());
        assertEquals(0, browser.eval("document.querySelectorAll('#samples img').length").asInt());
        assertTrue(browser.eval("window.pwned === undefined").asBoolean());
        assertEquals("NOUN VERB", browser.eval("document.querySelector('#samples .tok.wrong .t').textContent").asText());
        assertEquals("NOUN", browser.eval("document.querySelector('#samples .tok.wrong s').textContent").asText());
        assertEquals(1, browser.eval("document.querySelectorAll('#samples .tok.wrong').length").asInt());
    }

    @Test
    void anEnsemblesEpochChartDrawsEveryMember() throws Exception {
        StringBuilder series = new StringBuilder("t,y\n");
        for (int t = 0; t < 120; t++) {
            series.append(t).append(',').append(10 + 0.1 * t + 3 * Math.sin(2 * Math.PI * t / 12)).append('\n');
        }
        Path data = Files.writeString(dir.resolve("series.csv"), series.toString());
        Path config = Files.writeString(dir.resolve("ensemble.yaml"), """
                task: forecast
                seed: 5
                data: {train: %s, inputLength: 12, horizon: 3, season: 12}
                model: {layers: [4], ensemble: 2}
                train: {epochs: 4, batchSize: 16, patience: 0}
                """.formatted(data));
        Path run = dir.resolve("runs").resolve("ensemble");
        seq4j("train", config.toString(), "--out", run.toString());
        browser.navigate(url("#/run/runs%2Fensemble"));
        browser.waitFor("document.querySelector('#chart-epochs canvas')", Duration.ofSeconds(30));
        String labels = "[...document.querySelectorAll('#chart-epochs .u-legend .u-label')].map(l => l.textContent)";
        assertEquals("[\"epoch\",\"train_loss\",\"valid_loss\",\"valid_loss (member 2)\"]",
                browser.eval("JSON.stringify(" + labels + ")").asText());
        assertEquals(4, browser.eval("+document.getElementById('chart-epochs').dataset.points").asInt());
    }

    @Test
    void aSweepPageListsEveryTrialOfResultsCsv() throws Exception {
        Path base = charLmConfig("base", 1);
        Path spec = Files.writeString(dir.resolve("sweep.yaml"), """
                base: %s
                set: {train.maxBatches: 3, train.sampleLength: 0}
                space: {train.learningRate: [0.003, 0.01, 0.03], model.layers: [[16], [32]]}
                """.formatted(base));
        seq4j("sweep", spec.toString(), "--out", dir.resolve("sweeps").resolve("lr").toString());
        List<String> results = Files.readAllLines(dir.resolve("sweeps").resolve("lr").resolve("results.csv"));
        browser.navigate(url("#/sweep/sweeps%2Flr"));
        browser.waitFor("document.querySelector('#results tbody tr')", Duration.ofSeconds(30));
        assertEquals(results.size() - 1, browser.eval("document.querySelectorAll('#results tbody tr').length").asInt());
        String table = browser.eval("document.getElementById('results').innerText").asText();
        for (String row : results.subList(1, results.size())) {
            assertTrue(table.contains("trial " + Integer.parseInt(row.split(",")[0])), row + " in " + table);
        }
        assertEquals(2, browser.eval("document.querySelectorAll('[id^=chart-param-] canvas').length").asInt(),
                "one chart per hyperparameter");
        assertTrue(browser.eval("document.querySelector('#results tr.best a').textContent").asText().startsWith("trial"));
        browser.screenshot(SHOTS.resolve("sweep.png"));

        // two trials compared: both curves on one chart, and only the swept keys differ in their configs
        browser.navigate(url("#/compare/sweeps%2Flr%2Ftrials%2F001,sweeps%2Flr%2Ftrials%2F006"));
        browser.waitFor("document.querySelector('#config-diff tbody tr') && document.querySelector('#chart-compare-epochs canvas')",
                Duration.ofSeconds(30));
        String diff = browser.eval("[...document.querySelectorAll('#config-diff tbody tr td:first-child')]"
                + ".map(td => td.textContent).join(' ')").asText();
        assertEquals("model.layers train.learningRate", diff);
        assertEquals(3, browser.eval("document.querySelectorAll('#chart-compare-epochs .u-legend .u-series').length").asInt(),
                "the x axis and one series per run");
        browser.screenshot(SHOTS.resolve("compare.png"));
    }
}
