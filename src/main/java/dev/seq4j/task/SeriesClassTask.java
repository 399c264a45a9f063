package dev.seq4j.task;


import java.util.Map;
import java.util.Set;
import dev.seq4j.config.TaskOption;
import dev.seq4j.config.RunConfig;
import dev.seq4j.config.SeriesClassDataSpec;
import dev.seq4j.data.series.LabelledSeries;
import dev.seq4j.data.series.SeriesClassData;
import dev.seq4j.data.series.SeriesIterator;
import dev.seq4j.data.series.SeriesNormalizer;
import dev.seq4j.eval.BagOfValuesBaseline;
import dev.seq4j.eval.ClassifierMetrics;
import dev.seq4j.model.ClassifierModel;
import dev.seq4j.result.ClassificationSummary;
import dev.seq4j.result.ClassifierEvaluation;
import dev.seq4j.result.SeriesClassSummary;
import dev.seq4j.run.ModelFile;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.run.RunFiles;
import dev.seq4j.train.Objective;
import dev.seq4j.train.MemoryBudget;
import dev.seq4j.train.Trainer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;

/**
 * Time-series classification, many-to-one: a label per multivariate series (sensor or process readings).
 * The values are normalised by a normaliser fitted on the training series only and saved with the model
 * ({@value #NORMALIZER}); the report has the same metrics as text classification, next to a majority-class
 * and a bag-of-values logistic-regression baseline on the same split.
 */
public final class SeriesClassTask extends BuiltInTask {
    public static final String NORMALIZER = "normalizer.bin";
    public static final String FEATURES = "features.json";
    public static final String BASELINE = "baseline.zip";
    public static final String BASELINE_BINS = "baseline-bins.json";
    public static final Objective OBJECTIVE = Classification.OBJECTIVE;
    private static final String BASELINE_NAME = "bag-of-values logistic regression";

    /** Listed in {@code META-INF/services}; see {@link Tasks#of}. */
    public SeriesClassTask() {
        super("seriesclass", SeriesClassDataSpec.class, Set.of(TaskOption.POOLING, TaskOption.TBPTT, TaskOption.CLASS_WEIGHTS), OBJECTIVE, dev.seq4j.api.SeriesClassifier.class,
                dev.seq4j.api.RunModels::seriesClassifier, "", dev.seq4j.result.SeriesClassSummary.class);
    }

    @Override
    public void checkData(RunConfig config) {
        InitRun init = InitRun.of(config);
        data(config, init, init == null ? null : Loaded.of(init.run()));
    }

    /** The config's data; with an init run, in its labels (where they hold every training label) and features. */
    private static SeriesClassData data(RunConfig config, InitRun init, Loaded from) {
        SeriesClassDataSpec spec = (SeriesClassDataSpec) config.data();
        SeriesClassData data = SeriesClassData.load(spec, config.seed(), from == null ? null : from.labels());
        if (from != null) {
            SeriesClassDataSpec.Normalize was = ((SeriesClassDataSpec) from.config().data()).normalize();
            if (was != spec.normalize()) {
                throw new dev.seq4j.config.ConfigException("data.normalize", "the init run's is " + was + "; a model "
                        + "goes on seeing its inputs scaled as it learned them");
            }
            if (!from.features().equals(data.features())) {
                throw new dev.seq4j.config.ConfigException(InitRun.KEY, init.run().root() + " was trained on the "
                        + "features " + from.features() + ", " + spec.train() + " has " + data.features());
            }
        }
        return data;
    }

