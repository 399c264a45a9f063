package dev.seq4j.task;


import java.util.Set;
import dev.seq4j.config.TaskOption;
import dev.seq4j.UserException;
import dev.seq4j.config.PairsDataSpec;
import dev.seq4j.config.Tokens;
import dev.seq4j.config.RunConfig;
import dev.seq4j.data.pairs.Pair;
import dev.seq4j.data.pairs.PairsData;
import dev.seq4j.data.pairs.PairsIterator;
import dev.seq4j.data.pairs.PairsReader;
import dev.seq4j.data.text.TokenVocabulary;
import dev.seq4j.eval.SequenceMetrics;
import dev.seq4j.infer.Seq2seqDecoder;
import dev.seq4j.model.Seq2seqModel;
import dev.seq4j.result.Samples;
import dev.seq4j.result.Seq2seqEvaluation;
import dev.seq4j.result.Seq2seqSummary;
import dev.seq4j.result.SequenceSummary;
import dev.seq4j.run.ModelFile;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.train.Objective;
import dev.seq4j.train.MemoryBudget;
import dev.seq4j.train.Trainer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Encoder-decoder, end to end: train on {@code source<TAB>target} pairs with teacher forcing, decode greedily and by
 * beam search, and report exact match, word error rate (outputs not exactly right), token error rate and corpus
 * BLEU-4 of both decoders.
 */
public final class Seq2seqTask extends BuiltInTask {
    public static final String SOURCE_VOCAB = "source-vocab.json";
    public static final String TARGET_VOCAB = "target-vocab.json";
    public static final String TEST_OUTPUT = "test-output.tsv";
    /** Judged by greedy word error rate on the validation pairs; ties go to the lower token error rate. */
    public static final Objective OBJECTIVE = new Objective("valid_wer", true, "valid_ter");

    /** Listed in {@code META-INF/services}; see {@link Tasks#of}. */
    public Seq2seqTask() {
        super("seq2seq", PairsDataSpec.class, Set.of(TaskOption.ATTENTION, TaskOption.DECODER, TaskOption.ENSEMBLE, TaskOption.LABEL_SMOOTHING), OBJECTIVE, dev.seq4j.api.Translator.class,
                dev.seq4j.api.RunModels::translator, "translate", Seq2seqSummary.class);
    }

    @Override
    public void checkData(RunConfig config) {
        data(config, InitRun.of(config));
    }

