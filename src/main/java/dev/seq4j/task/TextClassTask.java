package dev.seq4j.task;

import dev.seq4j.UserException;
import dev.seq4j.config.RunConfig;
import dev.seq4j.config.TextClassDataSpec;
import dev.seq4j.data.text.LabelledText;
import dev.seq4j.data.text.TextClassData;
import dev.seq4j.data.text.TextClassIterator;
import dev.seq4j.data.text.TokenVocabulary;
import dev.seq4j.eval.BagOfWordsBaseline;
import dev.seq4j.eval.ClassifierMetrics;
import dev.seq4j.model.ClassifierModel;
import dev.seq4j.run.ModelFile;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.train.Objective;
import dev.seq4j.train.Launch;
import dev.seq4j.train.MemoryBudget;
import dev.seq4j.train.Trainer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Arrays;
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
    public static final String LABELS = Classification.LABELS;
    public static final String BASELINE = "baseline.zip";
    public static final String CONFUSION = Classification.CONFUSION;
    public static final String CONFUSION_PNG = Classification.CONFUSION_PNG;
    public static final Objective OBJECTIVE = Classification.OBJECTIVE;
    private static final String BASELINE_NAME = "bag-of-words logistic regression";

    private TextClassTask() {
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
        TextClassDataSpec spec = (TextClassDataSpec) config.data();
        TextClassData data = TextClassData.load(spec, config.seed());
        int v = data.vocabulary().size();
        int c = data.labels().size();
        double[] weights = config.model().classWeights().equals("balanced")
                ? Classification.balanced(data.train().classes(), c) : null;
        Nd4j.getRandom().setSeed(config.seed());
        ComputationGraph net = new ComputationGraph(MemoryBudget.checked(ClassifierModel.textConfiguration(config, v, c,
                weights), config, MemoryBudget.longest(data.train().texts()), console));
        net.init();
        TextClassIterator train = new TextClassIterator(data.train(), c, config.train().batchSize(), config.seed(), true);

        RunDirectory run = RunDirectory.start(out, config, launch.resume());
        run.writeJson(LABELS, data.labels());
        run.writeFile(VOCAB, f -> data.vocabulary().save(f.toPath()));
        console.printf(Locale.ROOT, "textclass: %d training and %d validation texts, classes %s, vocabulary %d %s tokens, "
                        + "%,d parameters%s%n", data.train().size(), data.valid().size(), data.labels(), v, spec.tokens(),
                net.numParams(), truncation(data, spec));
        console.flush();

        Trainer.Result result = new Trainer(config.train(), run, console, terminal, "nats").seeded(config.seed()).launch(launch).counting("texts")
                .stopWhen(stopRule)
                .fit(net, train, train.batchCount(), 1.0, n -> Classification.validMetrics(n,
                        () -> batches(data.valid(), c), data.labels()), OBJECTIVE);
        if (result.bestEpoch() == 0) {
            throw new dev.seq4j.RunException("training produced no usable model: " + result.stopReason());
        }
        ComputationGraph best = run.model();
        ClassifierMetrics valid = metrics(best, data.valid(), data.labels());
        Classification.writeConfusion(run, valid);

        BagOfWordsBaseline bow = BagOfWordsBaseline.train(data.train(), data.valid(), v, c, config.seed());
        run.writeFile(BASELINE, bow::save);

        Map<String, Object> summary = RunSummary.start(config, result);
        summary.put("model", Classification.model(config, net, true));
        summary.put("labels", data.labels());
        TextClassData.Split test = data.test();
        Classification.putMetrics(summary, result, valid, test == null ? null : metrics(best, test, data.labels()));
        summary.put("baseline", Classification.baseline(BASELINE_NAME, data.labels(),
                Classification.majority(data.train().classes(), c), data.valid().classes(), bow.predict(data.valid()),
                test == null ? null : test.classes(), test == null ? null : bow.predict(test)));
        Classification.trivial(summary, config.train(), data.labels(), Classification.majority(data.train().classes(), c),
                data.valid().classes(), valid);
        summary.put("truncatedTexts", Map.of("train", data.truncated()[0], "valid", data.truncated()[1],
                "test", data.truncated()[2]));
        summary.put("trainSeconds", result.trainSeconds());
        summary.put("examplesPerSecond", result.tokens() / Math.max(result.trainSeconds(), 1e-9));
        summary.put("runSeconds", (System.nanoTime() - started) / 1e9);
        run.finish(summary);
        return new CharLmTask.Outcome(run, summary, "");
    }

    private static String truncation(TextClassData data, TextClassDataSpec spec) {
        int cut = Arrays.stream(data.truncated()).sum();
        return spec.maxLength() == 0 ? "" : String.format(Locale.ROOT, "; %d texts cut to data.maxLength %d tokens "
                + "(train %d, valid %d, test %d)", cut, spec.maxLength(), data.truncated()[0], data.truncated()[1],
                data.truncated()[2]);
    }

    private static TextClassIterator batches(TextClassData.Split split, int classes) {
        return new TextClassIterator(split, classes, Classification.EVAL_BATCH, 0, false);
    }

    static ClassifierMetrics metrics(ComputationGraph net, TextClassData.Split split, List<String> labels) {
        return ClassifierMetrics.of(net, batches(split, labels.size()), labels);
    }

    /** {@code eval}: the model's and the baselines' metrics on a labelled file. */
    public static Map<String, Object> evaluate(RunDirectory run, Path file) {
        RunConfig config = run.config();
        TextClassDataSpec spec = (TextClassDataSpec) config.data();
        ModelFile.Shape shape = run.shape();
        List<String> labels = Classification.labels(run, shape, shape.nOut(ClassifierModel.OUTPUT));
        TokenVocabulary vocabulary = vocabulary(run, shape);
        Path baseline = Classification.baseline(run, BASELINE, vocabulary.size(), labels.size());
        TextClassData.Split split = TextClassData.encode("--data", file.toString(),
                LabelledText.read("--data", file, spec), labels, vocabulary, spec, new int[3], 0);
        ClassifierMetrics m = metrics(run.model(), split, labels);
        try {
            BagOfWordsBaseline bow = BagOfWordsBaseline.load(baseline.toFile());
            return Classification.evaluation(config.task(), file, m,
                    ClassifierMetrics.of(split.classes(), bow.predict(split), labels), BASELINE_NAME);
        } catch (IOException e) {
            throw new UserException(run.path(BASELINE) + ": cannot load the baseline (" + e.getMessage() + ")");
        }
    }

    /**
     * {@code predict}: for each row of a file (a label column is optional), the predicted label and every class's
     * probability, as TSV with a header: {@code line, predicted, p(<class>)..., text}.
     */
    public static int predict(RunDirectory run, Path file, Writer out) throws IOException {
        RunConfig config = run.config();
        TextClassDataSpec spec = (TextClassDataSpec) config.data();
        ModelFile.Shape shape = run.shape();
        List<String> labels = Classification.labels(run, shape, shape.nOut(ClassifierModel.OUTPUT));
        TokenVocabulary vocabulary = vocabulary(run, shape);
        List<LabelledText> rows = LabelledText.read("--data", file, spec, false);
        TextClassData.Split split = TextClassData.encode("--data", file.toString(), rows, null, vocabulary, spec,
                new int[3], 0);
        INDArray p = Classification.probabilities(run.model(), batches(split, labels.size()));
        Classification.writePredictions(out, "line", rows.stream().map(r -> Integer.toString(r.line())).toList(),
                labels, p, "text", rows.stream().map(LabelledText::text).toList());
        return rows.size();
    }

    /** A finished run's token vocabulary, as large as its model's embedding. */
    public static TokenVocabulary vocabulary(RunDirectory run, ModelFile.Shape shape) {
        return TokenVocabulary.load(run.input(VOCAB), shape.nIn(ClassifierModel.EMBEDDING), shape.file());
    }
}
