package dev.seq4j.task;


import java.util.Map;
import java.util.Set;
import dev.seq4j.config.TaskOption;
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
import dev.seq4j.result.ClassificationSummary;
import dev.seq4j.result.ClassifierEvaluation;
import dev.seq4j.result.Samples;
import dev.seq4j.result.TextClassSummary;
import dev.seq4j.run.ModelFile;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.train.Objective;
import dev.seq4j.train.MemoryBudget;
import dev.seq4j.train.Trainer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Text classification, many-to-one: a label per text, read from a delimited file. Reports accuracy, macro-F1,
 * per-class precision and recall and the confusion matrix, next to a majority-class and a bag-of-words
 * logistic-regression baseline trained on the same split, so every run says whether the RNN earned its keep.
 */
public final class TextClassTask extends BuiltInTask {
    public static final String VOCAB = "vocab.json";
    public static final String LABELS = Classification.LABELS;
    public static final String BASELINE = "baseline.zip";
    public static final String CONFUSION = Classification.CONFUSION;
    public static final String CONFUSION_PNG = Classification.CONFUSION_PNG;
    public static final Objective OBJECTIVE = Classification.OBJECTIVE;
    private static final String BASELINE_NAME = "bag-of-words logistic regression";

    /** Listed in {@code META-INF/services}; see {@link Tasks#of}. */
    public TextClassTask() {
        super("textclass", TextClassDataSpec.class, Set.of(TaskOption.POOLING, TaskOption.TBPTT, TaskOption.CLASS_WEIGHTS,
                TaskOption.CHAR_LM, TaskOption.CHAR_LM_BACKWARD), OBJECTIVE, dev.seq4j.api.TextClassifier.class,
                dev.seq4j.api.RunModels::textClassifier, "", dev.seq4j.result.TextClassSummary.class);
    }

    @Override
    public void checkConfig(RunConfig config) {
        dev.seq4j.config.ModelSpec m = config.model();
        if ((m.charLm() != null || m.charLmBackward() != null)
                && ((TextClassDataSpec) config.data()).tokens() == dev.seq4j.config.Tokens.CHAR) {
            throw new dev.seq4j.config.ConfigException(m.charLm() != null ? "model.charLm" : "model.charLmBackward",
                    "char-LM features are read at each word's end; use data.tokens: word");
        }
    }

    @Override
    public void checkData(RunConfig config) {
        TextClassData.load((TextClassDataSpec) config.data(), config.seed(), inputs(InitRun.of(config)));
    }

    /** What a run takes from its init run: its labels and vocabulary; {@code null} without one. */
    private static TextClassData.Inputs inputs(InitRun init) {
        if (init == null) {
            return null;
        }
        ModelFile.Shape shape = init.run().shape();
        return new TextClassData.Inputs(Classification.labels(init.run(), shape, shape.nOut(ClassifierModel.OUTPUT)),
                vocabulary(init.run(), shape), init.vocabulary());
    }

    /** Reads the labelled texts, builds the vocabulary and the network; see {@link SequenceTask#prepare}. */
    @Override
    public Training prepare(RunConfig config, PrintWriter console) {
        TextClassDataSpec spec = (TextClassDataSpec) config.data();
        InitRun init = InitRun.of(config);
        TextClassData.Inputs from = inputs(init);
        CharLmFeatures lms = CharLmFeatures.of(config.model());
        TextClassData data = withContext(TextClassData.load(spec, config.seed(), from, lms != null), lms, console);
        int v = data.vocabulary().size();
        int c = data.labels().size();
        double[] weights = config.model().classWeights() == dev.seq4j.config.ModelSpec.ClassWeights.BALANCED
                ? Classification.balanced(data.train().classes(), c) : null;
        Nd4j.getRandom().setSeed(config.seed());
        ComputationGraph net = InitRun.network(MemoryBudget.checked(ClassifierModel.textConfiguration(config, v, c,
                weights, CharLmFeatures.featureWidth(lms), CharLmFeatures.branches(lms)), config,
                MemoryBudget.longest(data.train().texts()), console), init,
                InitRun.freshOutput(from == null ? null : from.labels(), data.labels(), ClassifierModel.OUTPUT, "labels"),
                Map.of(ClassifierModel.EMBEDDING, 0), console);
        CharLmFeatures.startFrom(lms, net, init);
        TextClassIterator train = new TextClassIterator(data.train(), c, config.train().batchSize(), config.seed(), true);
        return new Training() {
            @Override
            protected void writeFiles(RunDirectory run) {
                run.writeJson(LABELS, data.labels());
                run.writeFile(VOCAB, f -> data.vocabulary().save(f.toPath()));
                if (lms != null) {
                    lms.copyInto(run);
                }
            }

            @Override
            protected String describe() {
                return String.format(Locale.ROOT, "textclass: %d training and %d validation texts, classes %s, "
                                + "vocabulary %d %s tokens, %,d parameters%s", data.train().size(), data.valid().size(),
                        data.labels(), v, spec.tokens(), net.numParams(), truncation(data, spec));
            }

            @Override
            protected Trainer.Result fit(Fitting fitting) {
                return fitting.trainer("nats").counting("texts").fit(net, train, train.batchCount(), 1.0,
                        n -> Classification.validMetrics(n, () -> batches(data.valid(), c), data.labels()), OBJECTIVE);
            }

            @Override
            protected TextClassSummary summarise(RunDirectory run, RunFacts facts) {
                ComputationGraph best = run.model();
                ClassifierMetrics valid = metrics(best, data.valid(), data.labels());
                Classification.writeConfusion(run, valid);
                run.writeJson(RunDirectory.SAMPLES, samples(best, data.valid(), data.labels(), data.vocabulary(),
                        spec.tokens()));

                BagOfWordsBaseline bow = BagOfWordsBaseline.train(data.train(), data.valid(), v, c, config.seed());
                run.writeFile(BASELINE, bow::save);

                TextClassData.Split test = data.test();
                ClassifierMetrics tested = test == null ? null : metrics(best, test, data.labels());
                int majority = Classification.majority(data.train().classes(), c);
                ClassificationSummary.Baseline baseline = Classification.baseline(BASELINE_NAME, data.labels(),
                        majority, data.valid().classes(), bow.predict(data.valid()),
                        test == null ? null : test.classes(), test == null ? null : bow.predict(test));
                ClassificationSummary.Trivial trivial = Classification.trivial(data.labels(), majority,
                        data.valid().classes());
                int[] cut = data.truncated();
                return new TextClassSummary(facts.task(), facts.status(), facts.stopReason(), facts.epochs(),
                        facts.bestEpoch(), Classification.model(config, net, true), data.labels(), valid.accuracy(),
                        valid.macroF1(), facts.objective(OBJECTIVE), valid.report(),
                        tested == null ? null : tested.accuracy(), tested == null ? null : tested.macroF1(),
                        tested == null ? null : tested.report(), baseline, trivial,
                        Classification.warnings(config.train(), trivial, valid),
                        new TextClassSummary.Truncated(cut[0], cut[1], cut[2]), facts.trainSeconds(), facts.rate(),
                        facts.runSeconds());
            }
        }.from(init);
    }

