package dev.seq4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.classical.Ets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.seq4j.cli.CliTest.seq4j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code model.forecaster: ets | theta | auto} and {@code data.inputLength: auto} as a user runs them: a run without a
 * network that evaluates, forecasts and loads like any; auto's choice on the validation origins; short series.
 */
class ClassicalForecastCliTest {
    @TempDir
    Path dir;

    static final ObjectMapper JSON = new ObjectMapper();

    Path config(Path series, String forecaster, int horizon, String extra) throws Exception {
        return Files.writeString(dir.resolve(forecaster + ".yaml"), """
                task: forecast
                seed: 1
                data:
                  train: %s
                  horizon: %d
                %s
                model:
                  forecaster: %s
                  layers: [4]
                train:
                  epochs: 2
                """.formatted(series, horizon, extra, forecaster));
    }

    @Test
    void etsRunsWithoutANetworkAndForecastsAsAnyRun() throws Exception {
        Path series = Files.writeString(dir.resolve("monthly.csv"), ForecastCliTest.monthly(96));
        Path run = dir.resolve("ets");
        CliTest.Result r = seq4j("train", config(series, "ets", 6, "  origins: 2").toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("ets fitted to each target's past, no network"), r.err());
        assertTrue(r.err().contains("forecaster: ets\ntest: MAE"), r.err());
        assertFalse(Files.exists(run.resolve("model.zip")));
        JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
        assertEquals("ets", summary.path("method").path("name").asText());
        assertEquals(0, summary.path("bestEpoch").asInt());
        assertFalse(summary.has("validLoss"));
        // the run's test errors are ETS's own, fitted at each origin
        assertEquals(summary.path("test").path("ets").path("mae").asDouble(), summary.path("testMae").asDouble(), 1e-12);

        CliTest.Result eval = seq4j("eval", run.toString(), "--data", series.toString());
        assertEquals(0, eval.code(), eval.err());
        JsonNode e = JSON.readTree(eval.out());
        assertEquals(e.path("ets").path("mae").asDouble(), e.path("mae").asDouble(), 1e-12);

        Path out = dir.resolve("next.csv");
        CliTest.Result f = seq4j("forecast", run.toString(), "--data", series.toString(), "--horizon", "14",
                "--out", out.toString());
        assertEquals(0, f.code(), f.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(15, lines.size());
        // ETS's own forecast of all 96 steps, 14 ahead in one go (no rounds of the run's horizon)
        double[] y = new double[96];
        List<String> rows = Files.readAllLines(series);
        for (int t = 0; t < 96; t++) {
            y[t] = Double.parseDouble(rows.get(t + 1).split(",")[1]);
        }
        double[] expected = Ets.select(y, 12).forecast(14);
        for (int k = 0; k < 14; k++) {
            assertEquals(expected[k], Double.parseDouble(lines.get(k + 1).split(",")[1]), 1e-4 * Math.abs(expected[k]));
        }
        dev.seq4j.api.Forecaster model = dev.seq4j.api.Seq4j.load(run, dev.seq4j.api.Forecaster.class);
        assertEquals(List.of("v"), model.targets());
        // a network cannot start from it
        CliTest.Result init = seq4j("train", config(series, "direct", 6, "").toString(), "--init", run.toString(),
                "--out", dir.resolve("from-ets").toString());
        assertEquals("seq4j: error: config key 'train.init': " + run + " trained no network (its model.forecaster is "
                + "ets); there are no weights to start from", init.oneLineError());
        assertFalse(Files.exists(dir.resolve("from-ets")));
    }

    @Test
    void autoChoosesOnTheValidationOriginsAndForecastsWithTheChoice() throws Exception {
        Path series = Files.writeString(dir.resolve("monthly.csv"), ForecastCliTest.monthly(120));
        Path run = dir.resolve("auto");
        CliTest.Result r = seq4j("train", config(series, "auto", 6, "").toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        // the defaults: inputLength auto is three seasons here, and the run's config says so
        assertTrue(r.err().contains("validation windows of 36 -> 6 steps"), r.err());
        // so are the time column (the first, as the file has no 't') and inputLength
        String saved = Files.readString(run.resolve("config.yaml"));
        assertTrue(saved.contains("timeColumn: month") && saved.contains("inputLength: 36"), saved);
        JsonNode method = JSON.readTree(run.resolve("summary.json").toFile()).path("method");
        JsonNode scores = method.path("validation");
        assertEquals(List.of("network", "ets", "theta", "ets+theta", "network+ets+theta", "seasonalNaive"),
                iterable(scores.fieldNames()));
        String best = null;
        for (String name : iterable(scores.fieldNames())) {
            if (best == null || scores.get(name).asDouble() < scores.get(best).asDouble()) {
                best = name;
            }
        }
        assertEquals(best, method.path("name").asText());
        assertTrue(method.path("validationOrigins").asInt() > 0);
        // 90% intervals from the chosen method's validation errors, their test coverage, and in eval and forecast
        JsonNode intervals = JSON.readTree(run.resolve("summary.json").toFile()).path("intervals");
        assertEquals(0.9, intervals.path("level").asDouble(), 1e-12);
        if (method.path("name").asText().contains("network")) { // calibrated where it was validated
            assertEquals("validation", intervals.path("from").asText());
            assertEquals(method.path("validationOrigins").asInt(), intervals.path("origins").asInt());
        } else { // refitted at each origin: calibrated over the history, more origins than auto compared on
            assertEquals("history", intervals.path("from").asText());
            assertTrue(intervals.path("origins").asInt() > method.path("validationOrigins").asInt(), intervals.toString());
        }
        assertEquals(6, intervals.path("halfWidth").path("v").size());
        double coverage = intervals.path("testCoverage").asDouble();
        assertTrue(coverage >= 0 && coverage <= 1, intervals.toString());
        assertTrue(r.err().contains("90% intervals (from "), r.err());
        CliTest.Result e = seq4j("eval", run.toString(), "--data", series.toString());
        assertEquals(coverage, JSON.readTree(e.out()).path("coverage").asDouble(), 1e-12); // the same single origin
        CliTest.Result f = seq4j("forecast", run.toString(), "--data", series.toString(), "--horizon", "6");
        assertEquals(0, f.code(), f.err());
        List<String> lines = f.out().lines().toList();
        assertEquals("month,v,v_lower,v_upper", lines.get(0));
        String[] first = lines.get(1).split(",");
        double width = intervals.path("halfWidth").path("v").get(0).asDouble();
        assertEquals(Double.parseDouble(first[1]) - width, Double.parseDouble(first[2]), 1e-3 * Math.abs(width) + 1e-3);
        assertEquals(Double.parseDouble(first[1]) + width, Double.parseDouble(first[3]), 1e-3 * Math.abs(width) + 1e-3);
        // the series is positive: the widths are fractions of the last value, so a series twice as high gets
        // intervals twice as wide
        List<String> rows = Files.readAllLines(series);
        double last = Double.parseDouble(rows.get(rows.size() - 1).split(",")[1]);
        assertEquals(width, intervals.path("relativeHalfWidth").path("v").get(0).asDouble() * last, 1e-9 * width);
        StringBuilder doubled = new StringBuilder(rows.get(0)).append('\n');
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            doubled.append(cells[0]).append(',').append(2 * Double.parseDouble(cells[1])).append('\n');
        }
        Path twice = Files.writeString(dir.resolve("twice.csv"), doubled);
        CliTest.Result g = seq4j("forecast", run.toString(), "--data", twice.toString(), "--horizon", "6");
        assertEquals(0, g.code(), g.err());
        String[] high = g.out().lines().toList().get(1).split(",");
        assertEquals(2 * width, Double.parseDouble(high[3]) - Double.parseDouble(high[1]), 1e-3 * width + 1e-3);
        // from a last value of 0 the band is not nothing: it is scaled by the lowest level before the test part
        double lowest = rows.subList(1, rows.size() - 6).stream().mapToDouble(row -> Double.parseDouble(row.split(",")[1]))
                .min().orElseThrow();
        assertEquals(lowest, intervals.path("relativeLevelFloor").path("v").asDouble(), 1e-9 * lowest);
        StringBuilder zero = new StringBuilder(String.join("\n", rows.subList(0, rows.size() - 1))).append('\n')
                .append(rows.get(rows.size() - 1).split(",")[0]).append(",0\n");
        CliTest.Result z = seq4j("forecast", run.toString(), "--data",
                Files.writeString(dir.resolve("zero.csv"), zero).toString(), "--horizon", "6");
        assertEquals(0, z.code(), z.err());
        String[] fromZero = z.out().lines().toList().get(1).split(",");
        assertEquals(intervals.path("relativeHalfWidth").path("v").get(0).asDouble() * lowest,
                Double.parseDouble(fromZero[3]) - Double.parseDouble(fromZero[1]), 1e-3 * width + 1e-3);
        // a summary whose floor is not a positive level is a corrupt file, named in one line
        Path summary = run.resolve("summary.json");
        String text = Files.readString(summary);
        Files.writeString(summary, text.replaceFirst("\"relativeLevelFloor\" : \\{\\s*\"v\" : [0-9.eE+-]+",
                "\"relativeLevelFloor\" : { \"v\" : -1"));
        CliTest.Result corrupt = seq4j("forecast", run.toString(), "--data", series.toString(), "--horizon", "6");
        assertEquals(2, corrupt.code(), corrupt.err());
        assertTrue(corrupt.err().contains("'intervals.relativeLevelFloor.v' is not a positive level"), corrupt.err());
        Files.writeString(summary, text);
    }

    @Test
    void autoOnASeriesTooShortForANetworkChoosesBetweenTheClassics() throws Exception {
        // 40 monthly steps, horizon 12: no room for a network's training and validation windows
        Path series = Files.writeString(dir.resolve("short.csv"), ForecastCliTest.monthly(40));
        Path run = dir.resolve("short");
        CliTest.Result r = seq4j("train", config(series, "auto", 12, "").toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("forecast: no network (") && r.err().contains("choosing between ETS and Theta"),
                r.err());
        JsonNode method = JSON.readTree(run.resolve("summary.json").toFile()).path("method");
        assertFalse(method.path("validation").has("network"), method.toString());
        assertFalse(Files.exists(run.resolve("model.zip")));
        // no origin has three seasons before it: the intervals come from the validation origins, as many as auto used
        JsonNode intervals = JSON.readTree(run.resolve("summary.json").toFile()).path("intervals");
        assertEquals("validation", intervals.path("from").asText(), intervals.toString());
        assertEquals(method.path("validationOrigins").asInt(), intervals.path("origins").asInt());
    }

    /**
     * Several series in one file: auto forecasts each with the candidate of its own lowest validation MASE, as if each
     * were run alone (here a season that repeats exactly, which seasonal naive forecasts without error, beside a
     * straight trend, which it misses by a season of growth), and every way of forecasting the run reads that plan.
     */
    @Test
    void autoChoosesEachSeriesMethodOnItsOwnValidation() throws Exception {
        StringBuilder csv = new StringBuilder("month,season,trend\n");
        for (int t = 0; t < 40; t++) {
            csv.append(String.format(java.util.Locale.ROOT, "%04d-%02d,%.3f,%.3f%n", 2000 + t / 12, t % 12 + 1,
                    50 + 3 * Math.sin(2 * Math.PI * t / 12) + (t % 12 == 5 ? 4 : 0), 20 + 0.5 * t));
        }
        Path series = Files.writeString(dir.resolve("two.csv"), csv.toString());
        Path run = dir.resolve("two");
        CliTest.Result r = seq4j("train", config(series, "auto", 12, "").toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
        String name = summary.path("method").path("name").asText();
        dev.seq4j.eval.ForecastPlan plan = dev.seq4j.eval.ForecastPlan.parse(name);
        assertTrue(plan.perTarget(), name);
        assertEquals("seasonalNaive", plan.of(0).toString(), name);
        assertTrue(!plan.of(1).parts().contains("seasonalNaive"), name);
        // each target's test errors are its own method's
        JsonNode test = summary.path("test");
        JsonNode model = test.path("model").path("perTarget");
        assertEquals(test.path("seasonalNaive").path("perTarget").path("season").path("mae").asDouble(),
                model.path("season").path("mae").asDouble(), 1e-12);
        // eval, forecast and the typed API read the plan back
        CliTest.Result eval = seq4j("eval", run.toString(), "--data", series.toString());
        assertEquals(0, eval.code(), eval.err());
        assertEquals(summary.path("testMae").asDouble(), JSON.readTree(eval.out()).path("mae").asDouble(), 1e-9);
        var forecaster = dev.seq4j.api.Seq4j.load(run, dev.seq4j.api.Forecaster.class);
        double[][] f = forecaster.forecast(forecaster.read(series), 12).values();
        double[][] v = forecaster.read(series).values();
        for (int k = 0; k < 12; k++) {
            assertEquals(v[40 - 12 + k][0], f[0][k], 1e-9, "seasonal naive repeats the last season, step " + k);
        }
        // a summary that names the methods of another number of targets is corrupt
        Path corrupt = dir.resolve("corrupt");
        seq4j("train", config(series, "auto", 12, "").toString(), "--out", corrupt.toString());
        Path file = corrupt.resolve("summary.json");
        Files.writeString(file, Files.readString(file).replace("\"" + name + "\"", "\"ets|theta|ets\""));
        CliTest.Result bad = seq4j("forecast", corrupt.toString(), "--data", series.toString(), "--horizon", "12");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("'method.name' names 3 targets' methods; the run has 2"), bad.err());
    }

    /**
     * Under three seasons and no validation origin: seasonal naive, which needs a season of history to forecast from,
     * so the run asks for one (the typed API, forecast, serve) rather than failing inside.
     */
    @Test
    void aSeasonalSeriesTooShortForEtsForecastsWithSeasonalNaive() throws Exception {
        Path series = Files.writeString(dir.resolve("thirty.csv"), ForecastCliTest.monthly(30));
        Path run = dir.resolve("thirty");
        CliTest.Result r = seq4j("train", config(series, "auto", 12, "").toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("seasonalNaive", JSON.readTree(run.resolve("summary.json").toFile()).path("method").path("name")
                .asText());
        dev.seq4j.api.Forecaster model = dev.seq4j.api.Seq4j.load(run, dev.seq4j.api.Forecaster.class);
        assertEquals(12, model.inputLength());
        var table = model.read(series);
        assertEquals(table.column(0)[18], model.forecast(table.head(19), 12).values()[0][11], 1e-9);
        dev.seq4j.UserException e = org.junit.jupiter.api.Assertions.assertThrows(dev.seq4j.UserException.class,
                () -> model.forecast(table.head(8), 3));
        assertTrue(e.getMessage().contains("has 8 steps; the run reads 12 before the forecast"), e.getMessage());
    }

    /** Weekly dates (season 52) and validation origins with less than a season before them: auto skips those. */
    @Test
    void autoOnAShortWeeklySeriesSkipsOriginsWithoutASeasonOfHistory() throws Exception {
        StringBuilder csv = new StringBuilder("week,v\n");
        java.time.LocalDate day = java.time.LocalDate.of(2020, 1, 6);
        for (int t = 0; t < 70; t++) {
            csv.append(day.plusWeeks(t)).append(',').append(10 + Math.sin(t / 3.0) + 0.01 * t).append('\n');
        }
        Path series = Files.writeString(dir.resolve("weekly.csv"), csv.toString());
        CliTest.Result r = seq4j("train", config(series, "auto", 8, "").toString(), "--out",
                dir.resolve("weekly").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("season 52"), r.err());
    }

    @Test
    void aSeriesTooShortForAnyForecasterSaysHowLongItMustBe() throws Exception {
        Path series = Files.writeString(dir.resolve("tiny.csv"), ForecastCliTest.monthly(20));
        CliTest.Result r = seq4j("train", config(series, "auto", 12, "").toString(), "--out",
                dir.resolve("tiny").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("seq4j: error: data.train: " + series + " has 20 steps, too few to forecast at all: horizon 12 "
                + "and 1 test origin(s) with 13 steps of history before them (season 12) need at least 25",
                r.oneLineError());
        assertFalse(Files.exists(dir.resolve("tiny")));
    }

    @Test
    void classicalForecastersReadNoCovariates() throws Exception {
        Path series = Files.writeString(dir.resolve("two.csv"), ForecastCliTest.monthly(60).lines().map(l -> l.startsWith("month") ? l + ",x" : l + ",1").reduce("", (a, b) -> a + b + "\n"));
        CliTest.Result r = seq4j("train", config(series, "theta", 6, "  covariates: [x]").toString(), "--out",
                dir.resolve("cov").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("seq4j: error: config key 'model.forecaster': theta forecasts each target from its own past "
                + "and reads no covariates; data.covariates lists [x]", r.oneLineError());
    }

    static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
