package dev.seq4j.task;


import dev.seq4j.config.RunConfig;
import dev.seq4j.config.TaggingDataSpec;
import dev.seq4j.data.tagging.TagScheme;
import dev.seq4j.data.tagging.TaggedSentence;
import dev.seq4j.data.tagging.TaggingData;
import dev.seq4j.data.tagging.TaggingIterator;
import dev.seq4j.data.text.TokenVocabulary;
import dev.seq4j.eval.MostFrequentTag;
import dev.seq4j.eval.TaggingMetrics;
import dev.seq4j.infer.Tagger;
import dev.seq4j.model.TaggerModel;
import dev.seq4j.result.Samples;
import dev.seq4j.result.TaggingEvaluation;
import dev.seq4j.result.TaggingReport;
import dev.seq4j.result.TaggingSummary;
import dev.seq4j.run.ModelFile;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.train.Objective;
import dev.seq4j.train.MemoryBudget;
import dev.seq4j.train.Trainer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sequence tagging, synced many-to-many: a tag per token (part of speech, named-entity or chunk spans), from
 * CoNLL column files. Reports token accuracy, accuracy on words never seen in training, per-tag precision and
 * recall and, for span tags, conlleval's span F1, next to a most-frequent-tag baseline on the same split.
 */
public final class TaggingTask extends BuiltInTask {
    public static final String WORDS = "words.json";
    public static final String SUFFIXES = "suffixes.json";
    public static final String TAGS = Classification.LABELS;
    public static final String BASELINE = "baseline.json";
    public static final Objective OBJECTIVE = Classification.OBJECTIVE;

    /** Listed in {@code META-INF/services}; see {@link Tasks#of}. */
    public TaggingTask() {
        super("tagging", TaggingDataSpec.class, Set.of(dev.seq4j.config.TaskOption.CHAR_LM,
                        dev.seq4j.config.TaskOption.CHAR_LM_BACKWARD, dev.seq4j.config.TaskOption.WORD_DROPOUT),
                OBJECTIVE, dev.seq4j.api.Tagger.class,
                dev.seq4j.api.RunModels::tagger, "tag", TaggingSummary.class);
    }

    @Override
    public void checkData(RunConfig config) {
        TaggingData.load((TaggingDataSpec) config.data(), config.seed(), inputs(InitRun.of(config)));
    }

    /** What a run takes from its init run: its vocabularies, tags and training words; {@code null} without one. */
    private static TaggingData.Inputs inputs(InitRun init) {
        if (init == null) {
            return null;
        }
        Loaded m = Loaded.of(init.run());
        return new TaggingData.Inputs(m.trainScheme(), m.tags(), m.words(), m.suffixes(), m.baseline().words(),
                init.vocabulary());
    }

