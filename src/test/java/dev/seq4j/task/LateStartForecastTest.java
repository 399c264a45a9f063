package dev.seq4j.task;

import dev.seq4j.UserException;
import dev.seq4j.config.RunConfig;
import dev.seq4j.data.forecast.ForecastData;
import dev.seq4j.data.forecast.TimeTable;
import dev.seq4j.eval.Backtest;
import dev.seq4j.result.ForecastEvaluation;
import dev.seq4j.result.ForecastSummary;
import dev.seq4j.run.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Series that start later than the table (their first cells empty) in a global model and for ETS: where each
 * series' values are read from, which windows the network learns from, and each bad start's error.
 */
class LateStartForecastTest {
    @TempDir
    static Path dir;
    static Path file;
    static TrainedRun late;

    /** {@link GlobalForecastTest#series} with target c's first {@code from} cells empty. */
    static Path ragged(String name, int n, int from) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String line : GlobalForecastTest.series(n).split("\n")) {
            String[] cells = line.split(",", -1);
            if (!cells[0].equals("t") && Integer.parseInt(cells[0]) < from) {
                cells[3] = "";
            }
            out.append(String.join(",", cells)).append('\n');
        }
        return Files.writeString(dir.resolve(name), out.toString());
    }

    /** {@link GlobalForecastTest#config}'s global network on {@code data}, with {@code data} and {@code model} keys. */
    static RunConfig config(Path data, Map<String, Object> more, Map<String, Object> model) {
        return config(data, more, model, Map.of());
    }

    static RunConfig config(Path data, Map<String, Object> more, Map<String, Object> model,
                            Map<String, Object> train) {
        Map<String, Object> d = new HashMap<>(more);
        d.put("train", data.toString());
        return GlobalForecastTest.config(d, model, train);
    }

    static TrainedRun train(RunConfig config, String name) {
        return Tasks.train(config, dir.resolve(name), new java.io.PrintWriter(new java.io.StringWriter()), null,
                (epoch, best) -> null);
    }

    @BeforeAll
    static void trainLate() throws Exception {
        file = ragged("late.csv", 200, 130);
        late = train(config(file, Map.of(), Map.of()), "late");
    }

    @Test
    void aTargetMayStartLateOnlyWhereTheRunSaysSo() throws Exception {
        Path f = Files.writeString(dir.resolve("gaps.csv"), "t,a,b,x\n1,,5,1\n2,,6,2\n3,4,7,3\n4,5,,4\n5,6,9,5\n");
        TimeTable t = TimeTable.read("data.train", f, "t", List.of("a", "b", "x"), "interpolate",
                dev.seq4j.data.InputFiles.Limit.DATA, new TimeTable.Starts(2, true));
        assertEquals(List.of(2, 0, 0), List.of(t.start(0), t.start(1), t.start(2)));
        assertTrue(Double.isNaN(t.values()[1][0]));          // before a's start: no value, none filled
        assertEquals(8, t.values()[3][1], 1e-12);            // b's gap inside the series: interpolated
        assertEquals(1, t.filled()[1] + t.filled()[0]);
        assertArrayEquals(new double[]{4, 5, 6}, Backtest.column(t.values(), 0, 0, 5), 1e-12);
        // without late starts a target's first gap says what would allow it; a covariate may never start late
        String e = assertThrows(UserException.class, () -> TimeTable.read("data.train", f, "t", List.of("a", "b",
                "x"), "error", dev.seq4j.data.InputFiles.Limit.DATA, new TimeTable.Starts(2, false))).getMessage();
        assertTrue(e.contains("line 2, column 'a': missing value") && e.contains("needs model.global: true"), e);
        Path cov = Files.writeString(dir.resolve("cov.csv"), "t,a,x\n1,1,\n2,2,2\n3,3,3\n");
        e = assertThrows(UserException.class, () -> TimeTable.read("data.train", cov, "t", List.of("a", "x"),
                "previous", dev.seq4j.data.InputFiles.Limit.DATA, new TimeTable.Starts(1, true))).getMessage();
        assertTrue(e.contains("column 'x': missing value before the first known one") && !e.contains("global"), e);
        Path empty = Files.writeString(dir.resolve("empty.csv"), "t,a,b\n1,,1\n2,,2\n");
        e = assertThrows(UserException.class, () -> TimeTable.read("data.train", empty, "t", List.of(), "error",
                dev.seq4j.data.InputFiles.Limit.DATA, new TimeTable.Starts(Integer.MAX_VALUE, true))).getMessage();
        assertTrue(e.contains("line 2, column 'a': no values at all"), e);
    }

    @Test
    void aWindowBeforeASeriesStartIsPaddedAndOnlyWindowsWithinItAreLearned() {
        double[][] v = new double[20][3]; // targets 0 and 1 (from step 8), covariate 2
        for (int i = 0; i < v.length; i++) {
            v[i] = new double[]{i, i < 8 ? Double.NaN : 100 + i, -i};
        }
        ForecastData.Scaler scaler = ForecastData.Scaler.fit(v, 16, false);
        assertEquals(7.5, scaler.mean()[0], 1e-12);
        assertEquals(111.5, scaler.mean()[1], 1e-12);        // steps 8..15 only
        assertEquals(Math.sqrt(5.25), scaler.std()[1], 1e-12);
        ForecastData.Layout last = new ForecastData.Layout(5, 2, 3, 1, false, true);
        // target 1 at origin 10: steps 5..9, its first value 108 repeated before step 8, minus the last (109)
        float[][][] f = last.features(v, ForecastData.Scaler.fit(v, 20, true), List.of(10));
        assertArrayEquals(new float[]{-1, -1, -1, -1, 0}, f[1][0]);
        assertArrayEquals(new float[]{-5, -6, -7, -8, -9}, f[1][1]); // the covariate as it is
        // a season as base: 0 where the step a season before is before the start
        ForecastData.Layout seasonal = new ForecastData.Layout(5, 2, 3, 2, false, true);
        assertArrayEquals(new float[]{0, 0, 0, 2, 2}, seasonal.features(v, ForecastData.Scaler.fit(v, 20, true),
                List.of(12))[1][0]);
        // what the outputs are relative to must lie within the series: origin 9 for the last value, 10 a season of 2
        assertArrayEquals(new boolean[]{true, false, true, true}, last.usable(v, List.of(8, 9)));
        assertArrayEquals(new boolean[]{true, false, true, true}, seasonal.usable(v, List.of(9, 10)));
        // a joint network needs every target at once
        assertArrayEquals(new boolean[]{false, true}, new ForecastData.Layout(5, 2, 3, 1, false, false)
                .usable(v, List.of(8, 9)));
    }

    @Test
    void aGlobalModelLearnsALateSeriesFromItsStartAndForecastsIt() throws Exception {
        RunDirectory run = late.run();
        ForecastSummary s = (ForecastSummary) late.summary();
        assertEquals(List.of("a", "b", "c"), s.targets());
        // c's 70 steps: its test errors are scaled by its own history, and the network learned its trend
        double model = s.test().model().perTarget().get("c").mase();
        double naive = s.test().seasonalNaive().perTarget().get("c").mase();
        assertTrue(model < 0.5 * naive, "c: " + model + " against seasonal naive's " + naive);
        double[][] v = ForecastData.load((dev.seq4j.config.ForecastDataSpec) run.config().data(), true, true)
                .table().values();
        double scale = dev.seq4j.eval.ForecastMetrics.scale(Arrays.copyOfRange(column(v, 2), 130, 191), 12);
        assertEquals(s.test().seasonalNaive().perTarget().get("c").mae() / scale,
                s.test().seasonalNaive().perTarget().get("c").mase(), 1e-9);
        assertFalse(Double.isNaN(s.intervals().testCoverage()));
        // eval, forecast (CLI and API, from a file or from values with c's first ones missing) read it back
        assertEquals(s.testMase(), ((ForecastEvaluation) Tasks.evaluate(run, file)).mase(), 1e-9);
        String csv = Cli.out("forecast", run.root(), "--data", file, "--horizon", 6, "--holdout");
        assertEquals(7, csv.lines().count());
        var forecaster = dev.seq4j.api.Seq4j.load(run.root(), dev.seq4j.api.Forecaster.class);
        TimeTable table = forecaster.read(file);
        double[][] fromFile = forecaster.forecast(table, 6).values();
        Map<String, double[]> values = new java.util.LinkedHashMap<>();
        for (int c = 0; c < 4; c++) {
            values.put(table.columns().get(c), table.column(c));
        }
        assertArrayEquals(fromFile[1], forecaster.forecast(forecaster.table(table.times(), values), 6).values()[1],
                1e-9);
        // over HTTP, c's first values null: the same forecast (127.0.0.1 only)
        try (dev.seq4j.serve.ModelServer server = dev.seq4j.serve.ModelServer.start(Map.of("late", run.root()),
                dev.seq4j.serve.ServeOptions.defaults().withPort(0))) {
            Map<String, List<Double>> json = new java.util.LinkedHashMap<>();
            values.forEach((k, col) -> json.put(k, Arrays.stream(col).mapToObj(x -> Double.isNaN(x) ? null : x)
                    .toList()));
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            String body = mapper.writeValueAsString(Map.of("input", Map.of("times", table.times(), "values", json),
                    "horizon", 6));
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + server.port() + "/v1/models/late/predict"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            var c = mapper.readTree(response.body()).path("output").path("values").path("c");
            for (int k = 0; k < 6; k++) {
                assertEquals(fromFile[2][k], c.get(k).asDouble(), 1e-6, response.body());
            }
        }
        // a history of c shorter than its season: named
        String e = assertThrows(UserException.class, () -> forecaster.forecast(table.head(135), 6)).getMessage();
        assertTrue(e.contains("column 'c' has 5 step(s) before the forecast from its end (from 130)"), e);
    }

    @Test
    void aSeriesThatStartsTooLateOrWithoutAGlobalModelIsAOneLineError() throws Exception {
        // the validation part starts at step 153: c needs a season and a horizon (18 steps) before it
        Path tooLate = ragged("too-late.csv", 200, 150);
        String e = assertThrows(UserException.class, () -> train(config(tooLate, Map.of(), Map.of()),
                "too-late")).getMessage();
        assertTrue(e.contains("column 'c' starts at step 150 (150), 3 steps before the validation part (from 153); "
                + "a series that starts later needs at least 18 steps there (a season of 12 and a horizon of 6), so it "
                + "must start by 135"), e);
        assertTrue(Files.notExists(dir.resolve("too-late")));
        e = assertThrows(UserException.class, () -> train(config(file, Map.of(), Map.of("global", false)),
                "joint")).getMessage();
        assertTrue(e.contains("line 2, column 'c': missing value") && e.contains("model.global: true"), e);
        // ETS fits each series from its own start: its baselines and forecasts are those of c's values alone
        TrainedRun ets = train(config(file, Map.of("covariates", List.of(), "targets", List.of("c")),
                Map.of("global", false, "forecaster", "ets")), "ets");
        ForecastSummary s = (ForecastSummary) ets.summary();
        assertEquals(s.test().ets().perTarget().get("c").mae(), s.test().model().perTarget().get("c").mae(), 1e-9);
        assertTrue(s.test().model().perTarget().get("c").mase() < 1, s.test().model().perTarget().toString());
    }

    @Test
    void aLongFileTrainsAsTheWideFileOfItsSeries() throws Exception {
        // late.csv as a long file: a row per series and step, c's rows from step 130, the covariate left out
        StringBuilder text = new StringBuilder("id,t,v\n");
        List<String> lines = Files.readAllLines(file);
        for (String series : List.of("a", "b", "c")) {
            int col = List.of(lines.get(0).split(",")).indexOf(series);
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                if (!cells[col].isEmpty()) {
                    text.append(series).append(',').append(cells[0]).append(',').append(cells[col]).append('\n');
                }
            }
        }
        Path longFile = Files.writeString(dir.resolve("long.csv"), text);
        TrainedRun wide = train(config(file, Map.of("covariates", List.of(), "targets", List.of("a", "b", "c")),
                Map.of("layers", List.of(8)), Map.of("epochs", 4)), "wide-no-x");
        TrainedRun longRun = train(config(longFile, Map.of("covariates", List.of(), "idColumn", "id"),
                Map.of("layers", List.of(8)), Map.of("epochs", 4)), "long");
        ForecastSummary w = (ForecastSummary) wide.summary();
        ForecastSummary l = (ForecastSummary) longRun.summary();
        assertEquals(w.targets(), l.targets());
        assertEquals(w.testMase(), l.testMase(), 1e-12);
        assertEquals(List.of("v"), ((dev.seq4j.config.ForecastDataSpec) longRun.run().config().data()).targets());
        assertEquals(l.testMase(), ((ForecastEvaluation) Tasks.evaluate(longRun.run(), longFile)).mase(), 1e-12);
        // forecast writes it back as it came: a row per series and step
        List<String> csv = Cli.out("forecast", longRun.run().root(), "--data", longFile, "--horizon", 2).lines()
                .toList();
        assertEquals("id,t,v,v_lower,v_upper", csv.get(0));
        assertEquals(7, csv.size());
        assertTrue(csv.get(5).startsWith("c,200,") && csv.get(6).startsWith("c,201,"), csv.toString());
        // a directory of a file per series: the same run again, and the same rows back
        Path series = Files.createDirectories(dir.resolve("series"));
        for (String name : List.of("a", "b", "c")) {
            Files.writeString(series.resolve(name + ".csv"), "t," + name + "\n" + text.toString().lines()
                    .filter(line -> line.startsWith(name + ",")).map(line -> line.substring(2))
                    .collect(java.util.stream.Collectors.joining("\n")) + "\n");
        }
        TrainedRun fromDir = train(config(series, Map.of("covariates", List.of()), Map.of("layers", List.of(8)),
                Map.of("epochs", 4)), "directory");
        assertEquals(w.testMase(), ((ForecastSummary) fromDir.summary()).testMase(), 1e-12);
        List<String> rows = Cli.out("forecast", fromDir.run().root(), "--data", series, "--horizon", 2).lines()
                .toList();
        assertEquals("series,t,value,value_lower,value_upper", rows.get(0));
        assertEquals(csv.subList(1, 7), rows.subList(1, 7)); // as the long file's run forecast them
        // a long file's one value column is each series' own: no covariates to share
        var e = assertThrows(dev.seq4j.config.ConfigException.class, () -> config(longFile,
                Map.of("idColumn", "id"), Map.of()));
        assertEquals("data.covariates", e.key());
    }

    private static double[] column(double[][] v, int c) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i][c];
        }
        return out;
    }
}
