package dev.seq4j.task;

import dev.seq4j.UserException;
import dev.seq4j.config.ConfigLoader;
import dev.seq4j.config.ForecastDataSpec;
import dev.seq4j.config.RunConfig;
import dev.seq4j.data.forecast.ForecastData;
import dev.seq4j.data.forecast.TimeTable;
import dev.seq4j.result.ForecastEvaluation;
import dev.seq4j.result.ForecastSummary;
import dev.seq4j.run.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A monthly-like series, a season of 12 plus a trend: seasonal naive is off by a season's worth of trend at every
 * step, which a forecaster that reads the last 24 steps can learn to add. The split never lets a training window
 * see a validation or test target.
 */
class ForecastTaskTest {
    @TempDir
    static Path dir;
    static TrainedRun outcome;
    static Path file;

    static String seasonal(int n, double trend) {
        StringBuilder out = new StringBuilder("t,y,x\n");
        for (int t = 0; t < n; t++) {
            out.append(String.format(java.util.Locale.ROOT, "%d,%.5f,%.5f%n", t,
                    10 + trend * t + 5 * Math.sin(2 * Math.PI * t / 12), Math.cos(2 * Math.PI * t / 12)));
        }
        return out.toString();
    }

    static RunConfig config(Path file, Map<String, Object> data) {
        Map<String, Object> d = new java.util.HashMap<>(Map.of("train", file.toString(), "inputLength", 24,
                "horizon", 6, "origins", 12, "season", 12, "covariates", List.of("x")));
        d.putAll(data);
        return ConfigLoader.fromTree((com.fasterxml.jackson.databind.node.ObjectNode) ConfigLoader.YAML
                .valueToTree(Map.of("task", "forecast", "seed", 2, "data", d,
                        "model", Map.of("layers", List.of(16)),
                        "train", Map.of("epochs", 40, "batchSize", 16, "learningRate", 0.01, "patience", 0))));
    }

    @BeforeAll
    static void train() throws Exception {
        file = Files.writeString(dir.resolve("series.csv"), seasonal(300, 0.2));
        outcome = Tasks.train(config(file, Map.of()), dir.resolve("run"), new PrintWriter(new StringWriter()),
                null, (epoch, best) -> null);
    }

    /** A record as the JSON that summary.json and eval hold. */
    static com.fasterxml.jackson.databind.JsonNode json(Object record) {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(record);
    }

    @Test
    void theSplitIsByTimeWithoutLeakage() {
        ForecastDataSpec spec = (ForecastDataSpec) config(file, Map.of()).data();
        ForecastData data = ForecastData.load(spec);
        ForecastData.Split s = data.split();
        assertEquals(300 - 6 - 11, s.testStart());                  // 12 origins, stride 1, the last ending at 300
        assertEquals(List.of(283, 294), List.of(s.test().get(0), s.test().get(11)));
        int lastTrainTarget = s.train().get(s.train().size() - 1) + 6 - 1;
        assertTrue(lastTrainTarget < s.validStart(), lastTrainTarget + " vs " + s.validStart());
        int lastValidTarget = s.valid().get(s.valid().size() - 1) + 6 - 1;
        assertTrue(lastValidTarget < s.testStart(), lastValidTarget + " vs " + s.testStart());
        assertEquals(24, s.train().get(0));                         // the first window has a full input
        assertEquals(List.of("y", "x"), data.table().columns());    // targets first, then covariates
        assertEquals(1, data.targets());
    }