    /** {@code data} with the char LMs' features for every token; {@code data} itself without LMs. */
    private static TextClassData withContext(TextClassData data, CharLmFeatures lms, PrintWriter console) {
        if (lms == null) {
            return data;
        }
        lms.announce(console, "text");
        return data.withContext(lms::textContext);
    }

    /**
     * Rows encoded for a finished run ({@link TextClassData#encode}), with the char LMs' features of every token when
     * {@code lms} is not {@code null}.
     */
    public static TextClassData.Split encode(String key, String file, List<LabelledText> rows, List<String> labels,
                                             TokenVocabulary vocabulary, TextClassDataSpec spec, CharLmFeatures lms) {
        TextClassData.Split split = TextClassData.encode(key, file, rows, labels, vocabulary, spec, new int[3], 0,
                lms != null);
        return lms == null ? split : split.withContext(lms.textContext(split.written()));
    }

    /** A finished run's char LMs (its copies of them), checked against its first layer; {@code null} for none. */
    public static CharLmFeatures charLms(RunDirectory run, ModelFile.Shape shape) {
        return CharLmFeatures.load(run, run.config().model(),
                shape.nIn(dev.seq4j.model.RecurrentStack.FIRST) - shape.nOut(ClassifierModel.EMBEDDING));
    }

    /**
     * {@code samples.json}: texts spread through a split as the model read them (its tokens, cut where it cut), their
     * class, the model's and the probability it gave it.
     */
    static Samples samples(ComputationGraph net, TextClassData.Split split, List<String> labels,
                           TokenVocabulary vocabulary, dev.seq4j.config.Tokens tokens) {
        int[] picked = Samples.spread(Samples.COUNT, split.size());
        List<Samples.Sample> out = new java.util.ArrayList<>(picked.length);
        if (picked.length > 0) {
            TextClassData.Split chosen = split.rows(picked);
            int[][] texts = chosen.texts();
            int[] classes = chosen.classes();
            org.nd4j.linalg.dataset.api.MultiDataSet batch = new TextClassIterator(chosen, labels.size(),
                    picked.length, 0, false).next();
            org.nd4j.linalg.api.ndarray.INDArray probabilities = net.output(false, batch.getFeatures(),
                    batch.getFeaturesMaskArrays())[0];
            double[][] p = probabilities.toDoubleMatrix();
            int[] answers = ClassifierMetrics.argmax(probabilities);
            dev.seq4j.run.NativeMemory.release(batch, probabilities);
            for (int k = 0; k < picked.length; k++) {
                int best = answers[k];
                out.add(new Samples.Sample(Arrays.stream(texts[k]).mapToObj(vocabulary::token).toList(), null,
                        List.of(labels.get(classes[k])), List.of(labels.get(best)), p[k][best], best == classes[k]));
            }
        }
        return new Samples("label", "valid", split.size(), tokens.separator(), " ", out);
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
    @Override
    public ClassifierEvaluation evaluate(RunDirectory run, Path file) {
        RunConfig config = run.config();
        TextClassDataSpec spec = (TextClassDataSpec) config.data();
        ModelFile.Shape shape = run.shape();
        List<String> labels = Classification.labels(run, shape, shape.nOut(ClassifierModel.OUTPUT));
        TokenVocabulary vocabulary = vocabulary(run, shape);
        Path baseline = Classification.baseline(run, BASELINE, vocabulary.size(), labels.size());
        TextClassData.Split split = encode("--data", file.toString(), LabelledText.read("--data", file, spec), labels,
                vocabulary, spec, charLms(run, shape));
        ClassifierMetrics m = metrics(run.model(), split, labels);
        try {
            BagOfWordsBaseline bow = BagOfWordsBaseline.load(baseline.toFile());
            return Classification.evaluation(config.task(), file, m,
                    ClassifierMetrics.of(split.classes(), bow.predict(split), labels), BASELINE_NAME);
        } catch (IOException e) {
            throw new UserException(run.path(BASELINE) + ": cannot load the baseline (" + e.getMessage() + ")");
        }
    }

    /** A finished run's token vocabulary, as large as its model's embedding. */
    public static TokenVocabulary vocabulary(RunDirectory run, ModelFile.Shape shape) {
        return TokenVocabulary.load(run.input(VOCAB), shape.nIn(ClassifierModel.EMBEDDING), shape.file());
    }
}
