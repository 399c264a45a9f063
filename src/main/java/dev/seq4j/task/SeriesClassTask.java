package dev.seq4j.task;

import dev.seq4j.UserException;
import dev.seq4j.config.RunConfig;
import dev.seq4j.config.SeriesClassDataSpec;
import dev.seq4j.data.series.LabelledSeries;
import dev.seq4j.data.series.SeriesClassData;
import dev.seq4j.data.series.SeriesIterator;
import dev.seq4j.data.series.SeriesNormalizer;
import dev.seq4j.eval.BagOfValuesBaseline;
import dev.seq4j.eval.ClassifierMetrics;
import dev.seq4j.model.ClassifierModel;
import dev.seq4j.run.ModelFile;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.run.RunFiles;
import dev.seq4j.train.Objective;
import dev.seq4j.train.Launch;
import dev.seq4j.train.MemoryBudget;
import dev.seq4j.train.Trainer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Time-series classification, many-to-one: a label per multivariate series (sensor or process readings).
 * The values are normalised by a normaliser fitted on the training series only and saved with the model
 * ({@value #NORMALIZER}); the report has the same metrics as text classification, next to a majority-class
 * and a bag-of-values logistic-regression baseline on the same split.
 */
public final class SeriesClassTask {
    public static final String NORMALIZER = "normalizer.bin";
    public static final String FEATURES = "features.json";
    public static final String BASELINE = "baseline.zip";
    public static final String BASELINE_BINS = "baseline-bins.json";
    public static final Objective OBJECTIVE = Classification.OBJECTIVE;
    private static final String BASELINE_NAME = "bag-of-values logistic regression";

    private SeriesClassTask() {
    }

    /** Trains a run into {@code out} (see {@link CharLmTask#train(RunConfig, Path, PrintWriter, PrintStream)}). */
    public static CharLmTask.Outcome train(RunConfig config, Path out, PrintWriter console, PrintStream terminal) {
        return train(config, out, console, terminal, (epoch, best) -> null);
    }

    /** As {@link #train(RunConfig, Path, PrintWriter, PrintStream)}, stopping early when {@code stopRule} says so. */
    public static CharLmTask.Outcome train(RunConfig config, Path out, PrintWriter console, PrintStream terminal,
                                Trainer.StopRule stopRule) {
        return train(config, out, Launch.NEW, console, terminal, stopRule);
    }

    /** As above, started as {@code launch} says (resumed, on several devices). */
    public static CharLmTask.Outcome train(RunConfig config, Path out, Launch launch, PrintWriter console,
                                PrintStream terminal, Trainer.StopRule stopRule) {
        long started = System.nanoTime();
        SeriesClassDataSpec spec = (SeriesClassDataSpec) config.data();
        SeriesClassData data = SeriesClassData.load(spec, config.seed());
        int f = data.features().size();
        int c = data.labels().size();
        DataNormalization normalizer = SeriesIterator.fitNormalizer(spec.normalize(), data.train());
        double[] weights = config.model().classWeights().equals("balanced")
                ? Classification.balanced(data.train().classes(), c) : null;
        Nd4j.getRandom().setSeed(config.seed());
        ComputationGraph net = new ComputationGraph(MemoryBudget.checked(ClassifierModel.seriesConfiguration(config, f,
                c, weights), config, data.train().series().stream().mapToInt(s -> s.length()).max().orElse(1), console));
        net.init();
        SeriesIterator train = new SeriesIterator(data.train(), c, config.train().batchSize(), normalizer,
                config.seed(), true);

        RunDirectory run = RunDirectory.start(out, config, launch.resume());
        run.writeJson(Classification.LABELS, data.labels());
        run.writeJson(FEATURES, data.features());
        if (normalizer != null) {
            run.writeFile(NORMALIZER, file -> SeriesNormalizer.write(normalizer, file));
        }
        IntSummaryStatistics lengths = data.train().series().stream().mapToInt(LabelledSeries::length)
                .summaryStatistics();
        console.printf(Locale.ROOT, "seriesclass: %d training and %d validation series of %s steps, %d feature%s %s, "
                        + "classes %s, normalise %s, %,d parameters%n", data.train().size(), data.valid().size(),
                lengths.getMin() == lengths.getMax() ? lengths.getMin() : lengths.getMin() + "-" + lengths.getMax(),
                f, f == 1 ? "" : "s", data.features(), data.labels(), spec.normalize(), net.numParams());
        console.flush();

        Trainer.Result result = new Trainer(config.train(), run, console, terminal, "nats").seeded(config.seed()).launch(launch).counting("series")
                .stopWhen(stopRule)
                .fit(net, train, train.batchCount(), 1.0, n -> Classification.validMetrics(n,
                        () -> batches(data.valid(), c, normalizer), data.labels()), OBJECTIVE);
        if (result.bestEpoch() == 0) {
            throw new dev.seq4j.RunException("training produced no usable model: " + result.stopReason());
        }
        ComputationGraph best = run.model();
        ClassifierMetrics valid = metrics(best, data.valid(), data.labels(), normalizer);
        Classification.writeConfusion(run, valid);

        BagOfValuesBaseline bov = BagOfValuesBaseline.train(data.train(), data.valid(), c, config.seed());
        run.writeJson(BASELINE_BINS, bov.edges());
        run.writeFile(BASELINE, bov::save);

        Map<String, Object> summary = RunSummary.start(config, result);
        summary.put("model", Classification.model(config, net, false));
        summary.put("features", data.features());
        summary.put("labels", data.labels());
        summary.put("normalize", spec.normalize());
        SeriesClassData.Split test = data.test();
        Classification.putMetrics(summary, result, valid,
                test == null ? null : metrics(best, test, data.labels(), normalizer));
        summary.put("baseline", Classification.baseline(BASELINE_NAME, data.labels(),
                Classification.majority(data.train().classes(), c), data.valid().classes(), bov.predict(data.valid()),
                test == null ? null : test.classes(), test == null ? null : bov.predict(test)));
        Classification.trivial(summary, config.train(), data.labels(), Classification.majority(data.train().classes(), c),
                data.valid().classes(), valid);
        summary.put("trainSeconds", result.trainSeconds());
        summary.put("examplesPerSecond", result.tokens() / Math.max(result.trainSeconds(), 1e-9));
        summary.put("runSeconds", (System.nanoTime() - started) / 1e9);
        run.finish(summary);
        return new CharLmTask.Outcome(run, summary, "");
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
            DataNormalization normalizer = ((SeriesClassDataSpec) config.data()).normalize().equals("none") ? null
                    : SeriesNormalizer.read(run.input(NORMALIZER), width);
            return new Loaded(config, labels, List.copyOf(features), normalizer);
        }
    }

    /** The normaliser saved with a run (checked against its model), or {@code null} when it was trained on raw values. */
    static DataNormalization normalizer(RunDirectory run) {
        return Loaded.of(run).normalizer();
    }

    /** {@code eval}: the model's and the baselines' metrics on labelled series (a directory or a long CSV). */
    public static Map<String, Object> evaluate(RunDirectory run, Path path) {
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

    /**
     * {@code predict}: for each series (labels are optional), the predicted label and every class's probability,
     * as TSV with a header: {@code sequence, predicted, p(<class>)...}.
     */
    public static int predict(RunDirectory run, Path path, Writer out) throws IOException {
        Loaded m = Loaded.of(run);
        List<String> labels = m.labels();
        SeriesClassData.Split split = SeriesClassData.read("--data", path, (SeriesClassDataSpec) m.config().data(),
                m.features(), null);
        INDArray p = Classification.probabilities(run.model(), batches(split, labels.size(), m.normalizer()));
        Classification.writePredictions(out, "sequence", split.series().stream().map(LabelledSeries::id).toList(),
                labels, p, null, null);
        return split.size();
    }
}