    /** Reads and checks the data and builds the network; see {@link SequenceTask#prepare}. */
    @Override
    public Training prepare(RunConfig config, PrintWriter console) {
        TaggingDataSpec spec = (TaggingDataSpec) config.data();
        InitRun init = InitRun.of(config);
        TaggingData.Inputs from = inputs(init);
        CharLmFeatures lms = CharLmFeatures.of(config.model());
        TaggingData data = withContext(TaggingData.load(spec, config.seed(), from), lms, console);
        boolean shape = spec.charFeatures() == dev.seq4j.config.TaggingDataSpec.CharFeatures.SHAPE;
        int c = data.tags().size();
        Nd4j.getRandom().setSeed(config.seed());
        ComputationGraph net = InitRun.network(MemoryBudget.checked(TaggerModel.configuration(config,
                data.words().size(), data.suffixes().size(), shape, c, CharLmFeatures.featureWidth(lms),
                CharLmFeatures.branches(lms)), config, MemoryBudget.longest(data.train().words()), console), init,
                InitRun.freshOutput(from == null ? null : from.tags(), data.tags(), TaggerModel.OUTPUT, "tags"),
                Map.of(TaggerModel.EMBEDDING, 0, TaggerModel.SUFFIX_LAYER, 0), console);
        CharLmFeatures.startFrom(lms, net, init);
        TaggingIterator train = new TaggingIterator(data.train(), c, config.train().batchSize(), shape, config.seed(), true,
                config.train().wordDropout());
        return new Training() {
            @Override
            protected void writeFiles(RunDirectory run) {
                run.writeJson(TAGS, data.tags());
                run.writeFile(WORDS, f -> data.words().save(f.toPath()));
                run.writeFile(SUFFIXES, f -> data.suffixes().save(f.toPath()));
                if (lms != null) {
                    lms.copyInto(run);
                }
            }

            @Override
            protected String describe() {
                return String.format(Locale.ROOT, "tagging: %,d training sentences (%,d tokens), %,d validation (%,d tokens, %.1f%% "
                                + "unseen in training), %d tags (%s scheme), vocabulary %,d words, %s character features, "
                                + "%,d parameters", data.train().size(), data.train().tokens(), data.valid().size(),
                        data.valid().tokens(), 100.0 * oovShare(data.valid()), c, data.scheme().id(), data.words().size(),
                        spec.charFeatures(), net.numParams());
            }

            @Override
            protected Trainer.Result fit(Fitting fitting) {
                return fitting.trainer("nats")
                        .fit(net, train, train.batchCount(), 1.0, n -> validMetrics(n, data, shape), OBJECTIVE);
            }

            @Override
            protected TaggingSummary summarise(RunDirectory run, RunFacts facts) {
                ComputationGraph best = run.model();
                Scored scored = metrics(best, data, data.valid(), shape);
                TaggingMetrics valid = scored.metrics();
                Classification.writeConfusion(run, valid.perTag());
                run.writeJson(RunDirectory.SAMPLES, samples(data.valid(), scored.tags()));

                List<TaggedSentence> trainSentences = data.train().sentences();
                MostFrequentTag baseline = MostFrequentTag.train(trainSentences, spec.lowercase());
                run.writeFile(BASELINE, f -> baseline.save(f.toPath()));

                TaggingData.Split test = data.test();
                TaggingMetrics tested = test == null ? null : metrics(best, data, test, shape).metrics();
                TaggingMetrics baseValid = baselineMetrics(baseline, data.scheme(), data.valid(), spec);
                TaggingMetrics baseTest = test == null ? null : baselineMetrics(baseline, data.scheme(), test, spec);
                TaggingSummary.Baseline base = new TaggingSummary.Baseline(MostFrequentTag.NAME, baseline.fallback(),
                        baseValid.tokenAccuracy(), baseValid.oovAccuracy(), baseValid.spanF1(),
                        baseTest == null ? null : baseTest.tokenAccuracy(),
                        baseTest == null ? null : baseTest.oovAccuracy(), baseTest == null ? null : baseTest.spanF1());
                // the trivial tagger: the most frequent tag of all (the baseline's tag for unknown words) for every token
                String tag = baseline.fallback();
                long tagged = gold(data.valid()).stream().mapToLong(s -> s.stream().filter(tag::equals).count()).sum();
                double always = (double) tagged / Math.max(data.valid().tokens(), 1);
                TaggingSummary.Trivial trivial = new TaggingSummary.Trivial("always '" + tag
                        + "', the most frequent training tag", always);
                List<String> warnings = RunSummary.trivialWarnings(config.train(), trivial.model(),
                        RunSummary.worse("valid token accuracy", valid.tokenAccuracy(), always, false));

                dev.seq4j.config.ModelSpec m = config.model();
                TaggingSummary.Model model = new TaggingSummary.Model(m.cell(), m.layers(), m.embedding(),
                        m.bidirectional(), net.numParams(), spec.charFeatures());
                return new TaggingSummary(facts.task(), facts.status(), facts.stopReason(), facts.epochs(),
                        facts.bestEpoch(), model, data.tags(), data.scheme().id(), data.trainScheme().id(),
                        valid.tokenAccuracy(), valid.oovAccuracy(), valid.spanF1(),
                        tested == null ? null : tested.tokenAccuracy(), tested == null ? null : tested.oovAccuracy(),
                        tested == null ? null : tested.spanF1(), facts.objective(OBJECTIVE), base, trivial, warnings,
                        valid.report(), tested == null ? null : tested.report(), facts.trainSeconds(), facts.rate(),
                        facts.runSeconds());
            }
        }.from(init);
    }