    /**
     * Reads the pairs and builds the network(s); see {@link SequenceTask#prepare}. With {@code model.ensemble} N above
     * 1, N models from seeds {@code seed .. seed + N - 1} train side by side, one thread each: the first in the run
     * directory itself, the others in {@code members/2 .. members/N} (each with its own metrics, checkpoints and best
     * model); the run's scores are the ensemble's.
     */
    @Override
    public Training prepare(RunConfig config, PrintWriter console) {
        PairsDataSpec spec = (PairsDataSpec) config.data();
        InitRun init = InitRun.of(config);
        PairsData data = data(config, init);
        PairsData.Encoder enc = data.encoder();
        int tv = enc.target().size();
        int n = config.model().ensemble();
        List<ComputationGraph> nets = new ArrayList<>();
        for (int m = 0; m < n; m++) {
            Nd4j.getRandom().setSeed(config.seed() + m);
            var conf = Seq2seqModel.training(config.withSeed(config.seed() + m), enc.source().size(), tv);
            // with an init run every member starts from its model (an ensemble's first member's)
            nets.add(InitRun.network(m > 0 ? conf
                    : MemoryBudget.checked(conf, config, enc.maxSource() + enc.maxTarget() + 1, n, console), init,
                    Map.of(), GROWN, console));
        }
        return new Training() {
            private final List<RunDirectory> dirs = new ArrayList<>();
            private List<Trainer.Result> results;

            @Override
            protected void writeFiles(RunDirectory run) {
                dirs.addAll(Fitting.members(run, n));
                run.writeFile(SOURCE_VOCAB, f -> enc.source().save(f.toPath()));
                run.writeFile(TARGET_VOCAB, f -> enc.target().save(f.toPath()));
            }

            @Override
            protected String describe() {
                return String.format(Locale.ROOT, "seq2seq: %,d training pairs, %,d validation%s; vocabularies %,d "
                                + "source and %,d target symbols; sources up to %d tokens, targets up to %d; attention %s; "
                                + "%,d parameters%s", data.train().size(), data.valid().size(), data.test() == null ? ""
                                : String.format(Locale.ROOT, ", %,d test", data.test().size()), enc.source().size(), tv,
                        enc.maxSource(), enc.maxTarget(), config.model().attention(), nets.get(0).numParams(),
                        n == 1 ? "" : String.format(Locale.ROOT, " each; an ensemble of %d trained side by side", n));
            }

            @Override
            protected Trainer.Result fit(Fitting fitting) {
                results = fitting.sideBySide(dirs, "nats", (m, trainer) -> {
                    PairsIterator train = new PairsIterator(data.train(), tv, config.train().batchSize(),
                            config.seed() + m, true).labelSmoothing(config.train().labelSmoothing());
                    return trainer.fit(nets.get(m), train, train.batchCount(), 1.0,
                            net -> validMetrics(config, net, data), OBJECTIVE);
                });
                return results.get(0);
            }

            @Override
            protected Seq2seqSummary summarise(RunDirectory run, RunFacts facts) {
                List<ComputationGraph> best = new ArrayList<>();
                for (RunDirectory dir : dirs) {
                    best.add(dir.model());
                }
                Seq2seqDecoder decoder = new Seq2seqDecoder(config, best, tv);
                Seq2seqSummary.Model model = new Seq2seqSummary.Model(config.model().cell(), config.model().layers(),
                        config.model().bidirectional(), config.model().embedding(),
                        Seq2seqModel.decoderSize(config.model()), config.model().attention(), nets.get(0).numParams(),
                        n);
                double validLoss = loss(best, iterator(config, data.valid(), tv), data.valid().targetTokens());
                Scores valid = scores(decoder, data.valid(), enc, spec);
                run.writeJson(RunDirectory.SAMPLES, samples(valid, data.valid().pairs(), enc.target(),
                        spec.sourceTokens(), spec.targetTokens(), null));
                Scores test = null;
                if (data.test() != null) {
                    Scores tested = scores(decoder, data.test(), enc, spec);
                    List<String> sources = data.test().pairs().stream()
                            .map(p -> PairsReader.join(p.source(), spec.sourceTokens())).toList();
                    run.writeFile(TEST_OUTPUT, f -> writeOutputs(f.toPath(), sources, data.test(), tested.beam(),
                            enc.target(), spec.targetTokens()));
                    test = tested;
                }
                List<Seq2seqSummary.Member> members = n > 1 ? members(config, results, best, data, tv) : null;
                SequenceSummary.Trivial trivial = trivial(data.train(), data.valid());
                return new Seq2seqSummary(facts.task(), facts.status(), facts.stopReason(), facts.epochs(),
                        facts.bestEpoch(), model, enc.maxSource(), enc.maxTarget(), spec.beam(), spec.lengthNorm(),
                        validLoss, valid.beamMetrics().exactMatch(), valid.beamMetrics().wordErrorRate(),
                        valid.beamMetrics().tokenErrorRate(), valid.beamMetrics().bleu(), valid.greedy().exactMatch(),
                        valid.greedy().wordErrorRate(), valid.greedy().tokenErrorRate(), valid.greedy().bleu(),
                        Scores.beam(test, SequenceMetrics::exactMatch),
                        Scores.beam(test, SequenceMetrics::wordErrorRate),
                        Scores.beam(test, SequenceMetrics::tokenErrorRate), Scores.beam(test, SequenceMetrics::bleu),
                        Scores.greedy(test, SequenceMetrics::exactMatch),
                        Scores.greedy(test, SequenceMetrics::wordErrorRate),
                        Scores.greedy(test, SequenceMetrics::tokenErrorRate),
                        Scores.greedy(test, SequenceMetrics::bleu),
                        members, facts.objective(OBJECTIVE), trivial, warnings(config.train(), trivial,
                                valid.greedy().wordErrorRate(), valid.greedy().tokenErrorRate()),
                        facts.trainSeconds(), facts.rate(), facts.runSeconds());
            }
        }.from(init);
    }

