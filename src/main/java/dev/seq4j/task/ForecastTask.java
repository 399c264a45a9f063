package dev.seq4j.task;


import java.util.Set;
import dev.seq4j.config.TaskOption;
import dev.seq4j.config.ConfigException;
import dev.seq4j.config.ModelSpec;
import dev.seq4j.eval.ForecastMethod;
import dev.seq4j.eval.ForecastPlan;
import dev.seq4j.eval.Intervals;
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
        super("forecast", ForecastDataSpec.class, Set.of(TaskOption.FORECASTER, TaskOption.ENSEMBLE, TaskOption.GLOBAL), OBJECTIVE, dev.seq4j.api.Forecaster.class,
                dev.seq4j.api.RunModels::forecaster, "forecast", ForecastSummary.class);
    }

    @Override
    public void checkData(RunConfig config) {
        RunConfig resolved = resolve(config);
        ModelSpec.Forecaster kind = config.model().forecaster();
        // auto falls back to ETS and Theta on a series too short for a network's windows
        ForecastData.load((ForecastDataSpec) resolved.data(), kind.network() && kind != ModelSpec.Forecaster.AUTO,
                lateStarts(config));
    }

    /**
     * Whether a run's targets may start later than its table ({@link TimeTable.Starts}): for a global network, which
     * learns from each series where it has values, and for ETS and Theta, fitted to each series on its own.
     */
    public static boolean lateStarts(RunConfig config) {
        return config.model().global() || !config.model().forecaster().network();
    }

    /**
     * {@code data.inputLength: auto} worked out from the training series' length, season and the horizon, the
     * time column the file has when {@code data.timeColumn} is not set, and a long file's value column.
     */
    @Override
    public RunConfig resolve(RunConfig config) {
        ForecastDataSpec spec = (ForecastDataSpec) config.data();
        if (!spec.autoInputLength() && !spec.timeColumn().isEmpty()
                && spec.relative() != ForecastDataSpec.Relative.SEASON && !(spec.longFile() && spec.targets().isEmpty())) {
            return config;
        }
        TimeTable table = ForecastData.table("data.train", Path.of(spec.train()), spec, lateStarts(config));
        int season = ForecastData.season(table, spec);
        int l = spec.autoInputLength() ? ForecastData.inputLength(table.length(), spec, season) : spec.inputLength();
        // relative: season stays only where the series changes with its season (saved so, as what the model learned)
        ForecastDataSpec.Relative relative = spec.relative() != ForecastDataSpec.Relative.SEASON
                || ForecastData.changesWithSeason(table, spec, season) ? spec.relative() : ForecastDataSpec.Relative.LAST;
        // a long file's value column, saved as its one target name (what forecast's output calls the values)
        List<String> targets = spec.longFile() && spec.targets().isEmpty() ? List.of(TimeTable.longValueColumn(
                "data.train", Path.of(spec.train()), spec.timeColumn(), spec.idColumn(), spec.fileLimit()))
                : spec.targets();
        return config.withData(spec.resolved(l, table.timeColumn(), relative, targets));
    }

    /**
     * Reads and checks the data and builds the network; see {@link SequenceTask#prepare}. {@code model.forecaster: ets}
     * or {@code theta} builds none; {@code auto} falls back to them when the series is too short for a network's
     * windows.
     */
    @Override
    public Training prepare(RunConfig config, PrintWriter console) {
        ForecastDataSpec spec = (ForecastDataSpec) config.data();
        ModelSpec.Forecaster kind = config.model().forecaster();
        if (!kind.network()) {
            if (!spec.covariates().isEmpty()) {
                throw new ConfigException("model.forecaster", kind + " forecasts each target from its own past and "
                        + "reads no covariates; data.covariates lists " + spec.covariates());
            }
            if (config.train().init() != null) {
                throw new ConfigException("model.forecaster", kind + " trains no network to start from train.init");
            }
            if (config.model().ensemble() != 1) {
                throw new ConfigException("model.ensemble", "model.forecaster " + kind + " trains no network; use 1");
            }
            if (config.model().global()) {
                throw new ConfigException("model.global", "model.forecaster " + kind + " trains no network to share "
                        + "between the targets; each is fitted on its own. Use false");
            }
            return classical(config, ForecastData.load(spec, false, true), ForecastMethod.parse(kind.id()), null);
        }
        ForecastData data;
        boolean late = lateStarts(config);
        try {
            data = ForecastData.load(spec, true, late);
        } catch (dev.seq4j.UserException tooShort) {
            if (kind != ModelSpec.Forecaster.AUTO || config.train().init() != null) {
                throw tooShort;
            }
            ForecastData history = ForecastData.load(spec, false, late); // too short still: its error says how long
            String why = tooShort.getMessage();
            console.println("forecast: no network (" + why.substring(why.indexOf(": ") + 2)
                    + "); choosing between ETS and Theta, their mean and seasonal naive");
            return classical(config, history, null, why);
        }
        TimeTable table = data.table();
        double[][] v = table.values();
        int l = spec.inputLength();
        int h = spec.horizon();
        Nd4j.getRandom().setSeed(config.seed());
        boolean autoregressive = kind == ModelSpec.Forecaster.AUTOREGRESSIVE;
        ForecastData.Layout layout = new ForecastData.Layout(l, data.targets(), h,
                spec.base(data.season(), autoregressive), autoregressive, config.model().global());
        int inputs = layout.inputs(table.columns().size());
        InitRun init = InitRun.of(config);
        if (init != null) {
            checkShape(init, inputs, layout.outputs());
        }
        // the scaler is always this series' own (fitted on its training steps): a forecaster learns the shape of a
        // series in standard units, which is what carries over to a series of another level and spread. An ensemble's
        // members differ in their seeds (initial weights, dropout, the order of the windows); with an init run each
        // starts from its model
        int n = config.model().ensemble();
        List<ComputationGraph> nets = new java.util.ArrayList<>();
        for (int m = 0; m < n; m++) {
            RunConfig member = config.withSeed(config.seed() + m);
            Nd4j.getRandom().setSeed(member.seed());
            var conf = autoregressive ? ForecastModel.autoregressive(member, inputs, layout.sampleTargets())
                    : ForecastModel.oneShot(member, inputs, layout.outputs());
            nets.add(InitRun.network(m > 0 ? conf : MemoryBudget.checked(conf, config, l + h, n, console), init,
                    Map.of(), Map.of(), console));
        }
        ComputationGraph net = nets.get(0);
        ForecastData.Split split = data.split();
        int t = data.targets();
        int filled = java.util.Arrays.stream(table.filled()).sum();
        long trainWindows = usable(layout.usable(v, split.train()));
        long validWindows = usable(layout.usable(v, split.valid()));
        if (trainWindows == 0) { // every series starts late, after the training origins (data.stride apart)
            throw new dev.seq4j.UserException("data.train: " + table.file() + " has no training window within its "
                    + "series" + lateStartsText(table, t) + "; start them earlier or use a smaller data.stride");
        }
        return new Training() {
            private final List<RunDirectory> dirs = new java.util.ArrayList<>();
            private List<Trainer.Result> results;

            @Override
            protected void writeFiles(RunDirectory run) {
                dirs.addAll(Fitting.members(run, n));
                writeColumns(run, table, t);
                run.writeFile(SCALER, f -> data.scaler().save(f.toPath()));
            }

            @Override
            protected String describe() {
                return String.format(Locale.ROOT, "forecast: %d steps of %s (targets %s%s), season %d; %d training, %d "
                                + "validation windows of %d -> %d steps%s, %d test origin(s) from step %d%s; %,d parameters%s",
                        table.length(), table.columns(), table.columns().subList(0, data.targets()), lateStartsText(table, t),
                        data.season(),
                        trainWindows, validWindows, l, h,
                        layout.global() ? " (one per target: a global network)" : "", split.test().size(), split.testStart(),
                        filled == 0 ? "" : "; " + filled + " missing values filled (" + spec.missing() + ")",
                        net.numParams(), n == 1 ? "" : String.format(Locale.ROOT,
                                " each; an ensemble of %d trained side by side", n));
            }

            @Override
            protected Trainer.Result fit(Fitting fitting) {
                results = fitting.sideBySide(dirs, "mse", (m, trainer) -> {
                    WindowIterator train = windows(v, data.scaler(), split.train(), layout,
                            config.train().batchSize(), config.seed() + m, true);
                    WindowIterator valid = windows(v, data.scaler(), split.valid(), layout,
                            Classification.EVAL_BATCH, 0, false);
                    // valid_loss is DL4J's score, per window: the one-shot output's mean squared error, or the
                    // decoder's summed over its h steps; the trainer's loss per target (a window; a decoder step)
                    // times 1 or h
                    return trainer.counting(autoregressive ? "steps" : "windows").fit(nets.get(m), train,
                            train.batchCount(), autoregressive ? 1.0 / h : 1.0, g -> validMetrics(g, valid),
                            OBJECTIVE);
                });
                return results.get(0);
            }

            @Override
            protected ForecastSummary summarise(RunDirectory run, RunFacts facts) {
                List<ComputationGraph> best = dirs.stream().map(RunDirectory::model).toList();
                Forecasts network = new Forecasts(best, v, data.season(), data.scaler(), layout);
                // an ensemble's validation loss is its mean output's, in the members' valid_loss units
                Double validLoss = n == 1 ? facts.result().bestObjective()
                        : validLoss(best, v, data.scaler(), split.valid(), layout);
                ForecastSummary summary = finish(config, facts, run, data, network,
                        kind == ModelSpec.Forecaster.AUTO ? null : ForecastMethod.parse(ForecastMethod.NETWORK),
                        new ForecastSummary.Model(config.model().cell(), config.model().layers(),
                                config.model().bidirectional(), net.numParams(), n), validLoss,
                        facts.objective(OBJECTIVE));
                return n == 1 ? summary : summary.withMembers(members(config, results, best, data, layout));
            }
        }.from(init);
    }

    /**
     * A run without a network: ETS or Theta ({@code method}), or, for {@code model.forecaster: auto} on a series too
     * short for a network ({@code method} null, {@code why} the reason), whichever of the classical candidates does
     * best on the validation origins. The run keeps its columns; the method is fitted again wherever it forecasts.
     */
    private static Training classical(RunConfig config, ForecastData data, ForecastMethod method, String why) {
        ForecastDataSpec spec = (ForecastDataSpec) config.data();
        TimeTable table = data.table();
        double[][] v = table.values();
        int t = data.targets();
        int h = spec.horizon();
        ForecastData.Split split = data.split();
        int filled = java.util.Arrays.stream(table.filled()).sum();
        return new Training() {
            @Override
            protected void writeFiles(RunDirectory run) {
                writeColumns(run, table, t);
            }

            @Override
            protected String describe() {
                return String.format(Locale.ROOT, "forecast: %d steps of %s (targets %s), season %d; %s fitted to each "
                                + "target's past, no network; %d validation and %d test origin(s) of %d steps from step %d%s",
                        table.length(), table.columns(), table.columns().subList(0, t), data.season(),
                        method == null ? "ETS, Theta or seasonal naive" : method, split.valid().size(), split.test().size(), h,
                        split.testStart(), filled == 0 ? "" : "; " + filled + " missing values filled (" + spec.missing() + ")");
            }

            @Override
            protected boolean trainsNetwork() {
                return false;
            }

            @Override
            protected Trainer.Result fit(Fitting fitting) {
                return new Trainer.Result(List.of(), 0, Double.NaN, why != null ? "no network: " + why
                        : "no network: model.forecaster " + method, 0, 0, false);
            }

            @Override
            protected ForecastSummary summarise(RunDirectory run, RunFacts facts) {
                Forecasts none = new Forecasts(List.of(), v, data.season(), null,
                        new ForecastData.Layout(0, t, h, 0, false, false));
                return finish(config, facts, run, data, none, method, new ForecastSummary.Model(config.model().cell(),
                        config.model().layers(), config.model().bidirectional(), 0, 1), null, null);
            }
        };
    }

    /**
     * The run's summary: its method ({@code fixed}, or for {@code auto} the best on the validation origins,
     * {@link #unvalidated} when there are none), that method's test backtest and plot, and its prediction intervals from its validation errors.
     */
    private static ForecastSummary finish(RunConfig config, RunFacts facts, RunDirectory run, ForecastData data,
                                          Forecasts forecasts, ForecastMethod fixed, ForecastSummary.Model model,
                                          Double validLoss, dev.seq4j.result.ObjectiveValue objective) {
        TimeTable table = data.table();
        double[][] v = table.values();
        int t = data.targets();
        int h = ((ForecastDataSpec) config.data()).horizon();
        int season = data.season();
        ForecastData.Split split = data.split();
        int latest = ForecastData.latestStart(v, t);
        List<Integer> validation = selectionOrigins(split.valid(), season, latest);
        ForecastSummary.Method method = fixed != null ? new ForecastSummary.Method(fixed.toString(), null, null)
                : validation.isEmpty() ? new ForecastSummary.Method(unvalidated(season, split.testStart()), null, null)
                : choose(v, t, table.columns(), validation, h, season, forecasts);
        ForecastPlan chosen = ForecastPlan.parse(method.name());
        Map<Integer, double[][]> predicted = forecasts.of(chosen, split.test());
        ForecastBacktest test = Backtest.run(v, t, table.columns().subList(0, t), split.test(), h, season,
                predicted::get);
        ForecastSummary.Intervals intervals = null;
        Intervals.Widths widths = null;
        // a method refitted at each origin is calibrated on origins over the whole history, one with a network (or a
        // series too short for three seasons before such an origin) on its validation origins
        List<Integer> history = chosen.usesNetwork() ? List.of()
                : calibrationOrigins(split.testStart() - h, season, latest);
        List<Integer> calibration = history.isEmpty() ? validation : history;
        if (!calibration.isEmpty()) {
            Map<Integer, double[][]> seen = forecasts.of(chosen, calibration);
            widths = Intervals.widths(v, t, calibration, h, seen::get, Intervals.LEVEL,
                    Intervals.positive(v, t, split.testStart())).lowest(Intervals.lowest(v, t, split.testStart()));
            double[][] atEnd = widths.at(v, v.length);
            Map<String, double[]> byTarget = new LinkedHashMap<>();
            Map<String, double[]> relative = new LinkedHashMap<>();
            Map<String, Double> lowest = new LinkedHashMap<>();
            for (int c = 0; c < t; c++) {
                byTarget.put(table.columns().get(c), atEnd[c]);
                if (widths.relative()[c]) {
                    relative.put(table.columns().get(c), widths.halfWidth()[c]);
                    lowest.put(table.columns().get(c), widths.lowest()[c]);
                }
            }
            intervals = new ForecastSummary.Intervals(Intervals.LEVEL, calibration.size(),
                    history.isEmpty() ? "validation" : "history", byTarget, relative.isEmpty() ? null : relative,
                    lowest.isEmpty() ? null : lowest, Intervals.coverage(v, t, split.test(), h, predicted::get,
                    widths));
        }
        writePlot(run, table, t, split.test(), predicted, widths == null ? null
                : widths.at(v, split.test().get(split.test().size() - 1)));
        int filled = java.util.Arrays.stream(table.filled()).sum();
        return summary(config, facts, table, t, season, filled, method, intervals, test, model, validLoss, objective);
    }

    /**
     * {@code columns.json}: the targets, then the covariates, in that order every time (a resumed run writes it again
     * and must get the same bytes; {@code Map.of}'s order changes from one JVM to the next).
     */
    private static void writeColumns(RunDirectory run, TimeTable table, int targets) {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        columns.put("targets", table.columns().subList(0, targets));
        columns.put("covariates", table.columns().subList(targets, table.columns().size()));
        run.writeJson(COLUMNS, columns);
    }

    /** The run's summary from its test backtest; the trivial model is the naive forecast. */
    private static ForecastSummary summary(RunConfig config, RunFacts facts, TimeTable table, int t, int season,
                                           int filled, ForecastSummary.Method method, ForecastSummary.Intervals intervals,
                                           ForecastBacktest test, ForecastSummary.Model model, Double validLoss,
                                           dev.seq4j.result.ObjectiveValue objective) {
        ForecastBacktest.Scores scores = test.model();
        ForecastSummary.Trivial trivial = new ForecastSummary.Trivial(
                "the naive forecast, the last value repeated", test.naive().mae());
        List<String> warnings = RunSummary.trivialWarnings(config.train(), trivial.model(),
                RunSummary.worse("test MAE", scores.mae(), trivial.testMae(), true));
        return new ForecastSummary(facts.task(), facts.status(), facts.stopReason(), facts.epochs(),
                facts.bestEpoch(), model, method, intervals, table.columns().subList(0, t),
                table.columns().subList(t, table.columns().size()), season, filled, validLoss, objective,
                scores.mae(), scores.rmse(), scores.smape(), scores.mase(), test.seasonalNaive().mase(),
                test.seasonalNaive().mae(), trivial, warnings, test, null, facts.trainSeconds(), facts.runSeconds());
    }

    /**
     * {@code auto}'s method where no validation origin fits before the test part: ETS, or seasonal naive when the
     * series is seasonal and has fewer than three seasons before the test part, too few for ETS to fit a season
     * (fitted without one, its trend went 9 times as far off as seasonal naive on a 48-month series).
     */
    static String unvalidated(int season, int history) {
        return season > 1 && history < 3 * season ? "seasonalNaive" : "ets";
    }

    /** The most validation origins {@code auto} compares the candidates on (ETS is fitted afresh at each). */
    static final int MAX_SELECTION_ORIGINS = 24;

    /**
     * At most {@link #MAX_SELECTION_ORIGINS} of the validation origins, evenly spaced and ending with the last, each
     * with more than a season and at least {@link ForecastData#MIN_HISTORY} steps of every series before it (seasonal
     * naive, ETS and Theta need them; the latest series starts at {@code latest}).
     */
    static List<Integer> selectionOrigins(List<Integer> valid, int season, int latest) {
        return Backtest.spaced(valid.stream()
                        .filter(o -> o - latest > season && o - latest >= ForecastData.MIN_HISTORY).toList(),
                MAX_SELECTION_ORIGINS);
    }

    /** The most origins a method without a network has its intervals calibrated on (each fits ETS or Theta afresh). */
    static final int MAX_CALIBRATION_ORIGINS = 48;

    /**
     * Where a method without a network is calibrated: at most {@link #MAX_CALIBRATION_ORIGINS} origins up to
     * {@code last}, evenly spaced and ending with it, each with more than three seasons and at least twice
     * {@link ForecastData#MIN_HISTORY} steps of every series before it (ETS's seasonal forms need the seasons; the
     * latest series starts at {@code latest}). Spread over the
     * history, rather than the last validation origins alone, they see more of how the series can move: on the
     * forecasting benchmark's rolling origins the 90% intervals of ETS held 77% of the test values against 74% when
     * made from the last validation origins.
     */
    static List<Integer> calibrationOrigins(int last, int season, int latest) {
        int first = latest + Math.max(3 * season + 1, 2 * ForecastData.MIN_HISTORY);
        return Backtest.spaced(java.util.stream.IntStream.rangeClosed(first, last).boxed().toList(),
                MAX_CALIBRATION_ORIGINS);
    }

    /**
     * {@code model.forecaster: auto}: every candidate ({@link ForecastMethod#CANDIDATES}, those with a network only
     * when there is one) backtested on the validation origins, and each target forecast by the candidate of its lowest
     * MASE there (MAE where MASE is undefined; ties to the earlier candidate): a file of several series gets each
     * series' best, as if each were run alone. The summary keeps every candidate's mean over the targets.
     */
    static ForecastSummary.Method choose(double[][] v, int targets, List<String> columns, List<Integer> origins, int h,
                                         int season, Forecasts forecasts) {
        Map<String, Double> scores = new LinkedHashMap<>();
        ForecastMethod[] best = new ForecastMethod[targets];
        double[] bestScore = new double[targets];
        for (ForecastMethod candidate : ForecastMethod.CANDIDATES) {
            if (candidate.usesNetwork() && !forecasts.hasNetwork()) {
                continue;
            }
            Map<Integer, double[][]> f = forecasts.of(candidate, origins);
            ForecastBacktest.Scores s = Backtest.scores(v, targets, columns.subList(0, targets), origins, h, season,
                    f::get);
            scores.put(candidate.toString(), score(s.mase(), s.mae()));
            for (int c = 0; c < targets; c++) {
                dev.seq4j.result.ForecastErrors e = s.perTarget().get(columns.get(c));
                double score = score(e.mase(), e.mae());
                if (best[c] == null || score < bestScore[c]) {
                    best[c] = candidate;
                    bestScore[c] = score;
                }
            }
        }
        return new ForecastSummary.Method(ForecastPlan.of(List.of(best)).toString(), origins.size(), scores);
    }

    /** A candidate's validation score: its MASE, its MAE where that is undefined, and never NaN. */
    private static double score(Double mase, double mae) {
        double score = mase != null ? mase : mae;
        return Double.isNaN(score) ? Double.POSITIVE_INFINITY : score;
    }

    /**
     * Forecasts of a run's methods at any origins, each part computed once per origin: the network's for all origins
     * at once, ETS's and Theta's fitted at each.
     */
    static final class Forecasts {
        private final List<ComputationGraph> nets;
        private final double[][] v;
        private final int season;
        private final ForecastData.Scaler scaler;
        private final ForecastData.Layout layout;
        private final Map<String, Map<Integer, double[][]>> parts = new java.util.HashMap<>();

        /**
         * With {@code nets} the run's network, or its ensemble's members, reading windows as {@code layout} says;
         * none for a run without a network (whose layout gives only the targets and the horizon).
         */
        Forecasts(List<ComputationGraph> nets, double[][] v, int season, ForecastData.Scaler scaler,
                  ForecastData.Layout layout) {
            this.nets = nets;
            this.v = v;
            this.season = season;
            this.scaler = scaler;
            this.layout = layout;
        }

        boolean hasNetwork() {
            return !nets.isEmpty();
        }

        /** The method's forecast {@code [target][step]} from each origin, for every target. */
        Map<Integer, double[][]> of(ForecastMethod method, List<Integer> origins) {
            return of(ForecastPlan.of(method), origins);
        }

        /** The plan's forecast {@code [target][step]} from each origin: each target's row from its method. */
        Map<Integer, double[][]> of(ForecastPlan plan, List<Integer> origins) {
            Map<Integer, double[][]> out = new java.util.HashMap<>();
            for (String part : plan.parts()) {
                Map<Integer, double[][]> known = parts.computeIfAbsent(part, p -> new java.util.HashMap<>());
                List<Integer> missing = origins.stream().filter(o -> !known.containsKey(o)).toList();
                if (missing.isEmpty()) {
                    continue;
                }
                if (part.equals(ForecastMethod.NETWORK)) {
                    known.putAll(ForecastTask.forecasts(nets, v, missing, scaler, layout));
                } else {
                    for (int o : missing) {
                        known.put(o, ForecastMethod.classical(part, v, layout.targets(), o, layout.horizon(), season));
                    }
                }
            }
            for (int o : origins) {
                out.put(o, plan.forecast(p -> parts.get(p).get(o)));
            }
            return out;
        }
    }

    /** Training or validation windows: the inputs the model takes, and its labels in its output's shape. */
    private static WindowIterator windows(double[][] v, ForecastData.Scaler scaler, List<Integer> origins,
                                          ForecastData.Layout layout, int batchSize, long seed, boolean shuffle) {
        int targets = layout.targets();
        int h = layout.horizon();
        int per = layout.perOrigin();
        int k = layout.sampleTargets();
        // the samples within their series (a global layout's series that start late have fewer), in layout order
        boolean[] usable = layout.usable(v, origins);
        float[][][] all = layout.features(v, scaler, origins);
        float[][] rows = ForecastData.labels(v, scaler, origins, targets, h, layout.base());
        float[][][] before = layout.autoregressive()
                ? ForecastData.previous(v, scaler, origins, targets, h, layout.base()) : null;
        int n = (int) usable(usable);
        float[][][] features = new float[n][][];
        float[][] labels = new float[n][];
        float[][][] previous = new float[n][][];
        for (int s = 0, kept = 0; s < usable.length; s++) {
            if (!usable[s]) {
                continue;
            }
            // a global layout's sample i * targets + c is row i's part c (labels target-major: [c * h, (c + 1) * h))
            int i = s / per;
            int c = s % per;
            features[kept] = all[s];
            labels[kept] = java.util.Arrays.copyOfRange(rows[i], c * k * h, (c + 1) * k * h);
            previous[kept] = before == null ? null : java.util.Arrays.copyOfRange(before[i], c * k, (c + 1) * k);
            kept++;
        }
        if (!layout.autoregressive()) {
            return new WindowIterator(new INDArray[]{Nd4j.create(features)}, Nd4j.create(labels), batchSize, seed,
                    shuffle);
        }
        return new WindowIterator(new INDArray[]{Nd4j.create(features), Nd4j.create(previous)},
                Nd4j.create(labels).reshape(n, k, h), batchSize, seed, shuffle);
    }

    /** How many are true. */
    private static long usable(boolean[] usable) {
        long n = 0;
        for (boolean u : usable) {
            n += u ? 1 : 0;
        }
        return n;
    }

    /** For the run's description: where each target that starts later than the table starts, or nothing. */
    private static String lateStartsText(TimeTable table, int targets) {
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < targets; c++) {
            int start = table.start(c);
            if (start > 0) {
                out.append(out.length() == 0 ? "; " : ", ").append(table.columns().get(c)).append(" from step ")
                        .append(start).append(" (").append(table.times().get(start)).append(')');
            }
        }
        return out.toString();
    }

    /**
     * The scaled outputs at each origin, {@code [origins][targets * H]} target-major, of the run's network or the mean
     * of its ensemble's members' (each unrolled on its own).
     */
    public static double[][] outputs(List<ComputationGraph> nets, double[][] v, ForecastData.Scaler scaler,
                                     List<Integer> origins, ForecastData.Layout layout) {
        double[][] mean = null;
        for (ComputationGraph net : nets) {
            double[][] out = outputs(net, v, scaler, origins, layout);
            if (mean == null) {
                mean = out;
                continue;
            }
            for (int i = 0; i < out.length; i++) {
                for (int j = 0; j < out[i].length; j++) {
                    mean[i][j] += out[i][j];
                }
            }
        }
        for (double[] row : mean) {
            for (int j = 0; j < row.length; j++) {
                row[j] /= nets.size();
            }
        }
        return mean;
    }

    /**
     * One network's scaled outputs at each origin, {@code [origins][targets * H]} target-major. The encoder-decoder
     * is unrolled: its decoder starts from the last known value and is fed each forecast step in turn.
     */
    static double[][] outputs(ComputationGraph net, double[][] v, ForecastData.Scaler scaler, List<Integer> origins,
                              ForecastData.Layout layout) {
        INDArray features = Nd4j.create(layout.features(v, scaler, origins));
        int n = origins.size();
        int targets = layout.targets();
        int h = layout.horizon();
        // a global layout's sample i * targets + c forecasts target c from origin i: row-major, [n, targets * h]
        if (!layout.autoregressive()) {
            return net.output(features)[0].reshape(n, (long) targets * h).toDoubleMatrix();
        }
        INDArray previous = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, (long) n * layout.perOrigin(),
                layout.sampleTargets(), h);
        for (int i = 0; i < n && layout.base() == 0; i++) {
            for (int c = 0; c < targets; c++) {
                long[] at = layout.global() ? new long[]{(long) i * targets + c, 0, 0} : new long[]{i, c, 0};
                previous.putScalar(at, scaler.scale(v[origins.get(i) - 1][c], c));
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

    /**
     * The validation loss of the mean output of {@code nets} (an ensemble's members) in {@code valid_loss}'s units:
     * the mean squared error of the scaled targets per window, for the decoder (fed the true previous steps, as in
     * training) summed over its {@code h} steps; {@code null} without validation windows.
     */
    static Double validLoss(List<ComputationGraph> nets, double[][] v, ForecastData.Scaler scaler,
                            List<Integer> origins, ForecastData.Layout layout) {
        if (origins.isEmpty()) {
            return null;
        }
        // every window in one batch, as training reads them (the decoder's inputs, the labels' shape)
        org.nd4j.linalg.dataset.api.MultiDataSet windows = windows(v, scaler, origins, layout,
                Math.max(1, (int) usable(layout.usable(v, origins))), 0, false).next();
        INDArray labels = windows.getLabels(0);
        INDArray mean = null;
        for (ComputationGraph net : nets) {
            INDArray out = net.output(false, windows.getFeatures())[0].reshape(labels.shape())
                    .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
            mean = mean == null ? out.dup() : mean.addi(out);
        }
        mean.divi(nets.size());
        double mse = mean.squaredDistance(labels.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE))
                / labels.length();
        return layout.autoregressive() ? mse * layout.horizon() : mse;
    }

    /**
     * Each ensemble member alone: its seed, epochs, best epoch, validation loss and test MASE (its network's forecast
     * at the test origins), to compare with the ensemble's.
     */
    private static List<ForecastSummary.Member> members(RunConfig config, List<Trainer.Result> results,
                                                        List<ComputationGraph> best, ForecastData data,
                                                        ForecastData.Layout layout) {
        double[][] v = data.table().values();
        int t = data.targets();
        int h = layout.horizon();
        List<Integer> test = data.split().test();
        List<ForecastSummary.Member> out = new java.util.ArrayList<>();
        for (int m = 0; m < best.size(); m++) {
            List<ComputationGraph> alone = List.of(best.get(m));
            Map<Integer, double[][]> f = forecasts(alone, v, test, data.scaler(), layout);
            ForecastBacktest.Scores scores = Backtest.scores(v, t, data.table().columns().subList(0, t), test, h,
                    data.season(), f::get);
            Trainer.Result r = results.get(m);
            out.add(new ForecastSummary.Member(m + 1, m == 0 ? "." : RunDirectory.memberPath(m + 1), config.seed() + m,
                    r.epochs().size(), r.bestEpoch(), r.stopReason(),
                    validLoss(alone, v, data.scaler(), data.split().valid(), layout),
                    scores.mase()));
        }
        return out;
    }

    /** {@code valid_loss}: mean squared error of the scaled targets over all validation windows. */
    private static Map<String, Double> validMetrics(ComputationGraph net, WindowIterator valid) {
        valid.reset();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("valid_loss", Classification.meanScore(net, valid));
        return out;
    }

    /** The model's forecast from each origin, {@code [target][step]} in the data's units. */
    private static Map<Integer, double[][]> forecasts(List<ComputationGraph> nets, double[][] v, List<Integer> origins,
                                                      ForecastData.Scaler scaler, ForecastData.Layout layout) {
        double[][] out = outputs(nets, v, scaler, origins, layout);
        Map<Integer, double[][]> forecasts = new java.util.HashMap<>();
        for (int i = 0; i < origins.size(); i++) {
            forecasts.put(origins.get(i), layout.forecast(out[i], v, scaler, origins.get(i)));
        }
        return forecasts;
    }

    /**
     * {@code forecast.png}: the best model's forecast from the last test origin against what came true, the picture
     * {@code seq4j forecast --plot} draws; a chart that cannot be drawn in time is a warning, the summary holds the
     * numbers.
     */
    private static void writePlot(RunDirectory run, TimeTable table, int targets, List<Integer> origins,
                                  Map<Integer, double[][]> forecasts, double[][] widths) {
        int origin = origins.get(origins.size() - 1);
        double[][] values = forecasts.get(origin);
        int h = values[0].length;
        dev.seq4j.api.Forecast forecast = band(table.columns().subList(0, targets),
                table.times().subList(origin, origin + h), values, widths);
        String title = String.format(Locale.ROOT, "test: %d steps from step %d, the last of %d origin(s)", h, origin,
                origins.size());
        try {
            run.writeBytes(PLOT, forecast.png(title, table, origin));
        } catch (dev.seq4j.run.Charts.PlotException e) {
            LOG.warn("{} not drawn: {}", run.path(PLOT), e.getMessage());
        }
    }

    /**
     * A forecast with its intervals: {@code values} plus or minus the half-widths ({@link Intervals#halfWidth}, beyond
     * the run's horizon growing with the steps); without intervals when {@code widths} is null.
     */
    public static dev.seq4j.api.Forecast band(List<String> targets, List<String> times, double[][] values,
                                              double[][] widths) {
        if (widths == null) {
            return new dev.seq4j.api.Forecast(targets, times, values);
        }
        double[][] lower = new double[values.length][];
        double[][] upper = new double[values.length][];
        for (int c = 0; c < values.length; c++) {
            lower[c] = new double[values[c].length];
            upper[c] = new double[values[c].length];
            for (int k = 0; k < values[c].length; k++) {
                double w = Intervals.halfWidth(widths[c], k);
                lower[c][k] = values[c][k] - w;
                upper[c][k] = values[c][k] + w;
            }
        }
        return new dev.seq4j.api.Forecast(targets, times, values, lower, upper, Intervals.LEVEL);
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
        Loaded m = Loaded.of(run);
        TimeTable table = m.table(file, spec);
        int targets = m.targets();
        int season = m.season();
        int l = spec.inputLength();
        int h = spec.horizon();
        int first = spec.testStart(table.length());
        int history = Math.max(m.history(l), season + 1);
        if (first < history) {
            throw new dev.seq4j.UserException(String.format(Locale.ROOT, "--data: %s has %d steps; the run's %s, "
                    + "horizon %d and %d origin(s) need at least %d", file, table.length(), m.method().usesNetwork()
                    ? "inputLength " + l : "season " + season, h, spec.origins(),
                    history + h + (spec.origins() - 1) * spec.stride()));
        }
        m.checkStarts("--data", table, first, true);
        List<Integer> origins = new java.util.ArrayList<>();
        for (int o = first; o <= table.length() - h; o += spec.stride()) {
            origins.add(o);
        }
        Forecasts forecasts = new Forecasts(m.networks(run), table.values(), season, m.scaler(), m.layout());
        Map<Integer, double[][]> predicted = forecasts.of(m.method(), origins);
        ForecastBacktest test = Backtest.run(table.values(), targets, table.columns(), origins, h, season,
                predicted::get);
        ForecastBacktest.Scores model = test.model();
        Double coverage = m.widths() == null ? null
                : Intervals.coverage(table.values(), targets, origins, h, predicted::get, m.widths());
        return new ForecastEvaluation(config.task(), file.toString(), origins.size(), h, season, model.mae(),
                model.rmse(), model.smape(), model.mase(), baseline(test.naive()), baseline(test.seasonalNaive()),
                baseline(test.drift()), baseline(test.ets()), baseline(test.theta()), model.perTarget(), coverage);
    }

    /** A baseline's errors in {@code eval}'s report: averaged over the targets (the model's alone are per target). */
    private static ForecastEvaluation.Baseline baseline(ForecastBacktest.Scores scores) {
        return new ForecastEvaluation.Baseline(scores.mae(), scores.rmse(), scores.smape(), scores.mase());
    }

    /**
     * A run starts only from a forecaster whose network reads and outputs as its own would: as many input columns and
     * outputs. So a global model (of one target column and the covariates in, one target out) starts a run of any one
     * of its series, or a global run of any number of them, with those covariates and that horizon.
     */
    private static void checkShape(InitRun init, int inputs, int outputs) {
        Loaded m = Loaded.of(init.run());
        if (!m.method().usesNetwork()) {
            throw new dev.seq4j.config.ConfigException(InitRun.KEY, init.run().root() + " forecasts with "
                    + m.method() + " and has no network to start from");
        }
        // Loaded.of read the init network's shape: its layout gives the inputs and outputs it checked
        int in = m.layout().inputs((int) m.columns());
        int out = m.layout().outputs();
        if (in != inputs || out != outputs) {
            throw new dev.seq4j.config.ConfigException(InitRun.KEY, String.format(Locale.ROOT, "%s's network reads "
                    + "%d column(s) and has %d output(s); this run's would read %d and have %d (its targets, "
                    + "covariates, data.horizon and model.global decide them)", init.run().root(), in, out, inputs,
                    outputs));
        }
    }

    /** Longest season a run's summary may record (the season is a lag in steps). */
    static final int MAX_SEASON = 1 << 20;

    /**
     * What a finished run needs to forecast, checked against its model before any array is made: the table's
     * {@code columns} and {@code targets} (the model's inputs and outputs, as its {@code layout} reads them), the
     * season and the scaler (one mean and deviation per column).
     */
    public record Loaded(long columns, int targets, int season, ForecastData.Scaler scaler, ForecastPlan method,
                         Intervals.Widths widths, ForecastData.Layout layout, boolean lateStarts) {
        public static Loaded of(RunDirectory run) {
            RunConfig config = run.config();
            ForecastDataSpec spec = (ForecastDataSpec) config.data();
            boolean autoregressive = config.model().forecaster() == ModelSpec.Forecaster.AUTOREGRESSIVE;
            com.fasterxml.jackson.databind.JsonNode summary = run.summary();
            com.fasterxml.jackson.databind.JsonNode names = summary.path("targets");
            int targets = names.isArray() ? names.size() : 0;
            ForecastPlan method = method(run, summary, targets);
            int season = season(run, summary);
            ForecastData.Layout layout = new ForecastData.Layout(spec.inputLength(), targets, spec.horizon(),
                    spec.base(season, autoregressive), autoregressive, config.model().global());
            if (!method.usesNetwork()) {
                // no network: the columns the run was trained on are in columns.json
                var json = dev.seq4j.run.RunFiles.json(run.input(COLUMNS));
                var covariates = json.path("covariates");
                if (targets < 1 || !json.path("targets").isArray() || json.path("targets").size() != targets
                        || !covariates.isArray()) {
                    throw new dev.seq4j.UserException(run.path(COLUMNS) + ": not the " + targets + " target(s) of "
                            + run.path(RunDirectory.SUMMARY) + " and a list of covariates; the run directory is corrupt");
                }
                return new Loaded(targets + covariates.size(), targets, season, null, method,
                        widths(run, summary, names, spec.horizon()), layout, ForecastTask.lateStarts(config));
            }
            ModelFile.Shape shape = run.shape();
            long inputs = shape.inputWidth(ForecastModel.INPUT);
            long columns = layout.columns(inputs);
            long outputs = shape.nOut(ForecastModel.OUTPUT);
            // the one-shot model outputs every target (a global one its sample's) at every step of the horizon, the
            // decoder one step at a time
            if (targets < 1 || inputs < 1 || targets > columns || outputs != layout.outputs()) {
                throw new dev.seq4j.UserException(run.path(RunDirectory.SUMMARY) + ": " + targets + " targets, which "
                        + shape.file() + " (" + inputs + " inputs, " + outputs + " outputs) does not forecast"
                        + (layout.global() ? " as a global model" : "") + "; the run directory is corrupt");
            }
            return new Loaded(columns, targets, season, ForecastData.Scaler.load(run.input(SCALER), columns), method,
                    widths(run, summary, names, spec.horizon()), layout, ForecastTask.lateStarts(config));
        }

        /**
         * The summary's interval half-widths, or {@code null} for a run without intervals: per target its
         * {@code relativeHalfWidth} where it has one (a fraction of the last value, with its
         * {@code relativeLevelFloor}), else its {@code halfWidth}; a list that is not a non-negative number per step of
         * the horizon for each target, or a floor that is not a positive number, is a corrupt file.
         */
        private static Intervals.Widths widths(RunDirectory run, com.fasterxml.jackson.databind.JsonNode summary,
                                               com.fasterxml.jackson.databind.JsonNode targets, int h) {
            com.fasterxml.jackson.databind.JsonNode intervals = summary.path("intervals");
            com.fasterxml.jackson.databind.JsonNode half = intervals.path("halfWidth");
            if (half.isMissingNode() || half.isNull()) {
                return null;
            }
            com.fasterxml.jackson.databind.JsonNode relative = intervals.path("relativeHalfWidth");
            double[][] out = new double[targets.size()][];
            boolean[] isRelative = new boolean[targets.size()];
            for (int c = 0; c < out.length; c++) {
                String target = targets.get(c).asText();
                isRelative[c] = relative.has(target);
                String key = isRelative[c] ? "relativeHalfWidth" : "halfWidth";
                com.fasterxml.jackson.databind.JsonNode w = intervals.path(key).path(target);
                if (!w.isArray() || w.size() != h) {
                    throw new dev.seq4j.UserException(run.path(RunDirectory.SUMMARY) + ": 'intervals." + key + "' has no "
                            + h + " widths for target '" + target + "'; the file is corrupt");
                }
                out[c] = new double[h];
                for (int k = 0; k < h; k++) {
                    out[c][k] = w.get(k).asDouble(Double.NaN);
                    if (!w.get(k).isNumber() || !(out[c][k] >= 0) || Double.isInfinite(out[c][k])) {
                        throw new dev.seq4j.UserException(run.path(RunDirectory.SUMMARY) + ": 'intervals." + key + "."
                                + target + "[" + k + "]' is not a width; the file is corrupt");
                    }
                }
            }
            // the level a relative band falls back to from a last value of 0 or below (0: a run written before)
            double[] lowest = new double[targets.size()];
            com.fasterxml.jackson.databind.JsonNode floors = intervals.path("relativeLevelFloor");
            for (int c = 0; c < lowest.length; c++) {
                com.fasterxml.jackson.databind.JsonNode f = floors.path(targets.get(c).asText());
                if (f.isMissingNode() || !isRelative[c]) {
                    continue;
                }
                lowest[c] = f.asDouble(Double.NaN);
                if (!f.isNumber() || !(lowest[c] > 0) || Double.isInfinite(lowest[c])) {
                    throw new dev.seq4j.UserException(run.path(RunDirectory.SUMMARY) + ": 'intervals.relativeLevelFloor."
                            + targets.get(c).asText() + "' is not a positive level; the file is corrupt");
                }
            }
            return new Intervals.Widths(out, isRelative, lowest);
        }

        private static int season(RunDirectory run, com.fasterxml.jackson.databind.JsonNode summary) {
            com.fasterxml.jackson.databind.JsonNode season = summary.path("season");
            if (!season.canConvertToInt() || season.asInt() < 1 || season.asInt() > MAX_SEASON) {
                throw new dev.seq4j.UserException(run.path(RunDirectory.SUMMARY) + ": 'season' is not a number of "
                        + "steps from 1 to " + MAX_SEASON + "; the file is corrupt");
            }
            return season.asInt();
        }

        /**
         * The fewest steps the run's method forecasts from, given the network's window {@code l}: the window, 4 for ETS
         * and Theta (which read the whole history), a season and a step for seasonal naive; the most its parts need.
         */
        public int history(int l) {
            int needed = 1;
            for (String part : method.parts()) {
                needed = Math.max(needed, switch (part) {
                    case ForecastMethod.NETWORK -> l;
                    case "seasonalNaive" -> season;
                    default -> ForecastData.MIN_HISTORY;
                });
            }
            return needed;
        }

        /**
         * The steps of each series the run's method needs before a forecast: for its network what its outputs are
         * relative to (the window before a series' start is padded; the table still needs the window), a season
         * for seasonal naive, {@link ForecastData#MIN_HISTORY} for ETS and Theta; the most its parts need.
         */
        public int seriesHistory() {
            int needed = 1;
            for (String part : method.parts()) {
                needed = Math.max(needed, switch (part) {
                    case ForecastMethod.NETWORK -> Math.max(layout.base(), 1);
                    case "seasonalNaive" -> season;
                    default -> ForecastData.MIN_HISTORY;
                });
            }
            return needed;
        }

        /**
         * Checks that each target of {@code table} has {@link #seriesHistory} steps (and, with {@code scored}, more
         * than a season, which MASE's scale needs) before {@code origin}; else a {@link dev.seq4j.UserException} after
         * {@code key} naming the column, where it starts and what it needs.
         */
        public void checkStarts(String key, TimeTable table, int origin, boolean scored) {
            int needed = scored ? Math.max(seriesHistory(), season + 1) : seriesHistory();
            for (int c = 0; c < targets; c++) {
                int start = table.start(c);
                if (origin - start < needed) {
                    throw new dev.seq4j.UserException(String.format(Locale.ROOT, "%s: %s column '%s' has %d step(s) "
                                    + "before the forecast from %s (from %s); the run's %s needs %d", key, table.file(),
                            table.columns().get(c), origin - start, origin < table.length()
                                    ? table.times().get(origin) : "its end", table.times().get(start), method, needed));
                }
            }
        }

        /**
         * The summary's {@code method.name}: one method, or one per target; a run from before methods forecasts with
         * its network.
         */
        private static ForecastPlan method(RunDirectory run, com.fasterxml.jackson.databind.JsonNode summary,
                                           int targets) {
            com.fasterxml.jackson.databind.JsonNode name = summary.path("method").path("name");
            if (name.isMissingNode()) {
                return ForecastPlan.of(ForecastMethod.parse(ForecastMethod.NETWORK));
            }
            ForecastPlan plan;
            try {
                plan = ForecastPlan.parse(name.asText());
            } catch (IllegalArgumentException e) {
                throw new dev.seq4j.UserException(run.path(RunDirectory.SUMMARY) + ": 'method.name' " + e.getMessage()
                        + "; the file is corrupt");
            }
            if (plan.perTarget() && plan.byTarget().size() != targets) {
                throw new dev.seq4j.UserException(run.path(RunDirectory.SUMMARY) + ": 'method.name' names "
                        + plan.byTarget().size() + " targets' methods; the run has " + targets + "; the file is corrupt");
            }
            return plan;
        }

        /**
         * The run's network and its ensemble's further members ({@code model.ensemble}), each checked to read and
         * output as the first does before its weights are read; none when the run's method uses no network.
         */
        public List<ComputationGraph> networks(RunDirectory run) {
            if (!method.usesNetwork()) {
                return List.of();
            }
            ModelFile.Shape shape = run.shape();
            List<RunDirectory> members = new java.util.ArrayList<>();
            for (int m = 2; m <= run.config().model().ensemble(); m++) {
                RunDirectory member = run.nested(RunDirectory.memberPath(m));
                ModelFile.Shape s = member.shape();
                if (s.inputWidth(ForecastModel.INPUT) != shape.inputWidth(ForecastModel.INPUT)
                        || s.nOut(ForecastModel.OUTPUT) != shape.nOut(ForecastModel.OUTPUT)) {
                    throw new dev.seq4j.UserException(s.file() + ": an ensemble member of other inputs or outputs "
                            + "than " + shape.file() + "; the run directory is corrupt");
                }
                members.add(member);
            }
            List<ComputationGraph> nets = new java.util.ArrayList<>(List.of(run.model()));
            for (RunDirectory member : members) {
                nets.add(member.model());
            }
            return List.copyOf(nets);
        }

        /** The data file's table, which must have the columns the model reads. */
        TimeTable table(Path file, ForecastDataSpec spec) {
            TimeTable table = ForecastData.table("--data", file, spec, lateStarts);
            if (table.columns().size() != columns) {
                throw new dev.seq4j.UserException("--data: " + file + " has " + table.columns().size() + " columns "
                        + table.columns() + "; the run's model reads " + columns);
            }
            return table;
        }
    }
}
