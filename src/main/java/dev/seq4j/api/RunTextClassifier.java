package dev.seq4j.api;

import dev.seq4j.config.RunConfig;
import dev.seq4j.config.TextClassDataSpec;
import dev.seq4j.data.text.LabelledText;
import dev.seq4j.data.text.TextClassData;
import dev.seq4j.data.text.TextClassIterator;
import dev.seq4j.data.text.TokenVocabulary;
import dev.seq4j.data.text.Tokenizer;
import dev.seq4j.model.ClassifierModel;
import dev.seq4j.model.layers.FrozenClassifier;
import dev.seq4j.run.ModelFile;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.task.Classification;
import dev.seq4j.task.TextClassTask;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;

/** {@link TextClassifier} of a run: its vocabulary, labels and network, encoded as {@link TextClassIterator} does. */
final class RunTextClassifier extends RunModel implements TextClassifier {
    /**
     * The most texts a call classifies in plain Java ({@link FrozenClassifier}: a text at a time, no lock on the
     * network): by default every call, since it was faster than DL4J's batched products at every size measured (a
     * batch of 256, docs/benchmarks.md); {@code -Dseq4j.frozenMaxBatch=N} sends larger batches through DL4J.
     */
    static final int FROZEN_MAX_BATCH = Integer.getInteger("seq4j.frozenMaxBatch", Integer.MAX_VALUE);
    /** The fewest texts a call spreads over the cores (below, a thread hand-off costs more than it saves). */
    private static final int PARALLEL_FROM = 8;
    private final TextClassDataSpec spec;
    private final List<String> labels;
    private final TokenVocabulary vocabulary;
    private final ComputationGraph net;
    /** The network in plain Java (null where it has a layer FrozenClassifier does not compute: DL4J then). */
    private final FrozenClassifier frozen;
    /** The char LMs whose features the network reads beside each token's embedding, or {@code null}. */
    private final dev.seq4j.task.CharLmFeatures lms;

    private RunTextClassifier(RunDirectory run, RunConfig config, List<String> labels, TokenVocabulary vocabulary,
                              ComputationGraph net, dev.seq4j.task.CharLmFeatures lms) {
        super(run, config);
        this.spec = (TextClassDataSpec) config.data();
        this.labels = labels;
        this.vocabulary = vocabulary;
        this.net = net;
        this.lms = lms;
        this.frozen = lms == null ? FrozenClassifier.of(net) : null;
    }

    /** Reads a textclass run: labels and vocabulary checked against the model's shape before its weights are read. */
    static RunTextClassifier load(RunDirectory run) {
        RunConfig config = run.config();
        ModelFile.Shape shape = run.shape();
        List<String> labels = Classification.labels(run, shape, shape.nOut(ClassifierModel.OUTPUT));
        TokenVocabulary vocabulary = TextClassTask.vocabulary(run, shape);
        dev.seq4j.task.CharLmFeatures lms = TextClassTask.charLms(run, shape);
        return new RunTextClassifier(run, config, labels, vocabulary, run.model(), lms);
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public dev.seq4j.result.TextClassSummary summary() {
        return (dev.seq4j.result.TextClassSummary) super.summary();
    }

    @Override
    public List<String> tokens(String text) {
        int[] ids = ids(Tokenizer.tokens(java.util.Objects.requireNonNull(text, "text"), spec.tokens()));
        List<String> seen = new ArrayList<>(ids.length);
        for (int id : ids) {
            seen.add(vocabulary.token(id));
        }
        return seen;
    }

    /** A text's token ids as the network reads them: cut to {@code data.maxLength} as TextClassData.encode cuts. */
    private int[] ids(List<String> tokens) {
        int[] ids = vocabulary.encode(tokens);
        return spec.maxLength() > 0 && ids.length > spec.maxLength() ? java.util.Arrays.copyOf(ids, spec.maxLength())
                : ids;
    }

    @Override
    public ClassPrediction classify(String text) {
        return classify(List.of(text)).get(0);
    }

    @Override
    public List<ClassPrediction> classify(List<String> texts) {
        return inBatches(checked(texts, "texts"), this::batch);
    }

    /** One minibatch: ids {@code [n, 1, T]} and mask {@code [n, T]} in, probabilities {@code [n, C]} out. */
    private List<ClassPrediction> batch(List<String> texts) {
        List<int[]> ids = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            List<String> tokens = Tokenizer.tokens(texts.get(i), spec.tokens());
            if (tokens.isEmpty()) {
                throw new InputException("texts", i, "no tokens in '" + texts.get(i) + "'");
            }
            ids.add(ids(tokens));
        }
        if (frozen != null && texts.size() <= FROZEN_MAX_BATCH) {
            // texts are independent and the classifier thread-safe: a batch shares the cores (the common pool)
            java.util.stream.Stream<int[]> each = texts.size() >= PARALLEL_FROM ? ids.parallelStream() : ids.stream();
            return each.map(text -> ClassPrediction.of(labels, toDoubles(frozen.probabilities(text)))).toList();
        }
        List<LabelledText> rows = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            rows.add(new LabelledText(null, texts.get(i), i + 1));
        }
        TextClassData.Split split = TextClassTask.encode("texts", "texts", rows, null, vocabulary, spec, lms);
        MultiDataSet batch = new TextClassIterator(split, labels.size(), texts.size(), 0, false).next();
        double[][] p;
        synchronized (net) {
            org.nd4j.linalg.api.ndarray.INDArray out = net.output(false, batch.getFeatures(),
                    batch.getFeaturesMaskArrays())[0];
            p = out.toDoubleMatrix();
            dev.seq4j.run.NativeMemory.release(batch, out);
        }
        return java.util.Arrays.stream(p).map(row -> ClassPrediction.of(labels, row)).toList();
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
