package dev.seq4j.task;


import dev.seq4j.UserException;
import dev.seq4j.config.CharLmDataSpec;
import dev.seq4j.config.ConfigException;
import dev.seq4j.config.TaskOption;
import dev.seq4j.config.RunConfig;
import dev.seq4j.data.text.CharLmData;
import dev.seq4j.data.text.CharSequenceIterator;
import dev.seq4j.data.text.CharVocabulary;
import dev.seq4j.data.text.TextFiles;
import dev.seq4j.eval.CharLmMetrics;
import dev.seq4j.eval.CharNGramModel;
import dev.seq4j.infer.CharGenerator;
import dev.seq4j.model.CharLmModel;
import dev.seq4j.model.RecurrentStack;
import dev.seq4j.result.CharLmEvaluation;
import dev.seq4j.result.CharLmSummary;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.train.Objective;
import dev.seq4j.train.MemoryBudget;
import dev.seq4j.train.Trainer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The character language model, end to end: train on UTF-8 text, report bits per character and
 * perplexity (with an interpolated Kneser-Ney 5-gram on the same split as the baseline to beat), and
 * generate text.
 */
public final class CharLmTask extends BuiltInTask {
    public static final String VOCAB = "vocab.json";
    public static final Objective OBJECTIVE = new Objective("valid_bpc", true);
    /** Streams evaluated side by side and steps per {@code rnnTimeStep} call when scoring a whole text. */
    public static final int EVAL_STREAMS = 32;
    public static final int EVAL_CHUNK = 200;
    /** The n-gram baseline is skipped above this many training characters (its counts live in memory). */
    static final int BASELINE_MAX_CHARS = 20_000_000;
    public static final int BASELINE_ORDER = 5;

    /** Listed in {@code META-INF/services}; see {@link Tasks#of}. */
    public CharLmTask() {
        super("charlm", CharLmDataSpec.class, Set.of(TaskOption.TBPTT), OBJECTIVE, dev.seq4j.api.CharLanguageModel.class,
                dev.seq4j.api.RunModels::charLanguageModel, "generate", CharLmSummary.class);
    }

    @Override
    public void checkConfig(RunConfig config) {
        if (config.model().bidirectional() != dev.seq4j.config.ModelSpec.Direction.NONE) {
            throw new ConfigException("model.bidirectional", "a char LM predicts each character from the ones before "
                    + "it, so it cannot read the text backwards; use none");
        }
        if (config.model().pooling() != dev.seq4j.config.ModelSpec.Pooling.LAST) {
            throw new ConfigException("model.pooling", "a char LM predicts at every step and pools nothing; use last");
        }
    }

    @Override
    public void checkData(RunConfig config) {
        data(config, InitRun.of(config));
    }

    /** The config's text; with an init run, in its vocabulary (continued as {@code train.initVocab} says). */
    private static CharLmData data(RunConfig config, InitRun init) {
        return CharLmData.load((CharLmDataSpec) config.data(), init == null ? null : vocabulary(init.run()),
                init == null ? null : init.vocabulary());
    }

    /** Reads the text, builds the vocabulary and the network; see {@link SequenceTask#prepare}. */
    @Override
    public Training prepare(RunConfig config, PrintWriter console) {
        CharLmDataSpec spec = (CharLmDataSpec) config.data();
        InitRun init = InitRun.of(config);
        CharLmData data = data(config, init);
        int v = data.vocabulary().size();
        Nd4j.getRandom().setSeed(config.seed());
        // an extended vocabulary adds rows to the first layer's input weights and columns to the output layer
        ComputationGraph net = InitRun.network(MemoryBudget.checked(CharLmModel.configuration(config, v), config,
                spec.sequenceLength(), console), init, Map.of(), Map.of(RecurrentStack.FIRST, 0, CharLmModel.OUTPUT, 1),
                console);
        CharSequenceIterator train = new CharSequenceIterator(data.train(), v, spec.sequenceLength(),
                config.train().batchSize(), config.seed());
        return new Training() {
            private String sample = "";

            @Override
            protected void writeFiles(RunDirectory run) {
                run.writeFile(VOCAB, f -> data.vocabulary().save(f.toPath()));
            }

            @Override
            protected String describe() {
                return String.format(Locale.ROOT, "charlm: %,d training and %,d validation characters, vocabulary %d, "
                                + "%,d parameters, %d sequences of %d in %d batches", data.train().length,
                        data.valid().length, v, net.numParams(), train.sequenceCount(), spec.sequenceLength(),
                        train.batchCount());
            }

            @Override
            protected Trainer.Result fit(Fitting fitting) {
                // the trainer's loss per predicted character is in nats; in bits:
                return fitting.trainer("bits/char").fit(net, train, train.batchCount(), Math.log(2),
                        n -> validMetrics(n, data.valid(), v), OBJECTIVE);
            }

            @Override
            protected CharLmSummary summarise(RunDirectory run, RunFacts facts) {
                Trainer.Result result = facts.result();
                ComputationGraph best = run.model();
                CharLmSummary.Model model = new CharLmSummary.Model(config.model().cell(), config.model().layers(),
                        config.model().bidirectional(), config.model().residual(), net.numParams());
                Map<String, Double> valid = result.epochs().get(result.bestEpoch() - 1).valid(); // the saved model's own
                double bpc = valid.get("valid_bpc");
                double uniform = Math.log(v) / Math.log(2);
                String uniformName = "a uniform guess over the " + v + " symbols";
                CharLmMetrics test = data.test() == null ? null
                        : CharLmMetrics.of(best, data.test(), v, EVAL_STREAMS, EVAL_CHUNK);
                CharLmSummary.Baseline baseline = null;
                if (data.train().length <= BASELINE_MAX_CHARS) {
                    CharNGramModel ngram = CharNGramModel.train(data.train(), v, BASELINE_ORDER);
                    baseline = new CharLmSummary.Baseline("interpolated Kneser-Ney " + BASELINE_ORDER + "-gram",
                            ngram.evaluate(data.valid()).bitsPerChar(),
                            data.test() == null ? null : ngram.evaluate(data.test()).bitsPerChar());
                }
                String generated = null;
                if (config.train().sampleLength() > 0) {
                    String prime = samplePrime(data.vocabulary());
                    String text = new CharGenerator(best, data.vocabulary())
                            .generate(prime, config.train().sampleLength(), 0.8, 0, config.seed(), spec.reverse());
                    generated = spec.reverse() ? text + prime : prime + text;
                    sample = generated;
                }
                return new CharLmSummary(facts.task(), facts.status(), facts.stopReason(), facts.epochs(),
                        facts.bestEpoch(), model, bpc, valid.get("valid_ppl"), facts.objective(OBJECTIVE),
                        new CharLmSummary.Trivial(uniformName, uniform),
                        RunSummary.trivialWarnings(config.train(), uniformName,
                                RunSummary.worse("valid bits/char", bpc, uniform, true)),
                        test == null ? null : test.bitsPerChar(), test == null ? null : test.perplexity(), baseline,
                        facts.trainSeconds(), facts.rate(), generated, facts.runSeconds());
            }

            @Override
            protected String sample() {
                return sample;
            }
        }.from(init);
    }