    /**
     * The summary's {@code trivial} model, the better on the validation pairs of two outputs that ignore the input: the
     * empty output and the most frequent training target.
     */
    static SequenceSummary.Trivial trivial(PairsData.Split trainSplit, PairsData.Split valid) {
        Map<List<String>, Integer> counts = new LinkedHashMap<>();
        trainSplit.pairs().forEach(p -> counts.merge(p.target(), 1, Integer::sum));
        List<String> frequent = List.of();
        for (Map.Entry<List<String>, Integer> e : counts.entrySet()) { // the first of the most frequent, in file order
            frequent = e.getValue() > counts.getOrDefault(frequent, 0) ? e.getKey() : frequent;
        }
        SequenceMetrics empty = new SequenceMetrics();
        SequenceMetrics same = new SequenceMetrics();
        for (Pair p : valid.pairs()) {
            empty.add(List.of(), p.target());
            same.add(frequent, p.target());
        }
        boolean emptyBetter = empty.wordErrorRate() < same.wordErrorRate()
                || (empty.wordErrorRate() == same.wordErrorRate() && empty.tokenErrorRate() <= same.tokenErrorRate());
        SequenceMetrics t = emptyBetter ? empty : same;
        return new SequenceSummary.Trivial(emptyBetter ? "the empty output for every input"
                : "the most frequent training target for every input, '" + String.join(" ", frequent) + "'",
                t.wordErrorRate(), t.tokenErrorRate());
    }

    /**
     * The summary's warnings: one when the greedy decoder of the run's model(s), of validation word error rate
     * {@code wer} and token error rate {@code ter}, is worse than the trivial model in word error rate, or ties in it
     * and is worse in token error rate (the objective's order).
     */
    static List<String> warnings(dev.seq4j.config.TrainSpec train, SequenceSummary.Trivial trivial, double wer,
                                 double ter) {
        double twer = trivial.validWordErrorRate();
        double tter = trivial.validTokenErrorRate();
        boolean worse = !(wer <= twer) || (wer == twer && !(ter <= tter));
        return RunSummary.trivialWarnings(train, trivial.model(), worse ? String.format(Locale.ROOT, "the best model's "
                + "greedy valid word error rate %.4f and token error rate %.4f are worse than the %.4f and %.4f", wer,
                ter, twer, tter) : null);
    }

    /** Each member's seed, epochs, best epoch and greedy word error rates on its own, for comparison with the whole. */
    private static List<Seq2seqSummary.Member> members(RunConfig config, List<Trainer.Result> results,
                                                       List<ComputationGraph> best, PairsData data, int tv) {
        List<Seq2seqSummary.Member> out = new ArrayList<>();
        int maxTarget = data.encoder().maxTarget();
        for (int m = 0; m < results.size(); m++) {
            Trainer.Result r = results.get(m);
            Seq2seqDecoder alone = new Seq2seqDecoder(config, best.get(m), tv);
            double valid = score(alone.greedy(data.valid().source(), maxTarget), data.valid(), data.encoder().target())
                    .wordErrorRate();
            Double test = data.test() == null ? null : score(alone.greedy(data.test().source(), maxTarget),
                    data.test(), data.encoder().target()).wordErrorRate();
            out.add(new Seq2seqSummary.Member(m + 1, m == 0 ? "." : RunDirectory.memberPath(m + 1), config.seed() + m,
                    r.epochs().size(), r.bestEpoch(), r.stopReason(), valid, test));
        }
        return out;
    }

