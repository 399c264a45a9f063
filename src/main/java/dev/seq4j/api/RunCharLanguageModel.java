package dev.seq4j.api;

import dev.seq4j.UserException;
import dev.seq4j.config.RunConfig;
import dev.seq4j.data.text.CharVocabulary;
import dev.seq4j.eval.CharLmMetrics;
import dev.seq4j.infer.CharGenerator;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.task.CharLmTask;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** {@link CharLanguageModel} of a run: its vocabulary and network, generating with {@link CharGenerator}. */
final class RunCharLanguageModel extends RunModel implements CharLanguageModel {
    private final CharVocabulary vocabulary;
    private final ComputationGraph net;

    private RunCharLanguageModel(RunDirectory run, RunConfig config, CharVocabulary vocabulary, ComputationGraph net) {
        super(run, config);
        this.vocabulary = vocabulary;
        this.net = net;
    }

    /** Reads a charlm run: the vocabulary checked against the model's width before its weights are read. */
    static RunCharLanguageModel load(RunDirectory run) {
        RunConfig config = run.config();
        CharVocabulary vocabulary = CharLmTask.vocabulary(run);
        return new RunCharLanguageModel(run, config, vocabulary, run.model());
    }

    @Override
    public dev.seq4j.result.CharLmSummary summary() {
        return (dev.seq4j.result.CharLmSummary) super.summary();
    }

    @Override
    public java.util.List<String> vocabulary() {
        return vocabulary.symbols();
    }

    @Override
    public String generate(String prime, int length, double temperature, int topK, long seed) {
        java.util.Objects.requireNonNull(prime, "prime");
        if (length < 0) {
            throw new UserException("length: must be >= 0, got " + length);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new UserException("temperature: must be a positive number, got " + temperature);
        }
        if (topK < 0) {
            throw new UserException("topK: must be >= 0, got " + topK);
        }
        synchronized (net) { // rnnTimeStep keeps the recurrent state in the network between steps
            return new CharGenerator(net, vocabulary).generate(prime, length, temperature, topK, seed, backward());
        }
    }

    @Override
    public double bitsPerChar(String text) {
        int[] codePoints = java.util.Objects.requireNonNull(text, "text").codePoints().toArray();
        if (backward()) {
            codePoints = dev.seq4j.data.text.TextFiles.reversed(codePoints);
        }
        if (codePoints.length < 2) {
            throw new UserException("text: needs at least two characters, got " + codePoints.length);
        }
        int[] ids = vocabulary.encode(codePoints);
        synchronized (net) {
            return CharLmMetrics.of(net, ids, vocabulary.size(), CharLmTask.EVAL_STREAMS, CharLmTask.EVAL_CHUNK)
                    .bitsPerChar();
        }
    }

    @Override
    public boolean backward() {
        return ((dev.seq4j.config.CharLmDataSpec) config().data()).reverse();
    }
}