    /** {@code data} with the char LMs' features for every token; {@code data} itself without LMs. */
    private static TaggingData withContext(TaggingData data, CharLmFeatures lms, PrintWriter console) {
        if (lms == null) {
            return data;
        }
        lms.announce(console, "sentence");
        return data.withContext(lms::context);
    }

    /** {@code samples.json}: sentences spread through the split, their tags and the model's (in the data's scheme). */
    private static Samples samples(TaggingData.Split split, List<List<String>> predicted) {
        List<Samples.Sample> out = new java.util.ArrayList<>();
        for (int i : Samples.spread(Samples.COUNT, split.size())) {
            TaggedSentence s = split.sentences().get(i);
            out.add(Samples.Sample.of(s.tokens(), null, s.tags(), predicted.get(i)));
        }
        return new Samples("tags", "valid", split.size(), " ", " ", out);
    }

    private static double oovShare(TaggingData.Split split) {
        long oov = 0;
        for (boolean[] s : split.oov()) {
            for (boolean b : s) {
                oov += b ? 1 : 0;
            }
        }
        return (double) oov / Math.max(split.tokens(), 1);
    }

    /** {@code valid_loss} (nats per token), {@code valid_accuracy} (per token), {@code valid_oov_accuracy}, {@code valid_span_f1}. */
    private static Map<String, Double> validMetrics(ComputationGraph net, TaggingData data, boolean shape) {
        Scored scored = metrics(net, data, data.valid(), shape);
        TaggingMetrics m = scored.metrics();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("valid_loss", scored.prediction().loss());
        out.put("valid_accuracy", m.tokenAccuracy());
        out.put("valid_oov_accuracy", m.oovAccuracy() == null ? 0 : m.oovAccuracy());
        if (m.spanF1() != null) {
            out.put("valid_span_f1", m.spanF1());
        }
        return out;
    }

    /** A model's predictions on a split and their scores in the data's own tags. */
    private record Scored(Tagger.Prediction prediction, List<List<String>> tags, TaggingMetrics metrics) {
    }

    private static Scored metrics(ComputationGraph net, TaggingData data, TaggingData.Split split, boolean shape) {
        return score(net, split, data.tags(), data.scheme(), data.trainScheme(), shape, true);
    }

    /**
     * Runs the model on a split and turns its tags (in the model's scheme) into the data's scheme; with
     * {@code labelled}, scores them against the sentences' own tags.
     */
    private static Scored score(ComputationGraph net, TaggingData.Split split, List<String> tags, TagScheme scheme,
                                TagScheme trainScheme, boolean shape, boolean labelled) {
        Tagger.Prediction p = Tagger.run(net, split, tags.size(), shape);
        List<List<String>> predicted = new java.util.ArrayList<>(split.size());
        for (int[] sentence : p.tags()) {
            List<String> names = java.util.Arrays.stream(sentence).mapToObj(tags::get).toList();
            predicted.add(TaggingData.convert(names, trainScheme, scheme));
        }
        return new Scored(p, predicted, labelled ? TaggingMetrics.of(scheme, gold(split), predicted, split.oov()) : null);
    }

    private static List<List<String>> gold(TaggingData.Split split) {
        return split.sentences().stream().map(TaggedSentence::tags).toList();
    }

    private static TaggingMetrics baselineMetrics(MostFrequentTag baseline, TagScheme scheme, TaggingData.Split split,
                                                  TaggingDataSpec spec) {
        return TaggingMetrics.of(scheme, gold(split), baseline.predict(split.sentences(), spec.lowercase()), split.oov());
    }