    @Test
    void relativeSeasonForecastsWhatSeasonalNaiveMisses() throws Exception {
        ForecastDataSpec spec = (ForecastDataSpec) config(file, Map.of()).data();
        assertEquals(ForecastDataSpec.Relative.SEASON, spec.relative());       // the default
        assertEquals(12, spec.base(12, false));                                // seasonal naive is the base
        assertEquals(1, spec.base(12, true));                                  // a decoder: the last value
        assertEquals(1, spec.base(1, false));                                  // no season: the last value
        assertEquals(1, ((ForecastDataSpec) config(file, Map.of("inputLength", 6)).data()).base(12, false));
        // configs written before 'season' said true (the last value) or false (absolute windows)
        assertEquals(1, ((ForecastDataSpec) config(file, Map.of("relative", true)).data()).base(12, false));
        assertEquals(0, ((ForecastDataSpec) config(file, Map.of("relative", false)).data()).base(12, false));
        assertEquals("last", ((ForecastDataSpec) config(file, Map.of("relative", "LAST")).data()).relative().toString());
        assertEquals("data.relative", assertThrows(dev.seq4j.config.ConfigException.class,
                () -> config(file, Map.of("relative", "seasonal"))).key());

        // a series that repeats its season exactly: its labels relative to seasonal naive are all 0, and the
        // forecast of outputs 0 is seasonal naive itself; labels and forecast are inverses
        double[][] v = new double[40][1];
        for (int i = 0; i < v.length; i++) {
            v[i][0] = 3 + (i % 4) * (i % 4);
        }
        ForecastData.Scaler scaler = new ForecastData.Scaler(new double[]{2}, new double[]{3});
        float[][] labels = ForecastData.labels(v, scaler, List.of(10, 21), 1, 6, 4);
        for (float[] row : labels) {
            for (float x : row) {
                assertEquals(0, x, 1e-6);
            }
        }
        // its inputs are seasonal differences too (0 before the series has a season to look back on), while with the
        // last value as base they are the shape of the window
        for (float x : ForecastData.features(v, scaler, List.of(21, 8), 8, 1, 4)[1][0]) {
            assertEquals(0, x, 1e-6);
        }
        float[] shape = ForecastData.features(v, scaler, List.of(21), 8, 1, 1)[0][0];
        assertEquals((v[13][0] - v[20][0]) / 3, shape[0], 1e-6);
        assertEquals(0, shape[7], 1e-6);
        double[][] f = ForecastData.forecast(new double[6], v, scaler, 21, 1, 6, 4);
        for (int k = 0; k < 6; k++) {
            assertEquals(v[21 - 4 + k % 4][0], f[0][k], 1e-9);
        }
        float[][] last = ForecastData.labels(v, scaler, List.of(21), 1, 6, 1);
        double[] out = new double[6];
        for (int k = 0; k < 6; k++) {
            out[k] = last[0][k];
        }
        double[][] back = ForecastData.forecast(out, v, scaler, 21, 1, 6, 1);
        for (int k = 0; k < 6; k++) {
            assertEquals(v[21 + k][0], back[0][k], 1e-5);
        }

        // resolved at the start: kept for a series whose changes follow its season, the last value otherwise
        RunConfig seasonal = new ForecastTask().resolve(config(file, Map.of()));
        assertEquals(ForecastDataSpec.Relative.SEASON, ((ForecastDataSpec) seasonal.data()).relative());
        java.util.Random random = new java.util.Random(3);
        StringBuilder walk = new StringBuilder("t,y,x\n");
        double y = 0;
        for (int t = 0; t < 300; t++) {
            y += random.nextGaussian();
            walk.append(t).append(',').append(y).append(",0\n");
        }
        Path wandering = Files.writeString(dir.resolve("walk.csv"), walk);
        RunConfig resolved = new ForecastTask().resolve(config(wandering, Map.of()));
        assertEquals(ForecastDataSpec.Relative.LAST, ((ForecastDataSpec) resolved.data()).relative());
        assertTrue(ConfigLoader.YAML.writeValueAsString(resolved).contains("relative: \"last\"")
                || ConfigLoader.YAML.writeValueAsString(resolved).contains("relative: last"));
    }

