package dev.seq4j.task;

import dev.seq4j.UserException;
import dev.seq4j.config.CharLmDataSpec;
import dev.seq4j.config.RunConfig;
import dev.seq4j.data.text.CharLmData;
import dev.seq4j.data.text.CharSequenceIterator;
import dev.seq4j.data.text.CharVocabulary;
import dev.seq4j.data.text.TextFiles;
import dev.seq4j.eval.CharLmMetrics;
import dev.seq4j.eval.CharNGramModel;
import dev.seq4j.infer.CharGenerator;
import dev.seq4j.model.CharLmModel;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.train.Objective;
import dev.seq4j.train.Launch;
import dev.seq4j.train.MemoryBudget;
import dev.seq4j.train.Trainer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The character language model, end to end: train on UTF-8 text, report bits per character and
 * perplexity (with an interpolated Kneser-Ney 5-gram on the same split as the baseline to beat), and
 * generate text.
 */
public final class CharLmTask {
    public static final String VOCAB = "vocab.json";
    public static final Objective OBJECTIVE = new Objective("valid_bpc", true);
    /** Streams evaluated side by side and steps per {@code rnnTimeStep} call when scoring a whole text. */
    public static final int EVAL_STREAMS = 32;
    public static final int EVAL_CHUNK = 200;
    /** The n-gram baseline is skipped above this many training characters (its counts live in memory). */
    static final int BASELINE_MAX_CHARS = 20_000_000;
    public static final int BASELINE_ORDER = 5;

    private CharLmTask() {
    }

    /** What {@link #train} made: the run directory, its summary and a generated sample. */
    public record Outcome(RunDirectory run, Map<String, Object> summary, String sample) {
    }

    /**
     * Trains a char LM into {@code out}. Data is read and checked before anything is written, so bad input
     * leaves no directory behind.
     */
    public static Outcome train(RunConfig config, Path out, PrintWriter console, PrintStream terminal) {
        return train(config, out, console, terminal, (epoch, best) -> null);
    }

    /** As {@link #train(RunConfig, Path, PrintWriter, PrintStream)}, also stopping when {@code stopRule} says so. */
    public static Outcome train(RunConfig config, Path out, PrintWriter console, PrintStream terminal,
                                Trainer.StopRule stopRule) {
        return train(config, out, Launch.NEW, console, terminal, stopRule);
    }

