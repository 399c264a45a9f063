package dev.seq4j.task;

import dev.seq4j.config.ConfigException;
import dev.seq4j.config.ConfigLoader;
import dev.seq4j.config.ForecastDataSpec;
import dev.seq4j.config.RunConfig;
import dev.seq4j.data.forecast.ForecastData;
import dev.seq4j.model.ForecastModel;
import dev.seq4j.result.ForecastEvaluation;
import dev.seq4j.result.ForecastSummary;
import dev.seq4j.run.RunDirectory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code model.global}: one network shared by three series of a season of 12 that differ in level, amplitude and
 * trend (each read in its own scaling), and a covariate every sample reads.
 */
class GlobalForecastTest {
    @TempDir
    static Path dir;
    static Path file;
    static TrainedRun global;

    /** Three targets a, b, c (a trend of 0.2, 0.5 and -0.1 a step) and the covariate x. */
    static String series(int n) {
        StringBuilder out = new StringBuilder("t,a,b,c,x\n");
        for (int t = 0; t < n; t++) {
            double s = Math.sin(2 * Math.PI * t / 12);
            out.append(String.format(Locale.ROOT, "%d,%.5f,%.5f,%.5f,%.5f%n", t, 10 + 0.2 * t + 5 * s,
                    300 + 0.5 * t + 40 * s, 50 - 0.1 * t + 2 * s, Math.cos(2 * Math.PI * t / 12)));
        }
        return out.toString();
    }

    static RunConfig config(Map<String, Object> data, Map<String, Object> model, Map<String, Object> train) {
        Map<String, Object> d = new HashMap<>(Map.of("train", String.valueOf(file), "inputLength", 24, "horizon", 6,
                "origins", 4, "season", 12, "covariates", List.of("x")));
        d.putAll(data);
        Map<String, Object> m = new HashMap<>(Map.of("layers", List.of(16), "global", true));
        m.putAll(model);
        Map<String, Object> t = new HashMap<>(Map.of("epochs", 30, "batchSize", 16, "learningRate", 0.01,
                "patience", 0));
        t.putAll(train);
        return ConfigLoader.fromTree((com.fasterxml.jackson.databind.node.ObjectNode) ConfigLoader.YAML
                .valueToTree(Map.of("task", "forecast", "seed", 2, "data", d, "model", m, "train", t)));
    }

    static TrainedRun train(RunConfig config, String name) {
        return Tasks.train(config, dir.resolve(name), new PrintWriter(new StringWriter()), null, (epoch, best) -> null);
    }

    @BeforeAll
    static void trainGlobal() throws Exception {
        file = Files.writeString(dir.resolve("three.csv"), series(200));
        global = train(config(Map.of(), Map.of(), Map.of()), "global");
    }

    @Test
    void aGlobalLayoutGivesEachTargetASampleWithTheCovariates() {
        double[][] v = new double[30][4]; // targets 0 and 1, covariates 2 and 3
        for (int i = 0; i < v.length; i++) {
            for (int c = 0; c < 4; c++) {
                v[i][c] = 100 * c + i;
            }
        }
        ForecastData.Scaler identity = ForecastData.Scaler.fit(v, v.length, true);
        ForecastData.Layout joint = new ForecastData.Layout(5, 2, 3, 0, false, false);
        ForecastData.Layout shared = new ForecastData.Layout(5, 2, 3, 0, false, true);
        assertEquals(List.of(4, 1, 2, 6, 4), List.of(joint.inputs(4), joint.perOrigin(), joint.sampleTargets(),
                joint.outputs(), joint.columns(4)));
        assertEquals(List.of(3, 2, 1, 3, 4), List.of(shared.inputs(4), shared.perOrigin(), shared.sampleTargets(),
                shared.outputs(), shared.columns(3)));
        assertEquals(1, new ForecastData.Layout(5, 2, 3, 0, true, true).outputs()); // a decoder: one step at a time
        float[][][] all = joint.features(v, identity, List.of(10, 20));
        float[][][] each = shared.features(v, identity, List.of(10, 20));
        assertEquals(4, each.length);
        for (int i = 0; i < 2; i++) {
            for (int c = 0; c < 2; c++) {
                float[][] sample = each[i * 2 + c];
                assertEquals(3, sample.length);
                assertArrayEquals(all[i][c], sample[0]);   // its own target
                assertArrayEquals(all[i][2], sample[1]);   // then every covariate
                assertArrayEquals(all[i][3], sample[2]);
            }
        }
        assertEquals(100f * 1 + 19, each[3][0][4]);        // origin 20, target 1, the step before the origin
    }

