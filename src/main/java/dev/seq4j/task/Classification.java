package dev.seq4j.task;

import dev.seq4j.UserException;
import dev.seq4j.eval.ClassifierMetrics;
import dev.seq4j.result.ClassificationSummary;
import dev.seq4j.result.ClassifierEvaluation;
import dev.seq4j.result.ClassifierReport;
import dev.seq4j.run.ConfusionPlot;
import dev.seq4j.run.ModelFile;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.run.RunFiles;
import dev.seq4j.train.Objective;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the many-to-one classification tasks (text and series) share once their data is in minibatches: class
 * weights, the majority baseline, validation metrics, the confusion files, the baseline report, the labels
 * file and the prediction table.
 */
public final class Classification {
    static final String LABELS = "labels.json";
    static final String CONFUSION = "confusion.json";
    static final String CONFUSION_PNG = "confusion.png";
    static final Objective OBJECTIVE = new Objective("valid_accuracy", false, "valid_loss");
    public static final int EVAL_BATCH = 64;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Classification.class);

    private Classification() {
    }

    /** The summary's {@code model} section: the settings that shape the network, and its size. */
    static ClassificationSummary.Model model(dev.seq4j.config.RunConfig config, ComputationGraph net,
                                              boolean embedding) {
        dev.seq4j.config.ModelSpec m = config.model();
        return new ClassificationSummary.Model(m.cell(), m.layers(), embedding ? m.embedding() : null, m.pooling(),
                m.bidirectional(), net.numParams());
    }

    /** Loss weights {@code n / (C * count)}: each class contributes as much to the loss as a balanced set would. */
    static double[] balanced(int[] classes, int count) {
        long[] counts = counts(classes, count);
        double[] w = new double[count];
        for (int k = 0; k < count; k++) {
            w[k] = counts[k] == 0 ? 0 : classes.length / (double) (count * counts[k]);
        }
        return w;
    }

    /** The most frequent class (the lowest id on a tie). */
    static int majority(int[] classes, int count) {
        long[] counts = counts(classes, count);
        int best = 0;
        for (int k = 1; k < count; k++) {
            best = counts[k] > counts[best] ? k : best;
        }
        return best;
    }

    /** The accuracy of always answering {@code k}. */
    static double share(int[] classes, int k) {
        return Arrays.stream(classes).filter(c -> c == k).count() / (double) classes.length;
    }

    private static long[] counts(int[] classes, int count) {
        long[] counts = new long[count];
        Arrays.stream(classes).forEach(k -> counts[k]++);
        return counts;
    }

    /** {@code valid_loss} (mean cross-entropy in nats per example), {@code valid_accuracy}, {@code valid_macro_f1}. */
    static Map<String, Double> validMetrics(ComputationGraph net, Supplier<MultiDataSetIterator> data,
                                            List<String> labels) {
        double loss = meanScore(net, data.get());
        ClassifierMetrics m = ClassifierMetrics.of(net, data.get(), labels);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("valid_loss", loss);
        out.put("valid_accuracy", m.accuracy());
        out.put("valid_macro_f1", m.macroF1());
        return out;
    }

    /** DL4J's score (the loss, without regularisation) averaged over every example of the iterator. */
    static double meanScore(ComputationGraph net, MultiDataSetIterator it) {
        double sum = 0;
        long n = 0;
        while (it.hasNext()) {
            MultiDataSet batch = it.next();
            long size = batch.getLabels(0).size(0);
            sum += net.score(batch, false) * size;
            n += size;
        }
        return sum / n;
    }

    /** Class probabilities {@code [n, C]} of the model, in the iterator's order. */
    static INDArray probabilities(ComputationGraph net, MultiDataSetIterator it) {
        List<INDArray> parts = new ArrayList<>();
        while (it.hasNext()) {
            MultiDataSet batch = it.next();
            parts.add(net.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays())[0]);
        }
        return Nd4j.vstack(parts.toArray(new INDArray[0]));
    }

    /** {@code confusion.json} and {@code confusion.png} of the validation split. */
    static void writeConfusion(RunDirectory run, ClassifierMetrics valid) {
        run.writeJson(CONFUSION, valid.report().confusion());
        try {
            run.writeBytes(CONFUSION_PNG, ConfusionPlot.png("validation confusion matrix", valid.labels(), valid.confusion()));
        } catch (dev.seq4j.run.Charts.PlotException e) {
            LOG.warn("{} not drawn: {}; {} holds the numbers", run.path(CONFUSION_PNG), e.getMessage(), CONFUSION);
        }
    }

    /**
     * The summary's {@code baseline} section: the majority class and the classical model, on validation and
     * (when there is one) test data.
     *
     * @param test {@code {truth, baseline predictions}} on the test split, or {@code null}
     */
    static ClassificationSummary.Baseline baseline(String model, List<String> labels, int majority, int[] validTruth,
                                                   int[] validPredicted, int[] testTruth, int[] testPredicted) {
        ClassifierMetrics valid = ClassifierMetrics.of(validTruth, validPredicted, labels);
        ClassifierMetrics test = testTruth == null ? null : ClassifierMetrics.of(testTruth, testPredicted, labels);
        return new ClassificationSummary.Baseline(labels.get(majority), share(validTruth, majority), model,
                valid.accuracy(), valid.macroF1(), test == null ? null : test.accuracy(),
                test == null ? null : test.macroF1(), test == null ? null : share(testTruth, majority));
    }

    /** The summary's {@code trivial} model: always answering the training set's majority class. */
    static ClassificationSummary.Trivial trivial(List<String> labels, int majority, int[] validTruth) {
        int[] always = new int[validTruth.length];
        Arrays.fill(always, majority);
        ClassifierMetrics trivial = ClassifierMetrics.of(validTruth, always, labels);
        return new ClassificationSummary.Trivial("always '" + labels.get(majority) + "', the training set's majority "
                + "class", trivial.accuracy(), trivial.macroF1());
    }

    /**
     * The summary's warnings: one when the best model is below the trivial one in validation accuracy and macro-F1
     * both (class weights may rightly trade accuracy for the small classes' recall, so accuracy alone does not say the
     * model learned nothing).
     */
    static List<String> warnings(dev.seq4j.config.TrainSpec train, ClassificationSummary.Trivial trivial,
                                 ClassifierMetrics valid) {
        boolean worse = !(valid.accuracy() >= trivial.validAccuracy()) && !(valid.macroF1() >= trivial.validMacroF1());
        return RunSummary.trivialWarnings(train, trivial.model(), worse ? String.format(Locale.ROOT, "the best model's "
                        + "valid accuracy %.4f and macro-F1 %.4f are worse than the %.4f and %.4f", valid.accuracy(),
                valid.macroF1(), trivial.validAccuracy(), trivial.validMacroF1()) : null);
    }

    /** {@code eval}'s report: the model's metrics next to the baseline's on the same file. */
    static ClassifierEvaluation evaluation(String task, Path file, ClassifierMetrics model, ClassifierMetrics baseline,
                                           String baselineName) {
        ClassifierReport report = model.report();
        return new ClassifierEvaluation(task, file.toString(), model.examples(), model.accuracy(), model.macroF1(),
                baseline.accuracy(), baseline.macroF1(), baselineName, report.perClass(), report.confusion());
    }

    /**
     * A finished run's labels (classes, or tags), checked against the {@code width} of its model's output (given by
     * {@code shape}) before any array is made.
     */
    public static List<String> labels(RunDirectory run, ModelFile.Shape shape, long width) {
        Path file = run.input(LABELS);
        List<String> labels = RunFiles.strings(file, null, (int) Math.min(width, Integer.MAX_VALUE - 8));
        RunFiles.fits(file, "labels", labels.size(), width, shape.file());
        return List.copyOf(labels);
    }

    /**
     * Checks a run's baseline model file ({@code name}, a logistic regression) against the inputs and classes it must
     * have, before it is read into arrays; returns it.
     */
    static Path baseline(RunDirectory run, String name, long inputs, long classes) {
        Path file = run.input(name);
        ModelFile.Shape shape = ModelFile.shape(file);
        if (shape.layers() == null || shape.firstNIn() != inputs || shape.lastNOut() != classes) {
            throw new UserException(file + ": a baseline of " + (shape.layers() == null ? "another kind"
                    : shape.firstNIn() + " inputs and " + shape.lastNOut() + " classes") + " where " + inputs
                    + " inputs and " + classes + " classes were expected; the file does not belong to this run");
        }
        return file;
    }
}
