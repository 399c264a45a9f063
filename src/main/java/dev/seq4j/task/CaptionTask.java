package dev.seq4j.task;


import java.util.Set;
import dev.seq4j.config.TaskOption;
import dev.seq4j.UserException;
import dev.seq4j.config.CaptionDataSpec;
import dev.seq4j.config.RunConfig;
import dev.seq4j.data.caption.CaptionData;
import dev.seq4j.data.caption.CaptionIterator;
import dev.seq4j.data.caption.Images;
import dev.seq4j.data.pairs.Pair;
import dev.seq4j.data.pairs.PairsData;
import dev.seq4j.data.text.TokenVocabulary;
import dev.seq4j.infer.Seq2seqDecoder;
import dev.seq4j.eval.SequenceMetrics;
import dev.seq4j.model.CaptionModel;
import dev.seq4j.result.CaptionEvaluation;
import dev.seq4j.result.CaptionSummary;
import dev.seq4j.result.SequenceSummary;
import dev.seq4j.run.ModelFile;
import dev.seq4j.run.RunDirectory;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import dev.seq4j.train.Objective;
import dev.seq4j.train.MemoryBudget;
import dev.seq4j.train.Trainer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Captioning (one-to-many), end to end: train on {@code image<TAB>caption} lines, caption images greedily and by
 * beam search, and report exact match, word error rate (captions not exactly right), token error rate and BLEU.
 */
