package dev.seq4j.task;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.UserException;
import dev.seq4j.config.ConfigLoader;
import dev.seq4j.config.RunConfig;
import dev.seq4j.config.TextClassDataSpec;
import dev.seq4j.data.text.LabelledText;
import dev.seq4j.data.text.TextClassData;
import dev.seq4j.data.text.TextClassIterator;
import dev.seq4j.data.text.TokenVocabulary;
import dev.seq4j.eval.BagOfWordsBaseline;
import dev.seq4j.eval.ClassifierMetrics;
import dev.seq4j.model.ClassifierModel;
import dev.seq4j.run.ConfusionPlot;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.run.Versions;
import dev.seq4j.train.Objective;
import dev.seq4j.train.Trainer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Text classification, many-to-one: a label per text, read from a delimited file. Reports accuracy, macro-F1,
 * per-class precision and recall and the confusion matrix, next to a majority-class and a bag-of-words
 * logistic-regression baseline trained on the same split, so every run says whether the RNN earned its keep.
 */
public final class TextClassTask {
    public static final String VOCAB = "vocab.json";
    public static final String LABELS = "labels.json";
    public static final String BASELINE = "baseline.zip";
    public static final String CONFUSION = "confusion.json";
    public static final String CONFUSION_PNG = "confusion.png";
    public static final Objective OBJECTIVE = new Objective("valid_accuracy", false);
    static final int EVAL_BATCH = 64;

    private TextClassTask() {
    }