    @Test
    void oneNetworkForecastsEveryTargetFromItsOwnWindow() {
        RunDirectory run = global.run();
        ComputationGraph net = run.model();
        assertEquals(2, run.shape().inputWidth(ForecastModel.INPUT));       // one target and x
        assertEquals(6, run.shape().nOut(ForecastModel.OUTPUT));            // its horizon
        ForecastSummary s = (ForecastSummary) global.summary();
        assertEquals(List.of("a", "b", "c"), s.targets());
        // it learned every series' trend, which seasonal naive misses by a season's worth at every step
        for (String target : s.targets()) {
            double model = s.test().model().perTarget().get(target).mase();
            double naive = s.test().seasonalNaive().perTarget().get(target).mase();
            assertTrue(model < 0.5 * naive, target + ": " + model + " against seasonal naive's " + naive);
        }
        // target c's forecast is the network's output for a sample of c's window and x, unscaled
        ForecastDataSpec spec = (ForecastDataSpec) run.config().data();
        ForecastData data = ForecastData.load(spec);
        ForecastTask.Loaded m = ForecastTask.Loaded.of(run);
        assertTrue(m.layout().global());
        assertEquals(4, m.columns());
        double[][] v = data.table().values();
        List<Integer> origins = List.of(150, 170);
        double[][] out = ForecastTask.outputs(List.of(net), v, m.scaler(), origins, m.layout());
        float[][][] joint = ForecastData.features(v, m.scaler(), origins, 24, 3, spec.base(12, false));
        for (int i = 0; i < 2; i++) {
            for (int c = 0; c < 3; c++) {
                double[] alone = net.output(Nd4j.create(new float[][][]{{joint[i][c], joint[i][3]}}))[0]
                        .toDoubleVector();
                for (int k = 0; k < 6; k++) {
                    assertEquals(alone[k], out[i][c * 6 + k], 1e-5, "origin " + origins.get(i) + " target " + c);
                }
            }
        }
        // eval, forecast and the typed API read it back
        assertEquals(s.testMase(), ((ForecastEvaluation) Tasks.evaluate(run, file)).mase(), 1e-9);
        String csv = Cli.out("forecast", run.root(), "--data", file, "--horizon", 6);
        assertEquals(7, csv.lines().count());
        assertTrue(csv.lines().findFirst().orElseThrow().startsWith("t,a,"), csv);
        var forecaster = dev.seq4j.api.Seq4j.load(run.root(), dev.seq4j.api.Forecaster.class);
        assertEquals(4, forecaster.columns());
        double[][] f = forecaster.forecast(forecaster.read(file), 6).values();
        double[][] last = ForecastTask.outputs(List.of(net), v, m.scaler(), List.of(v.length), m.layout());
        assertEquals(m.layout().forecast(last[0], v, m.scaler(), v.length)[1][3], f[1][3], 1e-6);
    }

    @Test
    void aGlobalModelStartsARunOfOneOfItsSeries() {
        // one series with the covariate: the network reads and outputs as the global one does
        TrainedRun b = train(config(Map.of("targets", List.of("b")), Map.of("global", false),
                Map.of("epochs", 2, "init", global.run().root().toString())), "b-from-global");
        assertEquals(2, b.run().shape().inputWidth(ForecastModel.INPUT));
        // without it, or as a joint network of two targets, it would not
        ConfigException e = assertThrows(ConfigException.class, () -> train(config(Map.of("targets",
                List.of("b"), "covariates", List.of()), Map.of("global", false), Map.of("epochs", 2, "init",
                global.run().root().toString())), "b-alone"));
        assertEquals("train.init", e.key());
        assertTrue(e.getMessage().contains("reads 2 column(s) and has 6 output(s); this run's would read 1 and have "
                + "6"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> train(config(Map.of("targets", List.of("a", "b")),
                Map.of("global", false), Map.of("epochs", 2, "init", global.run().root().toString())), "ab"));
        assertTrue(e.getMessage().contains("this run's would read 3 and have 12"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("b-alone")) && Files.notExists(dir.resolve("ab")));
    }

    @Test
    void anEncoderDecoderSharesItsDecoderToo() {
        TrainedRun ar = train(config(Map.of(), Map.of("forecaster", "autoregressive"), Map.of("epochs", 3)), "ar");
        assertEquals(1, ar.run().shape().nOut(ForecastModel.OUTPUT));
        String csv = Cli.out("forecast", ar.run().root(), "--data", file, "--horizon", 6);
        assertEquals(7, csv.lines().count());
        ForecastSummary s = (ForecastSummary) ar.summary();
        assertEquals(s.testMase(), ((ForecastEvaluation) Tasks.evaluate(ar.run(), file)).mase(), 1e-9);
    }

    @Test
    void aClassicalForecasterHasNoNetworkToShare() {
        ConfigException e = assertThrows(ConfigException.class, () -> train(config(Map.of("covariates", List.of()),
                Map.of("forecaster", "ets"), Map.of()), "ets"));
        assertEquals("model.global", e.key());
        assertTrue(Files.notExists(dir.resolve("ets")));
    }
}
