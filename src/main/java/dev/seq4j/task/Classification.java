package dev.seq4j.task;

import dev.seq4j.UserException;
import dev.seq4j.eval.ClassifierMetrics;
import dev.seq4j.run.ConfusionPlot;
import dev.seq4j.run.ModelFile;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.run.RunFiles;
import dev.seq4j.train.Objective;
import dev.seq4j.train.Trainer;
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
    static Map<String, Object> model(dev.seq4j.config.RunConfig config, ComputationGraph net, boolean embedding) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("cell", config.model().cell().id());
        model.put("layers", config.model().layers());
        if (embedding) {
            model.put("embedding", config.model().embedding());
        }
        model.put("pooling", config.model().pooling().id());
        model.put("bidirectional", config.model().bidirectional().id());
        model.put("parameters", net.numParams());
        return model;
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
        run.writeJson(CONFUSION, valid.toMap().get("confusion"));
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
    static Map<String, Object> baseline(String model, List<String> labels, int majority, int[] validTruth,
                                        int[] validPredicted, int[] testTruth, int[] testPredicted) {
        Map<String, Object> baseline = new LinkedHashMap<>();
        baseline.put("majorityClass", labels.get(majority));
        baseline.put("majorityValidAccuracy", share(validTruth, majority));
        ClassifierMetrics valid = ClassifierMetrics.of(validTruth, validPredicted, labels);
        baseline.put("model", model);
        baseline.put("validAccuracy", valid.accuracy());
        baseline.put("validMacroF1", valid.macroF1());
        if (testTruth != null) {
            ClassifierMetrics test = ClassifierMetrics.of(testTruth, testPredicted, labels);
            baseline.put("testAccuracy", test.accuracy());
            baseline.put("testMacroF1", test.macroF1());
            baseline.put("majorityTestAccuracy", share(testTruth, majority));
        }
        return baseline;
    }

    /**
     * The summary's {@code trivial} model, always answering the training set's majority class, and a warning when the
     * best model is below it in validation accuracy and macro-F1 both (class weights may rightly trade accuracy for the
     * small classes' recall, so accuracy alone does not say the model learned nothing).
     */
    static void trivial(Map<String, Object> summary, dev.seq4j.config.TrainSpec train, List<String> labels,
                        int majority, int[] validTruth, ClassifierMetrics valid) {
        int[] always = new int[validTruth.length];
        Arrays.fill(always, majority);
        ClassifierMetrics trivial = ClassifierMetrics.of(validTruth, always, labels);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("validAccuracy", trivial.accuracy());
        metrics.put("validMacroF1", trivial.macroF1());
        boolean worse = !(valid.accuracy() >= trivial.accuracy()) && !(valid.macroF1() >= trivial.macroF1());
        RunSummary.trivial(summary, train, "always '" + labels.get(majority) + "', the training set's majority class",
                metrics, worse ? String.format(Locale.ROOT, "the best model's valid accuracy %.4f and macro-F1 %.4f are "
                        + "worse than the %.4f and %.4f", valid.accuracy(), valid.macroF1(), trivial.accuracy(),
                        trivial.macroF1()) : null);
    }

    /** The summary's metrics of the best model: validation, and test when there is a test split. */
    static void putMetrics(Map<String, Object> summary, Trainer.Result result, ClassifierMetrics valid,
                           ClassifierMetrics test) {
        summary.put("validAccuracy", valid.accuracy());
        summary.put("validMacroF1", valid.macroF1());
        summary.put("objective", RunSummary.objective(OBJECTIVE, result));
        summary.put("valid", valid.toMap());
        if (test != null) {
            summary.put("testAccuracy", test.accuracy());
            summary.put("testMacroF1", test.macroF1());
            summary.put("test", test.toMap());
        }
    }

    /** {@code eval}'s report: the model's metrics next to the baseline's on the same file. */
    static Map<String, Object> evaluation(String task, Path file, ClassifierMetrics model, ClassifierMetrics baseline,
                                          String baselineName) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", task);
        out.put("data", file.toString());
        out.put("examples", model.examples());
        out.put("accuracy", model.accuracy());
        out.put("macroF1", model.macroF1());
        out.put("baselineAccuracy", baseline.accuracy());
        out.put("baselineMacroF1", baseline.macroF1());
        out.put("baseline", baselineName);
        out.put("perClass", model.toMap().get("perClass"));
        out.put("confusion", model.toMap().get("confusion"));
        return out;
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

    /** {@code train}'s headline of a classifier's summary: accuracy and macro-F1 against its baselines. */
    static String headline(Map<String, Object> s) {
        Map<?, ?> b = (Map<?, ?>) s.get("baseline");
        String line = String.format(java.util.Locale.ROOT, "valid: accuracy %.4f, macro-F1 %.4f (%s: accuracy %.4f; "
                        + "majority class: %.4f)", (Double) s.get("validAccuracy"), (Double) s.get("validMacroF1"),
                b.get("model"), (Double) b.get("validAccuracy"), (Double) b.get("majorityValidAccuracy"));
        if (s.containsKey("testAccuracy")) {
            line += String.format(java.util.Locale.ROOT, "%ntest: accuracy %.4f, macro-F1 %.4f (%s: accuracy %.4f; "
                            + "majority class: %.4f)", (Double) s.get("testAccuracy"), (Double) s.get("testMacroF1"),
                    b.get("model"), (Double) b.get("testAccuracy"), (Double) b.get("majorityTestAccuracy"));
        }
        return line;
    }
}