    /** Reads the labelled series, fits the normaliser and builds the network; see {@link SequenceTask#prepare}. */
    @Override
    public Training prepare(RunConfig config, PrintWriter console) {
        SeriesClassDataSpec spec = (SeriesClassDataSpec) config.data();
        InitRun init = InitRun.of(config);
        Loaded from = init == null ? null : Loaded.of(init.run());
        SeriesClassData data = data(config, init, from);
        int f = data.features().size();
        int c = data.labels().size();
        // a fine-tuned model sees its inputs scaled as its init run's did
        DataNormalization normalizer = from != null ? from.normalizer()
                : SeriesIterator.fitNormalizer(spec.normalize(), data.train());
        double[] weights = config.model().classWeights() == dev.seq4j.config.ModelSpec.ClassWeights.BALANCED
                ? Classification.balanced(data.train().classes(), c) : null;
        Nd4j.getRandom().setSeed(config.seed());
        ComputationGraph net = InitRun.network(MemoryBudget.checked(ClassifierModel.seriesConfiguration(config, f,
                c, weights), config, data.train().series().stream().mapToInt(s -> s.length()).max().orElse(1), console),
                init, InitRun.freshOutput(from == null ? null : from.labels(), data.labels(), ClassifierModel.OUTPUT,
                        "labels"), Map.of(), console);
        SeriesIterator train = new SeriesIterator(data.train(), c, config.train().batchSize(), normalizer,
                config.seed(), true);
        return new Training() {
            @Override
            protected void writeFiles(RunDirectory run) {
                run.writeJson(Classification.LABELS, data.labels());
                run.writeJson(FEATURES, data.features());
                if (normalizer != null) {
                    run.writeFile(NORMALIZER, file -> SeriesNormalizer.write(normalizer, file));
                }
            }

            @Override
            protected String describe() {
                IntSummaryStatistics lengths = data.train().series().stream().mapToInt(LabelledSeries::length)
                        .summaryStatistics();
                return String.format(Locale.ROOT, "seriesclass: %d training and %d validation series of %s steps, %d "
                                + "feature%s %s, classes %s, normalise %s, %,d parameters", data.train().size(),
                        data.valid().size(), lengths.getMin() == lengths.getMax() ? lengths.getMin()
                                : lengths.getMin() + "-" + lengths.getMax(),
                        f, f == 1 ? "" : "s", data.features(), data.labels(), spec.normalize(), net.numParams());
            }

            @Override
            protected Trainer.Result fit(Fitting fitting) {
                return fitting.trainer("nats").counting("series").fit(net, train, train.batchCount(), 1.0,
                        n -> Classification.validMetrics(n, () -> batches(data.valid(), c, normalizer), data.labels()),
                        OBJECTIVE);
            }

            @Override
            protected SeriesClassSummary summarise(RunDirectory run, RunFacts facts) {
                ComputationGraph best = run.model();
                ClassifierMetrics valid = metrics(best, data.valid(), data.labels(), normalizer);
                Classification.writeConfusion(run, valid);

                BagOfValuesBaseline bov = BagOfValuesBaseline.train(data.train(), data.valid(), c, config.seed());
                run.writeJson(BASELINE_BINS, bov.edges());
                run.writeFile(BASELINE, bov::save);

                SeriesClassData.Split test = data.test();
                ClassifierMetrics tested = test == null ? null : metrics(best, test, data.labels(), normalizer);
                int majority = Classification.majority(data.train().classes(), c);
                ClassificationSummary.Baseline baseline = Classification.baseline(BASELINE_NAME, data.labels(),
                        majority, data.valid().classes(), bov.predict(data.valid()),
                        test == null ? null : test.classes(), test == null ? null : bov.predict(test));
                ClassificationSummary.Trivial trivial = Classification.trivial(data.labels(), majority,
                        data.valid().classes());
                return new SeriesClassSummary(facts.task(), facts.status(), facts.stopReason(), facts.epochs(),
                        facts.bestEpoch(), Classification.model(config, net, false), data.features(), data.labels(),
                        spec.normalize(), valid.accuracy(), valid.macroF1(), facts.objective(OBJECTIVE),
                        valid.report(), tested == null ? null : tested.accuracy(),
                        tested == null ? null : tested.macroF1(), tested == null ? null : tested.report(), baseline,
                        trivial, Classification.warnings(config.train(), trivial, valid), facts.trainSeconds(),
                        facts.rate(), facts.runSeconds());
            }
        }.from(init);
    }

    private static SeriesIterator batches(SeriesClassData.Split split, int classes, DataNormalization normalizer) {
        return new SeriesIterator(split, classes, Classification.EVAL_BATCH, normalizer, 0, false);
    }

    static ClassifierMetrics metrics(ComputationGraph net, SeriesClassData.Split split, List<String> labels,
                                     DataNormalization normalizer) {
        return ClassifierMetrics.of(net, batches(split, labels.size(), normalizer), labels);
    }

    /**
     * What a finished run needs to read series, checked against its model before any array is made: the labels (as
     * many as the model's classes), the feature names and the normaliser (as many as its inputs).
     */
    public record Loaded(RunConfig config, List<String> labels, List<String> features, DataNormalization normalizer) {
        public static Loaded of(RunDirectory run) {
            RunConfig config = run.config();
            ModelFile.Shape shape = run.shape();
            List<String> labels = Classification.labels(run, shape, shape.nOut(ClassifierModel.OUTPUT));
            long width = shape.inputWidth(ClassifierModel.SERIES_INPUT);
            Path file = run.input(FEATURES);
            List<String> features = RunFiles.strings(file, null, (int) Math.min(width, Integer.MAX_VALUE - 8));
            RunFiles.fits(file, "features", features.size(), width, shape.file());
            DataNormalization normalizer = ((SeriesClassDataSpec) config.data()).normalize() == dev.seq4j.config.SeriesClassDataSpec.Normalize.NONE ? null
                    : SeriesNormalizer.read(run.input(NORMALIZER), width);
            return new Loaded(config, labels, List.copyOf(features), normalizer);
        }
    }

    /** The normaliser saved with a run (checked against its model), or {@code null} when it was trained on raw values. */
    static DataNormalization normalizer(RunDirectory run) {
        return Loaded.of(run).normalizer();
    }

    /** {@code eval}: the model's and the baselines' metrics on labelled series (a directory or a long CSV). */
    @Override
    public ClassifierEvaluation evaluate(RunDirectory run, Path path) {
        Loaded m = Loaded.of(run);
        List<String> labels = m.labels();
        Path bins = run.input(BASELINE_BINS);
        Path baseline = Classification.baseline(run, BASELINE, (long) m.features().size() * BagOfValuesBaseline.BINS,
                labels.size());
        SeriesClassData.Split split = SeriesClassData.read("--data", path, (SeriesClassDataSpec) m.config().data(),
                m.features(), labels);
        ClassifierMetrics metrics = metrics(run.model(), split, labels, m.normalizer());
        BagOfValuesBaseline bov = BagOfValuesBaseline.load(baseline, bins, m.features().size());
        return Classification.evaluation(m.config().task(), path, metrics,
                ClassifierMetrics.of(split.classes(), bov.predict(split), labels), BASELINE_NAME);
    }

}