    private static PairsIterator iterator(RunConfig config, PairsData.Split split, int tv) {
        return new PairsIterator(split, tv, config.train().batchSize(), 0, false);
    }

    /** Greedy and beam-search scores of one split, and the beam outputs. */
    record Scores(SequenceMetrics greedy, SequenceMetrics beamMetrics, List<Seq2seqDecoder.Output> beam) {
        static Scores of(List<Seq2seqDecoder.Output> greedy, List<Seq2seqDecoder.Output> beam, PairsData.Split split,
                         TokenVocabulary target) {
            return new Scores(score(greedy, split, target), score(beam, split, target), beam);
        }

        /** A beam-search score of a split the run may not have: {@code null} without it. */
        static Double beam(Scores scores, ToDoubleFunction<SequenceMetrics> score) {
            return scores == null ? null : score.applyAsDouble(scores.beamMetrics());
        }

        /** A greedy score of a split the run may not have: {@code null} without it. */
        static Double greedy(Scores scores, ToDoubleFunction<SequenceMetrics> score) {
            return scores == null ? null : score.applyAsDouble(scores.greedy());
        }
    }

    /**
     * {@code samples.json}: pairs spread through a split, their targets and the beam's outputs; {@code image} gives a
     * captioning example's picture by its index (then there is no source text), {@code null} for text sources.
     */
    static Samples samples(Scores scores, List<Pair> pairs, TokenVocabulary target,
                                            Tokens source, Tokens output,
                                            java.util.function.IntFunction<String> image) {
        List<Samples.Sample> out = new ArrayList<>();
        for (int i : Samples.spread(Samples.COUNT, pairs.size())) {
            Pair p = pairs.get(i);
            out.add(Samples.Sample.of(image == null ? p.source() : List.of(),
                    image == null ? null : image.apply(i), p.target(), tokens(scores.beam().get(i), target)));
        }
        return new Samples(image == null ? "sequence" : "caption", "valid", pairs.size(),
                source.separator(), output.separator(), out);
    }

    private static Scores scores(Seq2seqDecoder decoder, PairsData.Split split, PairsData.Encoder enc, PairsDataSpec spec) {
        List<Seq2seqDecoder.Output> greedy = decoder.greedy(split.source(), enc.maxTarget());
        List<Seq2seqDecoder.Output> beam = spec.beam() == 1 ? greedy
                : decoder.beam(split.source(), spec.beam(), spec.lengthNorm(), enc.maxTarget());
        return Scores.of(greedy, beam, split, enc.target());
    }

    static SequenceMetrics score(List<Seq2seqDecoder.Output> outputs, PairsData.Split split, TokenVocabulary target) {
        SequenceMetrics m = new SequenceMetrics();
        for (int i = 0; i < outputs.size(); i++) {
            m.add(tokens(outputs.get(i), target), split.pairs().get(i).target());
        }
        return m;
    }

    public static List<String> tokens(Seq2seqDecoder.Output output, TokenVocabulary target) {
        return Arrays.stream(output.tokens()).mapToObj(target::token).toList();
    }

    /** {@code valid_exact}, {@code valid_wer}, {@code valid_ter} and {@code valid_bleu} of greedy outputs. */
    static void putValid(Map<String, Double> out, SequenceMetrics m) {
        out.put("valid_exact", m.exactMatch());
        out.put("valid_wer", m.wordErrorRate());
        out.put("valid_ter", m.tokenErrorRate());
        out.put("valid_bleu", m.bleu());
    }

    /**
     * {@code valid_loss} (teacher-forced nats per target token) and, decoding greedily, {@code valid_exact},
     * {@code valid_wer}, {@code valid_ter} and {@code valid_bleu}.
     */
    private static Map<String, Double> validMetrics(RunConfig config, ComputationGraph net, PairsData data) {
        PairsData.Encoder enc = data.encoder();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("valid_loss", loss(net, iterator(config, data.valid(), enc.target().size()), data.valid().targetTokens()));
        Seq2seqDecoder decoder = new Seq2seqDecoder(config, net, enc.target().size());
        putValid(out, score(decoder.greedy(data.valid().source(), enc.maxTarget()), data.valid(), enc.target()));
        return out;
    }