    /** As above, started as {@code launch} says (resumed, on several devices). */
    public static Outcome train(RunConfig config, Path out, Launch launch, PrintWriter console,
                                PrintStream terminal, Trainer.StopRule stopRule) {
        CharLmDataSpec spec = (CharLmDataSpec) config.data();
        long started = System.nanoTime();
        CharLmData data = CharLmData.load(spec);
        int v = data.vocabulary().size();
        Nd4j.getRandom().setSeed(config.seed());
        ComputationGraph net = new ComputationGraph(MemoryBudget.checked(CharLmModel.configuration(config, v), config,
                spec.sequenceLength(), console));
        net.init();
        CharSequenceIterator train = new CharSequenceIterator(data.train(), v, spec.sequenceLength(),
                config.train().batchSize(), config.seed());

        RunDirectory run = RunDirectory.start(out, config, launch.resume());
        run.writeFile(VOCAB, f -> data.vocabulary().save(f.toPath()));
        console.printf("charlm: %,d training and %,d validation characters, vocabulary %d, %,d parameters, "
                        + "%d sequences of %d in %d batches%n", data.train().length, data.valid().length, v,
                net.numParams(), train.sequenceCount(), spec.sequenceLength(), train.batchCount());
        console.flush();

        // the trainer's loss per predicted character is in nats; in bits:
        Trainer.Result result = new Trainer(config.train(), run, console, terminal, "bits/char").seeded(config.seed()).launch(launch).stopWhen(stopRule)
                .fit(net, train, train.batchCount(), Math.log(2),
                        n -> validMetrics(n, data.valid(), v), OBJECTIVE);
        if (result.bestEpoch() == 0) {
            throw new dev.seq4j.RunException("training produced no usable model: " + result.stopReason());
        }

        ComputationGraph best = run.model();
        Map<String, Object> summary = RunSummary.start(config, result);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("cell", config.model().cell());
        model.put("layers", config.model().layers());
        model.put("bidirectional", config.model().bidirectional());
        model.put("residual", config.model().residual());
        model.put("parameters", net.numParams());
        summary.put("model", model);
        Map<String, Double> valid = result.epochs().get(result.bestEpoch() - 1).valid(); // the saved model's own
        summary.put("validBitsPerChar", valid.get("valid_bpc"));
        summary.put("validPerplexity", valid.get("valid_ppl"));
        summary.put("objective", RunSummary.objective(OBJECTIVE, result));
        double uniform = Math.log(v) / Math.log(2);
        RunSummary.trivial(summary, config.train(), "a uniform guess over the " + v + " symbols",
                Map.of("validBitsPerChar", uniform), RunSummary.worse("valid bits/char", valid.get("valid_bpc"), uniform, true));
        if (data.test() != null) {
            CharLmMetrics test = CharLmMetrics.of(best, data.test(), v, EVAL_STREAMS, EVAL_CHUNK);
            summary.put("testBitsPerChar", test.bitsPerChar());
            summary.put("testPerplexity", test.perplexity());
        }
        if (data.train().length <= BASELINE_MAX_CHARS) {
            CharNGramModel ngram = CharNGramModel.train(data.train(), v, BASELINE_ORDER);
            Map<String, Object> baseline = new LinkedHashMap<>();
            baseline.put("model", "interpolated Kneser-Ney " + BASELINE_ORDER + "-gram");
            baseline.put("validBitsPerChar", ngram.evaluate(data.valid()).bitsPerChar());
            summary.put("baseline", baseline);
        }
        summary.put("trainSeconds", result.trainSeconds());
        summary.put("tokensPerSecond", result.tokens() / Math.max(result.trainSeconds(), 1e-9));
        String sample = "";
        if (config.train().sampleLength() > 0) {
            String prime = samplePrime(data.vocabulary());
            sample = prime + new CharGenerator(best, data.vocabulary())
                    .generate(prime, config.train().sampleLength(), 0.8, 0, config.seed());
            summary.put("sample", sample);
        }
        // the whole run as train sees it (data, training, validation, baseline, sample), not JVM start-up
        summary.put("runSeconds", (System.nanoTime() - started) / 1e9);
        run.finish(summary);
        return new Outcome(run, summary, sample);
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

    /** Bits per char and perplexity of a finished run's model on a text file, as a metrics map. */
    public static Map<String, Object> evaluate(RunDirectory run, Path file) {
        CharVocabulary vocabulary = vocabulary(run);
        int[] codePoints = TextFiles.read("--data", file, run.config().data().fileLimit()).codePoints().toArray();
        if (codePoints.length < 2) {
            throw new UserException("--data: " + file + " needs at least two characters");
        }
        int[] ids = vocabulary.encode(codePoints);
        CharLmMetrics m = CharLmMetrics.of(run.model(), ids, vocabulary.size(), EVAL_STREAMS, EVAL_CHUNK);
        long unknown = java.util.Arrays.stream(ids).filter(i -> i == CharVocabulary.UNKNOWN).count();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", "charlm");
        out.put("data", file.toString());
        out.put("characters", codePoints.length);
        out.put("predicted", m.predicted());
        out.put("unknownCharacters", unknown);
        out.put("bitsPerChar", m.bitsPerChar());
        out.put("perplexity", m.perplexity());
        return out;
    }

    /** Generates text from a finished run. */
    public static String generate(RunDirectory run, String prime, int length, double temperature, int topK,
                                  long seed) {
        CharVocabulary vocabulary = vocabulary(run);
        return new CharGenerator(run.model(), vocabulary).generate(prime, length, temperature, topK, seed);
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