public final class CaptionTask extends BuiltInTask {
    public static final String WORDS = Seq2seqTask.TARGET_VOCAB;
    public static final Objective OBJECTIVE = Seq2seqTask.OBJECTIVE;
    /** Image files {@code caption} reads from a directory. */
    public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "gif", "bmp");

    /** Listed in {@code META-INF/services}; see {@link Tasks#of}. */
    public CaptionTask() {
        super("caption", CaptionDataSpec.class, Set.of(TaskOption.DECODER, TaskOption.LABEL_SMOOTHING), OBJECTIVE, dev.seq4j.api.Captioner.class,
                dev.seq4j.api.RunModels::captioner, "caption", CaptionSummary.class);
    }

    @Override
    public void checkData(RunConfig config) {
        data(config, InitRun.of(config));
    }

    /** The config's data; with an init run, in its word vocabulary (continued as {@code train.initVocab} says). */
    private static CaptionData data(RunConfig config, InitRun init) {
        CaptionDataSpec spec = (CaptionDataSpec) config.data();
        if (init == null) {
            return CaptionData.load(spec, config.seed());
        }
        ModelFile.Shape shape = init.run().shape();
        CaptionData data = CaptionData.load(spec, config.seed(), TokenVocabulary.load(init.input(WORDS),
                Seq2seqTask.targetWidth(shape), shape.file()), init.vocabulary());
        Loaded was = Loaded.of(init.run());
        if (was.width() != data.width() || was.height() != data.height()) {
            throw new dev.seq4j.config.ConfigException(InitRun.KEY, init.run().root() + " reads images of "
                    + was.width() + "x" + was.height() + " pixels; this data's are " + data.width() + "x"
                    + data.height() + " (data.width and data.height scale them)");
        }
        return data;
    }

    @Override
    public void checkConfig(RunConfig config) {
        if (config.model().bidirectional() != dev.seq4j.config.ModelSpec.Direction.NONE) {
            throw new dev.seq4j.config.ConfigException("model.bidirectional", "a caption's decoder writes one word after "
                    + "another; use none");
        }
    }

    /** Reads and checks the data and builds the network; see {@link SequenceTask#prepare}. */
    @Override
    public Training prepare(RunConfig config, PrintWriter console) {
        CaptionDataSpec spec = (CaptionDataSpec) config.data();
        InitRun init = InitRun.of(config);
        CaptionData data = data(config, init);
        PairsData.Encoder enc = data.encoder();
        int v = enc.target().size();
        Nd4j.getRandom().setSeed(config.seed());
        ComputationGraph net = InitRun.network(MemoryBudget.checked(CaptionModel.training(config, Images.CHANNELS,
                data.height(), data.width(), v), config, enc.maxTarget() + 1, console), init, Map.of(),
                Seq2seqTask.GROWN, console);
        CaptionIterator train = new CaptionIterator(data.train(), v, config.train().batchSize(), config.seed(), true)
                .labelSmoothing(config.train().labelSmoothing());
        return new Training() {
            @Override
            protected void writeFiles(RunDirectory run) {
                run.writeFile(WORDS, f -> enc.target().save(f.toPath()));
            }

            @Override
            protected String describe() {
                return String.format(Locale.ROOT, "caption: %,d training images, %,d validation%s, %dx%d pixels; %,d words; captions "
                                + "up to %d words; %,d parameters", data.train().size(), data.valid().size(),
                        data.test() == null ? "" : String.format(Locale.ROOT, ", %,d test", data.test().size()), data.width(),
                        data.height(), v, enc.maxTarget(), net.numParams());
            }

            @Override
            protected Trainer.Result fit(Fitting fitting) {
                return fitting.trainer("nats")
                        .fit(net, train, train.batchCount(), 1.0, n -> validMetrics(config, n, data), OBJECTIVE);
            }

            @Override
            protected CaptionSummary summarise(RunDirectory run, RunFacts facts) {
                Trainer.Result result = facts.result();
                ComputationGraph best = run.model();
                Seq2seqDecoder decoder = Seq2seqDecoder.forImages(config, best, v);
                CaptionSummary.Model model = new CaptionSummary.Model("cnn "
                        + java.util.Arrays.toString(CaptionModel.FILTERS) + " -> dense "
                        + CaptionModel.featureSize(config.model()), config.model().cell(), config.model().embedding(),
                        dev.seq4j.model.Seq2seqModel.decoderSize(config.model()), net.numParams());
                double validLoss = result.epochs().get(result.bestEpoch() - 1).valid().get("valid_loss");
                Seq2seqTask.Scores valid = scores(decoder, data.valid(), enc, spec);
                float[] pixels = data.valid().pixels().data().asFloat();
                int plane = Images.CHANNELS * data.width() * data.height();
                run.writeJson(RunDirectory.SAMPLES, Seq2seqTask.samples(valid, data.valid().captions().pairs(),
                        enc.target(), dev.seq4j.config.Tokens.CHAR, dev.seq4j.config.Tokens.WORD,
                        i -> Images.dataUrl(pixels, i * plane, data.width(), data.height())));
                Seq2seqTask.Scores test = null;
                if (data.test() != null) {
                    Seq2seqTask.Scores tested = scores(decoder, data.test(), enc, spec);
                    List<String> images = data.test().images().stream().map(Path::toString).toList();
                    run.writeFile(Seq2seqTask.TEST_OUTPUT, f -> Seq2seqTask.writeOutputs(f.toPath(), images,
                            data.test().captions(), tested.beam(), enc.target(), dev.seq4j.config.Tokens.WORD));
                    test = tested;
                }
                SequenceSummary.Trivial trivial = Seq2seqTask.trivial(data.train().captions(),
                        data.valid().captions());
                return new CaptionSummary(facts.task(), facts.status(), facts.stopReason(), facts.epochs(),
                        facts.bestEpoch(), model, data.width(), data.height(), enc.maxTarget(), spec.beam(),
                        spec.lengthNorm(), validLoss, valid.beamMetrics().exactMatch(),
                        valid.beamMetrics().wordErrorRate(), valid.beamMetrics().tokenErrorRate(),
                        valid.beamMetrics().bleu(), valid.greedy().exactMatch(), valid.greedy().wordErrorRate(),
                        valid.greedy().tokenErrorRate(), valid.greedy().bleu(),
                        Seq2seqTask.Scores.beam(test, SequenceMetrics::exactMatch),
                        Seq2seqTask.Scores.beam(test, SequenceMetrics::wordErrorRate),
                        Seq2seqTask.Scores.beam(test, SequenceMetrics::tokenErrorRate),
                        Seq2seqTask.Scores.beam(test, SequenceMetrics::bleu),
                        Seq2seqTask.Scores.greedy(test, SequenceMetrics::exactMatch),
                        Seq2seqTask.Scores.greedy(test, SequenceMetrics::wordErrorRate),
                        Seq2seqTask.Scores.greedy(test, SequenceMetrics::tokenErrorRate),
                        Seq2seqTask.Scores.greedy(test, SequenceMetrics::bleu), facts.objective(OBJECTIVE), trivial,
                        Seq2seqTask.warnings(config.train(), trivial, valid.greedy().wordErrorRate(),
                                valid.greedy().tokenErrorRate()), facts.trainSeconds(), facts.runSeconds());
            }
        }.from(init);
    }

    private static Seq2seqTask.Scores scores(Seq2seqDecoder decoder, CaptionData.Split split, PairsData.Encoder enc,
                                             CaptionDataSpec spec) {
        List<Seq2seqDecoder.Output> greedy = decoder.greedy(split.pixels(), enc.maxTarget());
        List<Seq2seqDecoder.Output> beam = spec.beam() == 1 ? greedy
                : decoder.beam(split.pixels(), spec.beam(), spec.lengthNorm(), enc.maxTarget());
        return Seq2seqTask.Scores.of(greedy, beam, split.captions(), enc.target());
    }

    /** {@code valid_loss} (teacher-forced nats per word) and greedy {@code valid_exact, valid_wer, valid_ter, valid_bleu}. */
    private static Map<String, Double> validMetrics(RunConfig config, ComputationGraph net, CaptionData data) {
        PairsData.Encoder enc = data.encoder();
        int v = enc.target().size();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("valid_loss", Seq2seqTask.loss(net, new CaptionIterator(data.valid(), v, config.train().batchSize(), 0,
                false), data.valid().captions().targetTokens()));
        Seq2seqDecoder decoder = Seq2seqDecoder.forImages(config, net, v);
        Seq2seqTask.putValid(out, Seq2seqTask.score(decoder.greedy(data.valid().pixels(), enc.maxTarget()),
                data.valid().captions(), enc.target()));
        return out;
    }

    /** Largest image side a run reads (the config allows 1024; 0 takes the first image's). */
    static final int MAX_IMAGE_SIDE = 8192;

    /** What a finished run needs to caption. */
    public record Loaded(RunConfig config, CaptionDataSpec spec, TokenVocabulary words, int width, int height,
                          int maxLength, Seq2seqDecoder decoder) {
        public static Loaded of(RunDirectory run) {
            RunConfig config = run.config();
            // the vocabulary and image size are checked against the model before any array is made
            ModelFile.Shape shape = run.shape();
            TokenVocabulary words = TokenVocabulary.load(run.input(WORDS), Seq2seqTask.targetWidth(shape),
                    shape.file());
            com.fasterxml.jackson.databind.JsonNode summary = run.summary();
            int width = Seq2seqTask.length(run, summary, "width");
            int height = Seq2seqTask.length(run, summary, "height");
            if (!(shape.graph().getVertices().get(CaptionModel.FEATURES) instanceof
                    org.deeplearning4j.nn.conf.graph.LayerVertex v)
                    || !(v.getPreProcessor() instanceof CnnToFeedForwardPreProcessor p)
                    || p.getInputHeight() != pooled(height) || p.getInputWidth() != pooled(width)
                    || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
                throw new dev.seq4j.UserException(run.path(RunDirectory.SUMMARY) + ": images of " + width + "x" + height
                        + " pixels, which " + shape.file() + " does not read; the run directory is corrupt");
            }
            return new Loaded(config, (CaptionDataSpec) config.data(), words, width, height,
                    Seq2seqTask.length(run, summary, "maxTargetLength"),
                    Seq2seqDecoder.forImages(config, run.model(), words.size()));
        }

        /** A side after the encoder's two 2x2 poolings ({@code ConvolutionMode.Same}: rounded up). */
        private static long pooled(int side) {
            return ((side + 1) / 2 + 1) / 2;
        }
    }

    /** {@code eval}: the four caption metrics of beam search (the run's width) and greedy decoding on a captions TSV. */
    @Override
    public CaptionEvaluation evaluate(RunDirectory run, Path file) {
        Loaded m = Loaded.of(run);
        List<Pair> pairs = CaptionData.read("--data", file, m.spec().fileLimit());
        List<Path> images = pairs.stream().map(p -> CaptionData.image(file, p)).toList();
        INDArray pixels = CaptionData.pixels("--data", images, pairs.stream().map(Pair::line).toList(), file,
                m.width(), m.height(), m.spec().fileLimit());
        PairsData.Encoder enc = new PairsData.Encoder(TokenVocabulary.build(List.of(), 1, 1), m.words(),
                Integer.MAX_VALUE, m.maxLength());
        PairsData.Split captions = enc.encode("--data", file, pairs, false);
        List<Seq2seqDecoder.Output> greedy = m.decoder().greedy(pixels, m.maxLength());
        List<Seq2seqDecoder.Output> beam = m.spec().beam() == 1 ? greedy
                : m.decoder().beam(pixels, m.spec().beam(), m.spec().lengthNorm(), m.maxLength());
        Seq2seqTask.Scores s = Seq2seqTask.Scores.of(greedy, beam, captions, m.words());
        SequenceMetrics b = s.beamMetrics();
        return new CaptionEvaluation(m.config().task(), file.toString(), pairs.size(), m.spec().beam(),
                b.exactMatch(), b.wordErrorRate(), b.tokenErrorRate(), b.bleu(), s.greedy().report());
    }

    /** The images {@code caption} reads: the file itself, or a directory's image files in name order. */
    public static List<Path> images(Path input) throws IOException {
        if (!Files.exists(input)) {
            throw new UserException("--input: no such file or directory: " + input);
        }
        if (!Files.isDirectory(input)) {
            return List.of(input);
        }
        // a pipe or device named like an image, or a link out of the directory, is an error (InputFiles)
        List<Path> images = dev.seq4j.data.InputFiles.list("--input", input, false, f -> {
            String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
            return EXTENSIONS.stream().anyMatch(e -> name.endsWith("." + e));
        });
        if (images.isEmpty()) {
            throw new UserException("--input: " + input + " has no image files (" + EXTENSIONS + ")");
        }
        return images;
    }
}