    /**
     * Teacher-forced loss in nats per target token (end symbols included) of the models' mean next-token
     * probability; for one model, DL4J's own score.
     */
    static double loss(List<ComputationGraph> nets, org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator batches,
                       long targetTokens) {
        if (nets.size() == 1) {
            return loss(nets.get(0), batches, targetTokens);
        }
        double total = 0;
        while (batches.hasNext()) {
            MultiDataSet batch = batches.next();
            INDArray mean = null;
            for (ComputationGraph net : nets) {
                INDArray p = net.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays(),
                        batch.getLabelsMaskArrays())[0];
                mean = mean == null ? p.dup() : mean.addi(p);
            }
            mean.divi(nets.size());
            INDArray picked = mean.mul(batch.getLabels(0)).sum(1);                             // [mb, Tt]
            INDArray mask = batch.getLabelsMaskArray(0);
            INDArray logs = Transforms.log(
                    Transforms.max(picked, 1e-30, false), false);
            total -= logs.muli(mask).sumNumber().doubleValue();
        }
        return total / targetTokens;
    }

    /** Teacher-forced loss in nats per target token (end symbols included). */
    static double loss(ComputationGraph net, org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator batches,
                       long targetTokens) {
        double total = 0;
        while (batches.hasNext()) {
            MultiDataSet batch = batches.next();
            total += net.score(batch, false) * batch.getFeatures(0).size(0); // DL4J: summed over steps, mean over rows
        }
        return total / targetTokens;
    }

    /** {@code source, reference, output, correct} lines; {@code sources} are the sources as text. */
    static void writeOutputs(Path file, List<String> sources, PairsData.Split split, List<Seq2seqDecoder.Output> outputs,
                             TokenVocabulary target, dev.seq4j.config.Tokens targetTokens) throws IOException {
        try (Writer w = java.nio.file.Files.newBufferedWriter(file)) {
            w.write("source\treference\toutput\tcorrect\n");
            for (int i = 0; i < outputs.size(); i++) {
                List<String> reference = split.pairs().get(i).target();
                List<String> output = tokens(outputs.get(i), target);
                w.write(sources.get(i) + "\t" + PairsReader.join(reference, targetTokens) + "\t"
                        + PairsReader.join(output, targetTokens) + "\t" + output.equals(reference) + "\n");
            }
        }
    }

    /** The target vocabulary's size: the output layer's width, which the target embedding must share. */
    /** The layers an extended vocabulary grows, and along which axis: the embeddings' rows, the output's columns. */
    static final Map<String, Integer> GROWN = Map.of(Seq2seqModel.SOURCE_EMBEDDING, 0, Seq2seqModel.TARGET_EMBEDDING, 0,
            Seq2seqModel.OUTPUT, 1);

    /** The config's pairs; with an init run, in its vocabularies (continued as {@code train.initVocab} says). */
    private static PairsData data(RunConfig config, InitRun init) {
        PairsDataSpec spec = (PairsDataSpec) config.data();
        if (init == null) {
            return PairsData.load(spec, config.seed());
        }
        ModelFile.Shape shape = init.run().shape();
        return PairsData.load(spec, config.seed(), TokenVocabulary.load(init.input(SOURCE_VOCAB),
                        shape.nIn(Seq2seqModel.SOURCE_EMBEDDING), shape.file()),
                TokenVocabulary.load(init.input(TARGET_VOCAB), targetWidth(shape), shape.file()), init.vocabulary());
    }

    static long targetWidth(ModelFile.Shape shape) {
        long width = shape.nOut(Seq2seqModel.OUTPUT);
        if (shape.nIn(Seq2seqModel.TARGET_EMBEDDING) != width) {
            throw new UserException(shape.file() + ": its target embedding and output disagree on the vocabulary "
                    + "size; the file is corrupt");
        }
        return width;
    }

    /** Longest source or target a run decodes, as recorded in its summary: far above any sentence. */
    static final int MAX_LENGTH = 1 << 16;

    /** A length from a run's summary, in {@code [1, MAX_LENGTH]}. */
    static int length(RunDirectory run, com.fasterxml.jackson.databind.JsonNode summary, String key) {
        com.fasterxml.jackson.databind.JsonNode n = summary.get(key);
        if (n == null || !n.canConvertToInt() || n.asInt() < 1 || n.asInt() > MAX_LENGTH) {
            throw new UserException(run.path(RunDirectory.SUMMARY) + ": '" + key + "' is not a length from 1 to "
                    + MAX_LENGTH + "; the file is corrupt");
        }
        return n.asInt();
    }

    /** What a finished run needs to decode. */
    public record Loaded(RunConfig config, PairsDataSpec spec, PairsData.Encoder encoder, List<ComputationGraph> models,
                          Seq2seqDecoder decoder) {
        public static Loaded of(RunDirectory run) {
            RunConfig config = run.config();
            PairsDataSpec spec = (PairsDataSpec) config.data();
            // the vocabularies and lengths are checked against every member's model before any array is made
            ModelFile.Shape shape = run.shape();
            long sourceWidth = shape.nIn(Seq2seqModel.SOURCE_EMBEDDING);
            long targetWidth = targetWidth(shape);
            List<RunDirectory> members = new ArrayList<>();
            for (int m = 2; m <= config.model().ensemble(); m++) {
                RunDirectory member = run.nested(RunDirectory.memberPath(m));
                ModelFile.Shape s = member.shape();
                if (s.nIn(Seq2seqModel.SOURCE_EMBEDDING) != sourceWidth || targetWidth(s) != targetWidth) {
                    throw new UserException(s.file() + ": an ensemble member of other vocabulary sizes than "
                            + shape.file() + "; the run directory is corrupt");
                }
                members.add(member);
            }
            TokenVocabulary target = TokenVocabulary.load(run.input(TARGET_VOCAB), targetWidth, shape.file());
            TokenVocabulary source = TokenVocabulary.load(run.input(SOURCE_VOCAB), sourceWidth, shape.file());
            com.fasterxml.jackson.databind.JsonNode summary = run.summary();
            PairsData.Encoder encoder = new PairsData.Encoder(source, target, length(run, summary, "maxSourceLength"),
                    length(run, summary, "maxTargetLength"));
            List<ComputationGraph> models = new ArrayList<>(List.of(run.model()));
            for (RunDirectory member : members) {
                models.add(member.model());
            }
            return new Loaded(config, spec, encoder, models, new Seq2seqDecoder(config, models, target.size()));
        }

        PairsReader reader() {
            return new PairsReader(spec.sourceTokens(), spec.targetTokens(), spec.fileLimit());
        }
    }

    /**
     * {@code eval}: exact match, word error rate, token error rate and BLEU of beam search (the run's width) and of
     * greedy decoding on a pairs file, with the teacher-forced loss.
     */
    @Override
    public Seq2seqEvaluation evaluate(RunDirectory run, Path file) {
        Loaded m = Loaded.of(run);
        PairsData.Split split = m.encoder().encode("--data", file, m.reader().read("--data", file), false);
        Scores s = scores(m.decoder(), split, m.encoder(), m.spec());
        SequenceMetrics beam = s.beamMetrics();
        return new Seq2seqEvaluation(m.config().task(), file.toString(), split.size(), m.spec().beam(),
                beam.exactMatch(), beam.wordErrorRate(), beam.tokenErrorRate(), beam.bleu(), s.greedy().report(),
                loss(m.models(), iterator(m.config(), split, m.encoder().target().size()), split.targetTokens()));
    }
}
