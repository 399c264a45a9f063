package dev.seq4j.task;


import java.util.Set;
import dev.seq4j.config.TaskOption;
import dev.seq4j.config.ForecastDataSpec;
import dev.seq4j.config.RunConfig;
import dev.seq4j.data.forecast.ForecastData;
import dev.seq4j.data.forecast.TimeTable;
import dev.seq4j.data.forecast.WindowIterator;
import dev.seq4j.eval.Backtest;
import dev.seq4j.model.ForecastModel;
import dev.seq4j.result.ForecastBacktest;
import dev.seq4j.result.ForecastEvaluation;
import dev.seq4j.result.ForecastSummary;
import dev.seq4j.run.ModelFile;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.train.Objective;
import dev.seq4j.train.MemoryBudget;
import dev.seq4j.train.Trainer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Forecasting, many-to-one: from the last {@code inputLength} steps of every column, the next {@code horizon}
 * steps of every target at once. Judged by a rolling-origin backtest over the series' last origins, next to the
 * naive, seasonal-naive and drift forecasts of the same steps.
 */
public final class ForecastTask extends BuiltInTask {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ForecastTask.class);
    public static final String SCALER = "normalizer.json";
    public static final String COLUMNS = "columns.json";
    /** The best model's forecast from the last test origin, drawn against the actual values. */
    public static final String PLOT = "forecast.png";
    public static final Objective OBJECTIVE = new Objective("valid_loss", true);

    /** Listed in {@code META-INF/services}; see {@link Tasks#of}. */
    public ForecastTask() {
        super("forecast", ForecastDataSpec.class, Set.of(TaskOption.FORECASTER), OBJECTIVE, dev.seq4j.api.Forecaster.class,
                dev.seq4j.api.RunModels::forecaster, "forecast", ForecastSummary.class);
    }

    @Override
    public void checkData(RunConfig config) {
        ForecastData.load((ForecastDataSpec) config.data());
    }

    /** Reads and checks the data and builds the network; see {@link SequenceTask#prepare}. */
    @Override
    public Training prepare(RunConfig config, PrintWriter console) {
        ForecastDataSpec spec = (ForecastDataSpec) config.data();
        ForecastData data = ForecastData.load(spec);
        TimeTable table = data.table();
        double[][] v = table.values();
        int l = spec.inputLength();
        int h = spec.horizon();
        int outputs = data.targets() * h;
        Nd4j.getRandom().setSeed(config.seed());
        boolean autoregressive = config.model().forecaster() == dev.seq4j.config.ModelSpec.Forecaster.AUTOREGRESSIVE;
        InitRun init = InitRun.of(config);
        if (init != null) {
            checkColumns(init, table, data.targets());
        }
        // the scaler is always this series' own (fitted on its training steps): a forecaster learns the shape of a
        // series in standard units, which is what carries over to a series of another level and spread
        ComputationGraph net = InitRun.network(MemoryBudget.checked(autoregressive
                ? ForecastModel.autoregressive(config, table.columns().size(), data.targets())
                : ForecastModel.oneShot(config, table.columns().size(), outputs), config, l + h, console), init,
                Map.of(), Map.of(), console);
        ForecastData.Split split = data.split();
        boolean relative = spec.relative();
        int t = data.targets();
        WindowIterator train = windows(v, data.scaler(), split.train(), l, t, h, relative, autoregressive,
                config.train().batchSize(), config.seed(), true);
        WindowIterator valid = windows(v, data.scaler(), split.valid(), l, t, h, relative, autoregressive,
                Classification.EVAL_BATCH, 0, false);
        int filled = java.util.Arrays.stream(table.filled()).sum();
        return new Training() {
            @Override
            protected void writeFiles(RunDirectory run) {
                run.writeJson(COLUMNS, Map.of("targets", table.columns().subList(0, data.targets()),
                        "covariates", table.columns().subList(data.targets(), table.columns().size())));
                run.writeFile(SCALER, f -> data.scaler().save(f.toPath()));
            }

            @Override
            protected String describe() {
                return String.format(Locale.ROOT, "forecast: %d steps of %s (targets %s), season %d; %d training, %d validation "
                                + "windows of %d -> %d steps, %d test origin(s) from step %d%s; %,d parameters",
                        table.length(), table.columns(), table.columns().subList(0, data.targets()), data.season(),
                        split.train().size(), split.valid().size(), l, h, split.test().size(), split.testStart(),
                        filled == 0 ? "" : "; " + filled + " missing values filled (" + spec.missing() + ")", net.numParams());
            }

            @Override
            protected Trainer.Result fit(Fitting fitting) {
                return fitting.trainer("mse").counting(autoregressive ? "steps" : "windows")
                        // valid_loss is DL4J's score, per window: the one-shot output's mean squared error, or the decoder's
                        // summed over its h steps; the trainer's loss per target (a window; a decoder step) times 1 or h
                        .fit(net, train, train.batchCount(), autoregressive ? 1.0 / h : 1.0, n -> validMetrics(n, valid), OBJECTIVE);
            }

            @Override
            protected ForecastSummary summarise(RunDirectory run, RunFacts facts) {
                ComputationGraph best = run.model();
                Map<Integer, double[][]> forecasts = forecasts(best, v, t, split.test(), l, h, data.scaler(), relative,
                        autoregressive);
                ForecastBacktest test = Backtest.run(v, t, table.columns().subList(0, t), split.test(), h,
                        data.season(), forecasts::get);
                writePlot(run, table, t, split.test(), forecasts);
                ForecastBacktest.Scores model = test.model();
                ForecastSummary.Trivial trivial = new ForecastSummary.Trivial(
                        "the naive forecast, the last value repeated", test.naive().mae());
                List<String> warnings = RunSummary.trivialWarnings(config.train(), trivial.model(),
                        RunSummary.worse("test MAE", model.mae(), trivial.testMae(), true));
                return new ForecastSummary(facts.task(), facts.status(), facts.stopReason(), facts.epochs(),
                        facts.bestEpoch(), new ForecastSummary.Model(config.model().cell(), config.model().layers(),
                        config.model().bidirectional(), net.numParams()), table.columns().subList(0, t),
                        table.columns().subList(t, table.columns().size()), data.season(), filled,
                        facts.result().bestObjective(), facts.objective(OBJECTIVE), model.mae(), model.rmse(),
                        model.smape(), model.mase(), test.seasonalNaive().mase(), test.seasonalNaive().mae(), trivial,
                        warnings, test, facts.trainSeconds(), facts.runSeconds());
            }
        }.from(init);
    }

    /** Training or validation windows: the inputs the model takes, and its labels in its output's shape. */
    private static WindowIterator windows(double[][] v, ForecastData.Scaler scaler, List<Integer> origins, int l,
                                          int targets, int h, boolean relative, boolean autoregressive, int batchSize,
                                          long seed, boolean shuffle) {
        INDArray features = Nd4j.create(ForecastData.features(v, scaler, origins, l, targets, relative));
        INDArray labels = Nd4j.create(ForecastData.labels(v, scaler, origins, targets, h, relative));
        if (!autoregressive) {
            return new WindowIterator(new INDArray[]{features}, labels, batchSize, seed, shuffle);
        }
        INDArray previous = Nd4j.create(ForecastData.previous(v, scaler, origins, targets, h, relative));
        return new WindowIterator(new INDArray[]{features, previous}, labels.reshape(origins.size(), targets, h),
                batchSize, seed, shuffle);
    }

    /**
     * The model's scaled outputs at each origin, {@code [origins][targets * H]} target-major. The encoder-decoder
     * is unrolled: its decoder starts from the last known value and is fed each forecast step in turn.
     */
    public static double[][] outputs(ComputationGraph net, double[][] v, ForecastData.Scaler scaler, List<Integer> origins,
                              int l, int targets, int h, boolean relative, boolean autoregressive) {
        INDArray features = Nd4j.create(ForecastData.features(v, scaler, origins, l, targets, relative));
        int n = origins.size();
        if (!autoregressive) {
            return net.output(features)[0].reshape(n, (long) targets * h).toDoubleMatrix();
        }
        INDArray previous = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, targets, h);
        for (int i = 0; i < n && !relative; i++) {
            for (int c = 0; c < targets; c++) {
                previous.putScalar(new long[]{i, c, 0}, scaler.scale(v[origins.get(i) - 1][c], c));
            }
        }
        INDArray out = null;
        for (int k = 0; k < h; k++) {
            out = net.output(false, features, previous)[0];                                   // [n, T, h]
            if (k + 1 < h) {
                previous.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(k + 1))
                        .assign(out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(k)));
            }
        }
        return out.reshape(n, (long) targets * h).toDoubleMatrix();
    }

    /** {@code valid_loss}: mean squared error of the scaled targets over all validation windows. */
    private static Map<String, Double> validMetrics(ComputationGraph net, WindowIterator valid) {
        valid.reset();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("valid_loss", Classification.meanScore(net, valid));
        return out;
    }

    /** The model's and the baselines' errors at each origin (see {@link Backtest}). */
    static ForecastBacktest backtest(ComputationGraph net, double[][] v, int targets, List<String> columns,
                                        List<Integer> origins, int l, int h, int season, ForecastData.Scaler scaler,
                                        boolean relative, boolean autoregressive) {
        Map<Integer, double[][]> forecasts = forecasts(net, v, targets, origins, l, h, scaler, relative, autoregressive);
        return Backtest.run(v, targets, columns.subList(0, targets), origins, h, season, forecasts::get);
    }

    /** The model's forecast from each origin, {@code [target][step]} in the data's units. */
    private static Map<Integer, double[][]> forecasts(ComputationGraph net, double[][] v, int targets,
                                                      List<Integer> origins, int l, int h, ForecastData.Scaler scaler,
                                                      boolean relative, boolean autoregressive) {
        double[][] out = outputs(net, v, scaler, origins, l, targets, h, relative, autoregressive);
        Map<Integer, double[][]> forecasts = new java.util.HashMap<>();
        for (int i = 0; i < origins.size(); i++) {
            forecasts.put(origins.get(i), ForecastData.forecast(out[i], v, scaler, origins.get(i), targets, h, relative));
        }
        return forecasts;
    }

    /**
     * {@code forecast.png}: the best model's forecast from the last test origin against what came true, the picture
     * {@code seq4j forecast --plot} draws; a chart that cannot be drawn in time is a warning, the summary holds the
     * numbers.
     */
    private static void writePlot(RunDirectory run, TimeTable table, int targets, List<Integer> origins,
                                  Map<Integer, double[][]> forecasts) {
        int origin = origins.get(origins.size() - 1);
        double[][] values = forecasts.get(origin);
        int h = values[0].length;
        dev.seq4j.api.Forecast forecast = new dev.seq4j.api.Forecast(table.columns().subList(0, targets),
                table.times().subList(origin, origin + h), values);
        String title = String.format(Locale.ROOT, "test: %d steps from step %d, the last of %d origin(s)", h, origin,
                origins.size());
        try {
            run.writeBytes(PLOT, forecast.png(title, table, origin));
        } catch (dev.seq4j.run.Charts.PlotException e) {
            LOG.warn("{} not drawn: {}", run.path(PLOT), e.getMessage());
        }
    }

    /**
     * {@code eval}: the run's model and the baselines backtested on the last origins of a file with the training
     * data's columns: {@code mae, rmse, smape, mase} of the model, the same under {@code seasonalNaive},
     * {@code naive} and {@code drift}, and per target.
     */
    @Override
    public ForecastEvaluation evaluate(RunDirectory run, Path file) {
        RunConfig config = run.config();
        ForecastDataSpec spec = (ForecastDataSpec) config.data();
        boolean autoregressive = config.model().forecaster() == dev.seq4j.config.ModelSpec.Forecaster.AUTOREGRESSIVE;
        Loaded m = Loaded.of(run, spec, autoregressive);
        TimeTable table = m.table(file, spec);
        int targets = m.targets();
        int season = m.season();
        int l = spec.inputLength();
        int h = spec.horizon();
        int first = table.length() - h - (spec.origins() - 1) * spec.stride();
        if (first < Math.max(l, season + 1)) {
            throw new dev.seq4j.UserException(String.format(Locale.ROOT, "--data: %s has %d steps; the run's inputLength "
                    + "%d, horizon %d and %d origin(s) need at least %d", file, table.length(), l, h, spec.origins(),
                    Math.max(l, season + 1) + h + (spec.origins() - 1) * spec.stride()));
        }
        List<Integer> origins = new java.util.ArrayList<>();
        for (int o = first; o <= table.length() - h; o += spec.stride()) {
            origins.add(o);
        }
        ForecastBacktest test = backtest(run.model(), table.values(), targets, table.columns(), origins, l, h, season,
                m.scaler(), spec.relative(), autoregressive);
        ForecastBacktest.Scores model = test.model();
        return new ForecastEvaluation(config.task(), file.toString(), origins.size(), h, season, model.mae(),
                model.rmse(), model.smape(), model.mase(), baseline(test.naive()), baseline(test.seasonalNaive()),
                baseline(test.drift()), model.perTarget());
    }

    /** A baseline's errors in {@code eval}'s report: averaged over the targets (the model's alone are per target). */
    private static ForecastEvaluation.Baseline baseline(ForecastBacktest.Scores scores) {
        return new ForecastEvaluation.Baseline(scores.mae(), scores.rmse(), scores.smape(), scores.mase());
    }

    /** A run starts only from a forecaster of as many targets and input columns as its own data has. */
    private static void checkColumns(InitRun init, TimeTable table, int targets) {
        RunConfig was = init.run().config();
        Loaded m = Loaded.of(init.run(), (ForecastDataSpec) was.data(),
                was.model().forecaster() == dev.seq4j.config.ModelSpec.Forecaster.AUTOREGRESSIVE);
        if (m.columns() != table.columns().size() || m.targets() != targets) {
            throw new dev.seq4j.config.ConfigException(InitRun.KEY, init.run().root() + " forecasts " + m.targets()
                    + " target(s) from " + m.columns() + " column(s); this data has " + targets + " target(s) and "
                    + table.columns().size() + " column(s) " + table.columns());
        }
    }

    /** Longest season a run's summary may record (the season is a lag in steps). */
    static final int MAX_SEASON = 1 << 20;

    /**
     * What a finished run needs to forecast, checked against its model before any array is made: the targets (the
     * model's outputs), the season and the scaler (one mean and deviation per input column).
     */
    public record Loaded(long columns, int targets, int season, ForecastData.Scaler scaler) {
        public static Loaded of(RunDirectory run, ForecastDataSpec spec, boolean autoregressive) {
            ModelFile.Shape shape = run.shape();
            long columns = shape.inputWidth(ForecastModel.INPUT);
            com.fasterxml.jackson.databind.JsonNode summary = run.summary();
            com.fasterxml.jackson.databind.JsonNode names = summary.path("targets");
            int targets = names.isArray() ? names.size() : 0;
            long outputs = shape.nOut(ForecastModel.OUTPUT);
            // the one-shot model outputs every target at every step of the horizon, the decoder one step at a time
            boolean fits = autoregressive ? outputs == targets : outputs == (long) targets * spec.horizon();
            if (targets < 1 || targets > columns || !fits) {
                throw new dev.seq4j.UserException(run.path(RunDirectory.SUMMARY) + ": " + targets + " targets, which "
                        + shape.file() + " (" + columns + " inputs, " + outputs + " outputs) does not forecast; the "
                        + "run directory is corrupt");
            }
            com.fasterxml.jackson.databind.JsonNode season = summary.path("season");
            if (!season.canConvertToInt() || season.asInt() < 1 || season.asInt() > MAX_SEASON) {
                throw new dev.seq4j.UserException(run.path(RunDirectory.SUMMARY) + ": 'season' is not a number of "
                        + "steps from 1 to " + MAX_SEASON + "; the file is corrupt");
            }
            return new Loaded(columns, targets, season.asInt(), ForecastData.Scaler.load(run.input(SCALER), columns));
        }

        /** The data file's table, which must have the columns the model reads. */
        TimeTable table(Path file, ForecastDataSpec spec) {
            TimeTable table = ForecastData.table("--data", file, spec);
            if (table.columns().size() != columns) {
                throw new dev.seq4j.UserException("--data: " + file + " has " + table.columns().size() + " columns "
                        + table.columns() + "; the run's model reads " + columns);
            }
            return table;
        }
    }
}