    public static CharLmTask.Outcome train(RunConfig config, Path out, PrintWriter console, PrintStream terminal,
                                           Trainer.StopRule stopRule) {
        long started = System.nanoTime();
        TextClassDataSpec spec = (TextClassDataSpec) config.data();
        TextClassData data = TextClassData.load(spec, config.seed());
        int v = data.vocabulary().size();
        int c = data.labels().size();
        double[] weights = config.model().classWeights().equals("balanced") ? balanced(data.train(), c) : null;
        Nd4j.getRandom().setSeed(config.seed());
        ComputationGraph net = new ComputationGraph(ClassifierModel.textConfiguration(config, v, c, weights));
        net.init();
        TextClassIterator train = new TextClassIterator(data.train(), c, config.train().batchSize(), config.seed(), true);

        RunDirectory run = RunDirectory.create(out);
        run.writeString(RunDirectory.CONFIG, ConfigLoader.toYaml(config));
        run.writeJson(RunDirectory.VERSIONS, Versions.current());
        run.writeJson(LABELS, data.labels());
        try {
            data.vocabulary().save(run.path(VOCAB));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        console.printf(Locale.ROOT, "textclass: %d training and %d validation texts, classes %s, vocabulary %d %s tokens, "
                        + "%,d parameters%s%n", data.train().size(), data.valid().size(), data.labels(), v, spec.tokens(),
                net.numParams(), truncation(data, spec));
        console.flush();

        Trainer.Result result = new Trainer(config.train(), run, console, terminal, "nats").stopWhen(stopRule)
                .fit(net, train, train.batchCount(), 1.0, n -> validMetrics(n, data.valid(), data.labels()), OBJECTIVE);
        if (result.bestEpoch() == 0) {
            throw new IllegalStateException("training produced no usable model: " + result.stopReason());
        }
        ComputationGraph best = run.model();
        ClassifierMetrics valid = metrics(best, data.valid(), data.labels());
        run.writeJson(CONFUSION, valid.toMap().get("confusion"));
        run.writeBytes(CONFUSION_PNG, ConfusionPlot.png("validation confusion matrix", valid.labels(), valid.confusion()));

        BagOfWordsBaseline bow = BagOfWordsBaseline.train(data.train(), data.valid(), v, c, config.seed());
        try {
            Path tmp = run.temporary(BASELINE);
            bow.save(tmp.toFile());
            RunDirectory.moveAtomically(tmp, run.path(BASELINE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int majority = majority(data.train(), c);

        Map<String, Object> summary = RunSummary.start(config, result);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("cell", config.model().cell());
        model.put("layers", config.model().layers());
        model.put("embedding", config.model().embedding());
        model.put("pooling", config.model().pooling());
        model.put("bidirectional", config.model().bidirectional());
        model.put("parameters", net.numParams());
        summary.put("model", model);
        summary.put("labels", data.labels());
        summary.put("validAccuracy", valid.accuracy());
        summary.put("validMacroF1", valid.macroF1());
        summary.put("objective", RunSummary.objective(OBJECTIVE, result));
        summary.put("valid", valid.toMap());
        Map<String, Object> baseline = new LinkedHashMap<>();
        baseline.put("majorityClass", data.labels().get(majority));
        baseline.put("majorityValidAccuracy", majorityAccuracy(data.valid(), majority));
        ClassifierMetrics bowValid = ClassifierMetrics.of(data.valid().classes(), bow.predict(data.valid()), data.labels());
        baseline.put("model", "bag-of-words logistic regression");
        baseline.put("validAccuracy", bowValid.accuracy());
        baseline.put("validMacroF1", bowValid.macroF1());
        if (data.test() != null) {
            ClassifierMetrics test = metrics(best, data.test(), data.labels());
            summary.put("testAccuracy", test.accuracy());
            summary.put("testMacroF1", test.macroF1());
            summary.put("test", test.toMap());
            ClassifierMetrics bowTest = ClassifierMetrics.of(data.test().classes(), bow.predict(data.test()), data.labels());
            baseline.put("testAccuracy", bowTest.accuracy());
            baseline.put("testMacroF1", bowTest.macroF1());
            baseline.put("majorityTestAccuracy", majorityAccuracy(data.test(), majority));
        }
        summary.put("baseline", baseline);
        summary.put("truncatedTexts", Map.of("train", data.truncated()[0], "valid", data.truncated()[1],
                "test", data.truncated()[2]));
        summary.put("trainSeconds", result.trainSeconds());
        summary.put("examplesPerSecond", result.tokens() / Math.max(result.trainSeconds(), 1e-9));
        summary.put("runSeconds", (System.nanoTime() - started) / 1e9);
        run.writeJson(RunDirectory.SUMMARY, summary);
        return new CharLmTask.Outcome(run, summary, "");
    }

    private static String truncation(TextClassData data, TextClassDataSpec spec) {
        int cut = Arrays.stream(data.truncated()).sum();
        return spec.maxLength() == 0 ? "" : String.format(Locale.ROOT, "; %d texts cut to data.maxLength %d tokens "
                + "(train %d, valid %d, test %d)", cut, spec.maxLength(), data.truncated()[0], data.truncated()[1],
                data.truncated()[2]);
    }

    /** Loss weights {@code n / (C * count)}: each class contributes as much to the loss as a balanced set would. */
    static double[] balanced(TextClassData.Split train, int classes) {
        long[] counts = new long[classes];
        Arrays.stream(train.classes()).forEach(k -> counts[k]++);
        double[] w = new double[classes];
        for (int k = 0; k < classes; k++) {
            w[k] = counts[k] == 0 ? 0 : train.size() / (double) (classes * counts[k]);
        }
        return w;
    }

    static int majority(TextClassData.Split train, int classes) {
        long[] counts = new long[classes];
        Arrays.stream(train.classes()).forEach(k -> counts[k]++);
        int best = 0;
        for (int k = 1; k < classes; k++) {
            best = counts[k] > counts[best] ? k : best;
        }
        return best;
    }

    static double majorityAccuracy(TextClassData.Split split, int majority) {
        return Arrays.stream(split.classes()).filter(k -> k == majority).count() / (double) split.size();
    }

    private static Map<String, Double> validMetrics(ComputationGraph net, TextClassData.Split valid, List<String> labels) {
        TextClassIterator it = new TextClassIterator(valid, labels.size(), EVAL_BATCH, 0, false);
        double loss = 0;
        while (it.hasNext()) {
            MultiDataSet batch = it.next();
            loss += net.score(batch, false) * batch.getLabels(0).size(0);
        }
        ClassifierMetrics m = metrics(net, valid, labels);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("valid_loss", loss / valid.size());
        out.put("valid_accuracy", m.accuracy());
        out.put("valid_macro_f1", m.macroF1());
        return out;
    }

    static ClassifierMetrics metrics(ComputationGraph net, TextClassData.Split split, List<String> labels) {
        return ClassifierMetrics.of(net, new TextClassIterator(split, labels.size(), EVAL_BATCH, 0, false), labels);
    }

    /** Class probabilities {@code [n, C]} of the model for a split, in row order. */
    static INDArray probabilities(ComputationGraph net, TextClassData.Split split, int classes) {
        TextClassIterator it = new TextClassIterator(split, classes, EVAL_BATCH, 0, false);
        List<INDArray> parts = new java.util.ArrayList<>();
        while (it.hasNext()) {
            MultiDataSet batch = it.next();
            parts.add(net.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays())[0]);
        }
        return Nd4j.vstack(parts.toArray(new INDArray[0]));
    }

    /** {@code eval}: the model's and the baselines' metrics on a labelled file. */
    public static Map<String, Object> evaluate(RunDirectory run, Path file) {
        RunConfig config = run.config();
        TextClassDataSpec spec = (TextClassDataSpec) config.data();
        List<String> labels = labels(run);
        TokenVocabulary vocabulary = TokenVocabulary.load(run.path(VOCAB));
        TextClassData.Split split = TextClassData.encode("--data", file.toString(),
                LabelledText.read("--data", file, spec), labels, vocabulary, spec, new int[3], 0);
        ClassifierMetrics m = metrics(run.model(), split, labels);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", config.task());
        out.put("data", file.toString());
        out.put("examples", split.size());
        out.put("accuracy", m.accuracy());
        out.put("macroF1", m.macroF1());
        try {
            BagOfWordsBaseline bow = BagOfWordsBaseline.load(run.path(BASELINE).toFile());
            ClassifierMetrics b = ClassifierMetrics.of(split.classes(), bow.predict(split), labels);
            out.put("baselineAccuracy", b.accuracy());
            out.put("baselineMacroF1", b.macroF1());
            out.put("baseline", "bag-of-words logistic regression");
        } catch (IOException e) {
            throw new UserException(run.path(BASELINE) + ": cannot load the baseline (" + e.getMessage() + ")");
        }
        out.putAll(Map.of("perClass", m.toMap().get("perClass"), "confusion", m.toMap().get("confusion")));
        return out;
    }

    /**
     * {@code predict}: for each row of a file (a label column is optional), the predicted label and every class's
     * probability, as TSV with a header: {@code line, predicted, p(<class>)..., text}.
     */
    public static int predict(RunDirectory run, Path file, Writer out) throws IOException {
        RunConfig config = run.config();
        TextClassDataSpec spec = (TextClassDataSpec) config.data();
        List<String> labels = labels(run);
        TokenVocabulary vocabulary = TokenVocabulary.load(run.path(VOCAB));
        List<LabelledText> rows = LabelledText.read("--data", file, spec, false);
        TextClassData.Split split = TextClassData.encode("--data", file.toString(), rows, null, vocabulary, spec,
                new int[3], 0);
        INDArray p = probabilities(run.model(), split, labels.size());
        out.write("line\tpredicted");
        for (String label : labels) {
            out.write("\tp(" + label + ")");
        }
        out.write("\ttext\n");
        for (int i = 0; i < rows.size(); i++) {
            int k = p.getRow(i).argMax().getInt(0);
            out.write(rows.get(i).line() + "\t" + labels.get(k));
            for (int j = 0; j < labels.size(); j++) {
                out.write(String.format(Locale.ROOT, "\t%.6f", p.getDouble(i, j)));
            }
            out.write("\t" + rows.get(i).text().replace('\t', ' ') + "\n");
        }
        out.flush();
        return rows.size();
    }

    static List<String> labels(RunDirectory run) {
        try {
            return List.of(new ObjectMapper().readValue(run.path(LABELS).toFile(), String[].class));
        } catch (IOException e) {
            throw new UserException(run.path(LABELS) + ": cannot read the labels (" + e.getMessage() + ")");
        }
    }
}
