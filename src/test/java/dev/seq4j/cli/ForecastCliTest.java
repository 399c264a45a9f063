package dev.seq4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.seq4j.cli.CliTest.seq4j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Forecasting from the command line: train, eval against the baselines, and bad series files. */
class ForecastCliTest {
    @TempDir
    static Path dir;
    static Path config;
    static Path run;
    static Path series;

    static String monthly(int n) {
        StringBuilder out = new StringBuilder("month,v\n");
        for (int t = 0; t < n; t++) {
            out.append(String.format(java.util.Locale.ROOT, "%04d-%02d,%.3f%n", 2000 + t / 12, t % 12 + 1,
                    50 + 0.1 * t + 3 * Math.sin(2 * Math.PI * t / 12)));
        }
        return out.toString();
    }

    @BeforeAll
    static void trainTinyRun() throws Exception {
        series = Files.writeString(dir.resolve("monthly.csv"), monthly(120));
        config = Files.writeString(dir.resolve("config.yaml"), """
                task: forecast
                seed: 1
                data:
                  train: %s
                  timeColumn: month
                  inputLength: 12
                  horizon: 6
                  origins: 3
                model:
                  layers: [4]
                train:
                  epochs: 2
                """.formatted(series));
        run = dir.resolve("run");
        CliTest.Result r = seq4j("train", config.toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("forecast: 120 steps of [v] (targets [v]), season 12"), r.err());
        assertTrue(r.err().contains("test: MAE") && r.err().contains("(seasonal naive: MAE"), r.err());
    }

    @Test
    void evalPrintsTheModelAndTheBaselines() throws Exception {
        CliTest.Result r = seq4j("eval", run.toString(), "--data", series.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(3, json.get("origins").asInt());
        for (String key : List.of("mae", "rmse", "smape", "mase")) {
            assertTrue(json.get(key).isNumber(), key);
            assertTrue(json.get("seasonalNaive").get(key).isNumber(), key);
        }
        assertTrue(json.get("naive").has("mase") && json.get("drift").has("mase"));
    }

    @Test
    void forecastWritesACsvAndAPlotAfterTheSeriesOrOnAHoldout() throws Exception {
        Path out = dir.resolve("next.csv");
        CliTest.Result r = seq4j("forecast", run.toString(), "--data", series.toString(), "--horizon", "15",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(16, lines.size());                 // 15 steps: two rounds of the run's 6, then 3 more
        assertEquals("month,v,v_lower,v_upper", lines.get(0)); // the run's 90% intervals
        assertTrue(lines.get(1).startsWith("2010-01,") && lines.get(15).startsWith("2011-03,"), lines.toString());
        assertTrue(Files.size(dir.resolve("next.png")) > 1000);
        r = seq4j("forecast", run.toString(), "--data", series.toString(), "--horizon", "6", "--holdout");
        assertEquals(0, r.code(), r.err());
        List<String> held = r.out().lines().toList();
        assertEquals("month,v,v_lower,v_upper,v_actual", held.get(0));
        assertTrue(held.get(1).startsWith("2009-07,"), held.get(1));
        assertTrue(seq4j("forecast", run.toString(), "--data", series.toString(), "--horizon", "0").oneLineError()
                .contains("--horizon: must be at least 1"));
    }

    @Test
    void badSeriesExitTwoWithOneLineAndWriteNothing() throws Exception {
        Path out = dir.resolve("never");
        Path words = Files.writeString(dir.resolve("words.csv"), "month,v\n2000-01,1\n2000-02,high\n");
        assertTrue(seq4j("train", config.toString(), "--set", "data.train=" + words, "--out", out.toString())
                .oneLineError().contains("words.csv line 3, column 'v': 'high' is not a number"));
        Path unsorted = Files.writeString(dir.resolve("unsorted.csv"), "month,v\n2000-02,1\n2000-01,2\n");
        assertTrue(seq4j("train", config.toString(), "--set", "data.train=" + unsorted, "--out", out.toString())
                .oneLineError().contains("unsorted.csv line 3: time '2000-01' comes before line 2's '2000-02'"));
        Path repeated = Files.writeString(dir.resolve("repeated.csv"), "month,v\n2000-01,1\n2000-01,2\n");
        assertTrue(seq4j("train", config.toString(), "--set", "data.train=" + repeated, "--out", out.toString())
                .oneLineError().contains("repeated.csv line 3: time '2000-01' repeats line 2's"));
        Path shortFile = Files.writeString(dir.resolve("short.csv"), monthly(30));
        assertTrue(seq4j("train", config.toString(), "--set", "data.train=" + shortFile, "--out", out.toString())
                .oneLineError().contains("short.csv has 30 steps, too few"));
        Path tiny = Files.writeString(dir.resolve("tiny.csv"), monthly(15));
        assertTrue(seq4j("eval", run.toString(), "--data", tiny.toString()).oneLineError()
                .contains("tiny.csv has 15 steps; the run's inputLength 12, horizon 6 and 3 origin(s) need at least 21"));
        assertTrue(seq4j("train", config.toString(), "--set", "data.valid=data/x.csv", "--out", out.toString())
                .oneLineError().contains("config key 'data.valid': must be a fraction"));
        assertFalse(Files.exists(out));
    }
}