    private static Map<String, Double> validMetrics(ComputationGraph net, int[] valid, int v) {
        CharLmMetrics m = CharLmMetrics.of(net, valid, v, EVAL_STREAMS, EVAL_CHUNK);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("valid_bpc", m.bitsPerChar());
        out.put("valid_ppl", m.perplexity());
        return out;
    }

    /** "The " when the vocabulary knows those characters, else a newline. */
    static String samplePrime(CharVocabulary vocabulary) {
        String prime = "The ";
        return prime.codePoints().allMatch(c -> vocabulary.indexOf(c) != CharVocabulary.UNKNOWN) ? prime : "\n";
    }

    /** Bits per char and perplexity of a finished run's model on a text file. */
    @Override
    public CharLmEvaluation evaluate(RunDirectory run, Path file) {
        CharVocabulary vocabulary = vocabulary(run);
        int[] codePoints = TextFiles.read("--data", file, run.config().data().fileLimit()).codePoints().toArray();
        if (((CharLmDataSpec) run.config().data()).reverse()) {
            codePoints = TextFiles.reversed(codePoints);
        }
        if (codePoints.length < 2) {
            throw new UserException("--data: " + file + " needs at least two characters");
        }
        int[] ids = vocabulary.encode(codePoints);
        CharLmMetrics m = CharLmMetrics.of(run.model(), ids, vocabulary.size(), EVAL_STREAMS, EVAL_CHUNK);
        long unknown = java.util.Arrays.stream(ids).filter(i -> i == CharVocabulary.UNKNOWN).count();
        return new CharLmEvaluation("charlm", file.toString(), codePoints.length, m.predicted(), unknown,
                m.bitsPerChar(), m.perplexity());
    }

    /**
     * Contextual word features from a finished char LM run (its direction, {@code data.reverse}, included); a run of
     * another task is a {@link UserException}.
     */
    public static dev.seq4j.infer.CharLmEmbedder embedder(RunDirectory run) {
        RunConfig config = run.config();
        if (!(config.data() instanceof CharLmDataSpec spec)) {
            throw new UserException(run.root() + ": a run of task '" + config.task() + "', not a char LM");
        }
        CharVocabulary vocabulary = vocabulary(run);
        return dev.seq4j.infer.CharLmEmbedder.of(run.model(), vocabulary, config.model(), spec.reverse());
    }

    /**
     * A finished run's vocabulary, checked against its model before any array is made: the model's one-hot input
     * and output are as wide as the vocabulary.
     */
    public static CharVocabulary vocabulary(RunDirectory run) {
        dev.seq4j.run.ModelFile.Shape shape = run.shape();
        long width = shape.nOut(CharLmModel.OUTPUT);
        if (width > CharVocabulary.MAX_SIZE || shape.inputWidth(CharLmModel.INPUT) != width) {
            throw new UserException(shape.file() + ": a character model reading " + shape.inputWidth(CharLmModel.INPUT)
                    + " and predicting " + width + " symbols; not a character model seq4j trains");
        }
        return CharVocabulary.load(run.input(VOCAB), width, shape.file());
    }
}