    @Test
    void theModelBeatsSeasonalNaiveOnTheTrend() {
        ForecastSummary s = (ForecastSummary) outcome.summary();
        double model = s.testMase();
        double naive = s.seasonalNaiveTestMase();
        // seasonal naive misses 12 * 0.2 = 2.4 per step; its in-sample scale is the same 2.4, so its MASE is 1
        assertEquals(1.0, naive, 1e-3);
        assertTrue(model < 0.5 * naive, "model MASE " + model);
        // the trivial model is the naive forecast of the same backtest, which the model beats: no warning
        ForecastSummary.Trivial trivial = s.trivial();
        assertEquals("the naive forecast, the last value repeated", trivial.model());
        assertEquals(s.test().naive().mae(), trivial.testMae());
        assertTrue(s.testMae() < trivial.testMae());
        assertEquals(List.of(), s.warnings());
        assertFalse(json(s).has("warnings"), s.toString());     // and summary.json has no empty list
        for (String f : List.of(RunDirectory.MODEL, ForecastTask.SCALER, ForecastTask.COLUMNS, ForecastTask.PLOT,
                RunDirectory.SUMMARY)) {
            assertTrue(Files.exists(outcome.run().path(f)), f);
        }
        try {
            java.awt.image.BufferedImage plot = javax.imageio.ImageIO.read(outcome.run().path(ForecastTask.PLOT).toFile());
            assertEquals(900, plot.getWidth());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theHeadlinesStateTheBacktestAgainstSeasonalNaive() {
        Path golden = Path.of("src/test/resources/golden/runs-0.1.0/forecast");
        ForecastSummary s = (ForecastSummary) Tasks.summary(RunDirectory.open(golden.resolve("run")));
        assertEquals("valid: mse 0.8587 (scaled)\ntest: MAE 0.9349, RMSE 1.0634, sMAPE 1.74%, MASE 0.7790 "
                + "(seasonal naive: MAE 1.2000, MASE 1.0000)", s.headline().replace(System.lineSeparator(), "\n"));
        ForecastSummary constant = new ForecastSummary(s.task(), s.status(), s.stopReason(), s.epochs(),
                s.bestEpoch(), s.model(), s.method(), s.intervals(), s.targets(), s.covariates(), s.season(), s.missingFilled(), s.validLoss(),
                s.objective(), s.testMae(), s.testRmse(), s.testSmape(), null, null, s.seasonalNaiveTestMae(),
                s.trivial(), s.warnings(), s.test(), s.members(), s.trainSeconds(), s.runSeconds());
        assertTrue(constant.headline().endsWith("MASE undefined (constant training series) (seasonal naive: MAE "
                + "1.2000, MASE undefined (constant training series))"), constant.headline());
        ForecastEvaluation e = (ForecastEvaluation) Tasks.evaluate(RunDirectory.open(golden.resolve("run")),
                golden.resolve("data/monthly.csv"));
        // the series is a line plus an exact season: ETS (additive trend and season) forecasts it exactly
        assertEquals("2 origin(s) of 3 steps: MAE 0.9349, MASE 0.7790 (seasonal naive: MAE 1.2000, MASE 1.0000; "
                + "ETS: MAE 0.0000, MASE 0.0000; Theta: MAE 0.1251, MASE 0.1042)", e.headline());
    }

    @Test
    void evaluateBacktestsTheLastOriginsOfAnotherFile() throws Exception {
        Path other = Files.writeString(dir.resolve("other.csv"), seasonal(120, 0.2));
        ForecastEvaluation e = (ForecastEvaluation) Tasks.evaluate(outcome.run(), other);
        assertEquals(12, e.origins());
        for (double x : new double[]{e.mae(), e.rmse(), e.smape(), e.mase()}) {
            assertTrue(Double.isFinite(x), e.toString());
        }
        assertEquals(1.0, e.seasonalNaive().mase(), 1e-3);
        Path shortFile = Files.writeString(dir.resolve("short.csv"), seasonal(30, 0.2));
        assertTrue(assertThrows(UserException.class, () -> Tasks.evaluate(outcome.run(), shortFile)).getMessage()
                .contains("has 30 steps"));
    }

    @Test
    void theEncoderDecoderUnrollsTheHorizonAndAlsoBeatsSeasonalNaive() throws Exception {
        RunConfig base = config(file, Map.of("covariates", List.of(), "targets", List.of("y")));
        RunConfig config = ConfigLoader.fromTree((com.fasterxml.jackson.databind.node.ObjectNode) ConfigLoader.YAML
                .valueToTree(Map.of("task", "forecast", "seed", 2,
                        "data", ConfigLoader.YAML.convertValue(base.data(), Map.class),
                        "model", Map.of("layers", List.of(16), "forecaster", "autoregressive"),
                        "train", Map.of("epochs", 40, "batchSize", 16, "learningRate", 0.01, "patience", 0))));
        TrainedRun ar = Tasks.train(config, dir.resolve("ar"), new PrintWriter(new StringWriter()), null,
                (epoch, best) -> null);
        double model = ((ForecastSummary) ar.summary()).testMase();
        assertTrue(model < 0.5, "encoder-decoder MASE " + model);
        // an ensemble's validation loss, computed from outputs, is the trainer's valid_loss for one decoder (fed the
        // true previous steps, its squared errors summed over the horizon)
        ForecastDataSpec spec = (ForecastDataSpec) ar.run().config().data();
        ForecastData data = ForecastData.load(spec);
        assertEquals(((ForecastSummary) ar.summary()).validLoss(), ForecastTask.validLoss(List.of(ar.run().model()),
                data.table().values(), data.scaler(), data.split().valid(), new ForecastData.Layout(spec.inputLength(),
                1, spec.horizon(), spec.base(data.season(), true), true, false)), 1e-5);
        // forecasting past the end in rounds feeds the decoder its own steps
        assertEquals(11, Cli.out("forecast", ar.run().root(), "--data", file, "--horizon", 10).lines().count());
    }

    @Test
    void anEnsembleForecastsTheMeanOfItsMembersEachAsTrainedAlone() throws Exception {
        Map<String, Object> data = Map.of("covariates", List.of(), "targets", List.of("y"));
        java.util.function.BiFunction<Integer, Integer, RunConfig> config = (seed, ensemble) -> ConfigLoader.fromTree(
                (com.fasterxml.jackson.databind.node.ObjectNode) ConfigLoader.YAML.valueToTree(Map.of("task",
                        "forecast", "seed", seed, "data", ConfigLoader.YAML.convertValue(config(file, data).data(),
                                Map.class), "model", Map.of("layers", List.of(8), "ensemble", ensemble),
                        "train", Map.of("epochs", 6, "batchSize", 16, "learningRate", 0.01, "patience", 0))));
        StringWriter console = new StringWriter();
        TrainedRun both = Tasks.train(config.apply(2, 2), dir.resolve("ensemble"), new PrintWriter(console), null,
                (epoch, best) -> null);
        assertTrue(console.toString().contains("member 2: epoch 6/6"), console.toString());
        assertTrue(Files.exists(both.run().nested(RunDirectory.memberPath(2)).path(RunDirectory.MODEL)));
        List<ForecastSummary> alone = new java.util.ArrayList<>();
        for (int seed : new int[]{2, 3}) {
            alone.add((ForecastSummary) Tasks.train(config.apply(seed, 1), dir.resolve("alone-" + seed),
                    new PrintWriter(new StringWriter()), null, (epoch, best) -> null).summary());
        }
        ForecastSummary s = (ForecastSummary) both.summary();
        assertEquals(2, s.model().ensemble());
        assertEquals(1, alone.get(0).model().ensemble());
        assertEquals(2, both.run().summary().path("model").path("ensemble").asInt());
        assertTrue(RunDirectory.open(dir.resolve("alone-2")).summary().path("model").path("ensemble").isMissingNode(),
                "one network's summary.json keeps its keys");
        assertNull(alone.get(0).members());
        assertEquals(List.of(2L, 3L), s.members().stream().map(ForecastSummary.Member::seed).toList());
        assertEquals(List.of(".", RunDirectory.memberPath(2)), s.members().stream().map(ForecastSummary.Member::directory)
                .toList());
        // each member is the run its seed trains alone, and the ensemble forecasts their mean
        double[][] mean = new double[1][6];
        for (int m = 0; m < 2; m++) {
            assertEquals(alone.get(m).testMase(), s.members().get(m).testMase(), 1e-6);
            assertEquals(alone.get(m).validLoss(), s.members().get(m).validLoss(), 1e-6);
            var single = dev.seq4j.api.Seq4j.load(dir.resolve("alone-" + (m + 2)), dev.seq4j.api.Forecaster.class);
            double[][] f = single.forecast(single.read(file), 6).values();
            for (int k = 0; k < 6; k++) {
                mean[0][k] += f[0][k] / 2;
            }
        }
        var ensemble = dev.seq4j.api.Seq4j.load(both.run().root(), dev.seq4j.api.Forecaster.class);
        double[][] f = ensemble.forecast(ensemble.read(file), 6).values();
        for (int k = 0; k < 6; k++) {
            assertEquals(mean[0][k], f[0][k], 1e-4 * Math.abs(mean[0][k]), "step " + k);
        }
        // the mean output's squared error is at most the members' mean one's; eval loads the members back
        assertTrue(s.validLoss() <= (s.members().get(0).validLoss() + s.members().get(1).validLoss()) / 2,
                s.validLoss() + " " + s.members());
        assertTrue(Math.abs(s.testMase() - s.members().get(0).testMase()) > 1e-6, "the ensemble is not member 1");
        assertEquals(s.testMase(), ((ForecastEvaluation) Tasks.evaluate(both.run(), file)).mase(), 1e-9);
        // extending the run extends every member; columns.json comes out byte for byte again, in any JVM
        assertTrue(Files.readString(both.run().path(ForecastTask.COLUMNS)).replaceAll("\\s", "")
                .startsWith("{\"targets\":[\"y\"],\"covariates\""));
        Cli.out("train", "--resume", both.run().root(), "--set", "train.epochs=7");
        for (RunDirectory member : List.of(both.run(), both.run().nested(RunDirectory.memberPath(2)))) {
            assertEquals(8, Files.readAllLines(member.path(RunDirectory.METRICS)).size(), member.root().toString());
        }
    }

    @Test
    void aLongerHorizonNeedsNoCovariates() {
        String m = Cli.error("forecast", outcome.run().root(), "--data", file, "--horizon", 7);
        assertTrue(m.contains("--horizon 7 is longer than the run's 6") && m.contains("covariates [x]"), m);
        String csv = Cli.out("forecast", outcome.run().root(), "--data", file, "--horizon", 6);
        assertEquals(7, csv.lines().count());
        assertTrue(csv.lines().skip(1).findFirst().orElseThrow().startsWith("300,"), csv);
    }

    @Test
    void aSeriesTooShortOrConstantIsHandled() throws Exception {
        Path tiny = Files.writeString(dir.resolve("tiny.csv"), seasonal(50, 0.2));
        String m = assertThrows(UserException.class,
                () -> ForecastData.load((ForecastDataSpec) config(tiny, Map.of()).data())).getMessage();
        assertTrue(m.contains("has 50 steps, too few") && m.contains("needs about"), m);
        StringBuilder flat = new StringBuilder("t,y,x\n");
        for (int t = 0; t < 200; t++) {
            flat.append(t).append(",3,0\n");
        }
        Path constant = Files.writeString(dir.resolve("constant.csv"), flat);
        ForecastEvaluation e = (ForecastEvaluation) Tasks.evaluate(outcome.run(), constant);
        assertNull(e.mase(), "a constant series has no MASE scale");
        // eval prints it as an explicit null, the baselines' and the target's too, as before the records
        com.fasterxml.jackson.databind.JsonNode json = json(e);
        assertTrue(json.has("mase") && json.get("mase").isNull(), json.toString());
        assertTrue(json.get("seasonalNaive").get("mase").isNull(), json.toString());
        assertTrue(json.get("perTarget").get("y").get("mase").isNull(), json.toString());
        TimeTable t = TimeTable.read("k", constant, "t", List.of(), "error");
        assertEquals(200, t.length());
    }
}