    /** What a finished run needs to tag new sentences. */
    public record Loaded(RunConfig config, TaggingDataSpec spec, ComputationGraph net, List<String> tags,
                          TagScheme scheme, TagScheme trainScheme, TokenVocabulary words, TokenVocabulary suffixes,
                          MostFrequentTag baseline, CharLmFeatures lms) {
        public static Loaded of(RunDirectory run) {
            RunConfig config = run.config();
            TaggingDataSpec spec = (TaggingDataSpec) config.data();
            // every file checked against the model before any array is made
            ModelFile.Shape shape = run.shape();
            List<String> tags = Classification.labels(run, shape, shape.nOut(TaggerModel.OUTPUT));
            com.fasterxml.jackson.databind.JsonNode summary = run.summary();
            TagScheme scheme = scheme(run, summary.path("scheme").asText("none"));
            TagScheme trainScheme = scheme(run, summary.path("trainScheme").asText(scheme.id()));
            TokenVocabulary words = TokenVocabulary.load(run.input(WORDS), shape.nIn(TaggerModel.EMBEDDING),
                    shape.file());
            TokenVocabulary suffixes = shape.has(TaggerModel.SUFFIX_LAYER)
                    ? TokenVocabulary.load(run.input(SUFFIXES), shape.nIn(TaggerModel.SUFFIX_LAYER), shape.file())
                    : TokenVocabulary.loadAtMost(run.input(SUFFIXES), spec.maxVocab());
            MostFrequentTag baseline = MostFrequentTag.load(run.input(BASELINE));
            // the char LMs' features are what the first recurrent layer reads besides the word's own
            long own = shape.nOut(TaggerModel.EMBEDDING) + (shape.has(TaggerModel.SUFFIX_LAYER)
                    ? shape.nOut(TaggerModel.SUFFIX_LAYER) + dev.seq4j.data.tagging.WordFeatures.SHAPE_SIZE : 0);
            CharLmFeatures lms = CharLmFeatures.load(run, config.model(),
                    shape.nIn(dev.seq4j.model.RecurrentStack.FIRST) - own);
            return new Loaded(config, spec, run.model(), tags, scheme, trainScheme, words, suffixes, baseline, lms);
        }

        private static TagScheme scheme(RunDirectory run, String id) {
            try {
                return TagScheme.of(id);
            } catch (IllegalArgumentException e) {
                throw new dev.seq4j.UserException(run.path(RunDirectory.SUMMARY) + ": " + e.getMessage());
            }
        }

        public boolean shape() {
            return spec.charFeatures() == dev.seq4j.config.TaggingDataSpec.CharFeatures.SHAPE;
        }

        public TaggingData.Split encode(String key, List<TaggedSentence> sentences, boolean labelled) {
            TaggingData.Split split = new TaggingData.Encoder(tags, scheme, trainScheme, words, suffixes,
                    baseline.words(), spec.lowercase()).encode(key, sentences, labelled);
            return lms == null ? split : split.withContext(lms.context(sentences));
        }

        Scored score(TaggingData.Split split, boolean labelled) {
            return TaggingTask.score(net, split, tags, scheme, trainScheme, shape(), labelled);
        }
    }

    /**
     * {@code eval}: token accuracy, OOV accuracy and (for span tags) span F1 of the model and of the
     * most-frequent-tag baseline on a CoNLL file in the training data's columns.
     */
    @Override
    public TaggingEvaluation evaluate(RunDirectory run, Path file) {
        Loaded m = Loaded.of(run);
        TaggingData.Split split = m.encode("--data", m.spec().reader().read("--data", file), true);
        Scored scored = m.score(split, true);
        TaggingMetrics model = scored.metrics();
        TaggingMetrics base = baselineMetrics(m.baseline(), m.scheme(), split, m.spec());
        TaggingReport report = model.report();
        return new TaggingEvaluation(m.config().task(), file.toString(), split.size(), model.tokens(),
                model.oovTokens(), model.tokenAccuracy(), model.oovAccuracy(), model.spanF1(),
                scored.prediction().loss(), MostFrequentTag.NAME, base.tokenAccuracy(), base.oovAccuracy(),
                base.spanF1(), report.perTag(), report.spans(), report.confusion());
    }
}
