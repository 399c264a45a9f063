package dev.seq4j.api;

import dev.seq4j.UserException;
import dev.seq4j.data.series.SeriesClassData;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed models of {@link Seq4j#load}, on a tiny run of every task ({@link TinyRuns}). */
class ApiTest {
    static final int THREADS = 8;

    @Test
    void aRunLoadsAsItsTasksTypeWithItsConfigAndSummary() {
        Path run = TinyRuns.run("textclass");
        TrainedModel model = Seq4j.load(run);
        TextClassifier classifier = assertInstanceOf(TextClassifier.class, model);
        assertEquals("textclass", model.task());
        assertEquals(run, model.runDirectory());
        assertEquals(1, model.config().seed());
        assertEquals(List.of("neg", "pos"), classifier.labels());
        assertEquals(classifier.summary().validAccuracy(), 1.0, model.summary().toString());
        assertEquals(model.summary(), classifier.summary());
        // what the network sees: lower-cased word tokens, the unknown word and comma as <unk>
        assertEquals(List.of("the", "food", "was", "<unk>", "<unk>", "lovely"), classifier.tokens("The food was ZESTY, lovely"));
        assertEquals("textclass", Seq4j.task(run));
        for (String task : List.of("charlm", "seriesclass", "tagging", "forecast", "seq2seq", "caption")) {
            assertEquals(task, Seq4j.load(TinyRuns.run(task)).task());
        }
        assertInstanceOf(CharLanguageModel.class, Seq4j.load(TinyRuns.run("charlm")));
        assertInstanceOf(Captioner.class, Seq4j.load(TinyRuns.run("caption")));
    }

    @Test
    void aRunOfAnotherTaskIsRefusedByName() {
        Path run = TinyRuns.run("tagging");
        UserException e = assertThrows(UserException.class, () -> Seq4j.load(run, TextClassifier.class));
        assertEquals(run + ": a tagging run, not a TextClassifier", e.getMessage());
        assertInstanceOf(Tagger.class, Seq4j.load(run, TrainedModel.class)); // a supertype is fine
    }

    @Test
    void aTextClassifierAnswersLikeItsTrainingAndABatchAsOneAtATime() {
        TextClassifier c = Seq4j.load(TinyRuns.run("textclass"), TextClassifier.class);
        List<String> texts = List.of("the food was lovely", "the food was nasty today", "great", "poor food",
                "the food was fine and the food was fine again", "awful");
        List<ClassPrediction> batch = c.classify(texts);
        assertEquals(List.of("pos", "neg", "pos", "neg", "pos", "neg"), batch.stream().map(ClassPrediction::label).toList());
        for (int i = 0; i < texts.size(); i++) {
            ClassPrediction one = c.classify(texts.get(i));
            assertEquals(one.label(), batch.get(i).label());
            assertEquals(1.0, one.probability("neg") + one.probability("pos"), 1e-6);
            // padded to the batch's longest text and masked: the same numbers as alone, to float precision
            assertEquals(one.probability("pos"), batch.get(i).probability("pos"), 1e-5, texts.get(i));
        }
        assertEquals(List.of(), c.classify(List.of()));
        InputException e = assertThrows(InputException.class, () -> c.classify(List.of("good", "   ")));
        assertEquals(1, e.index());
        assertEquals("texts[1]: no tokens in '   '", e.getMessage());
    }

    @Test
    void manyThreadsClassifyingAtOnceGetWhatOneThreadGets() throws Exception {
        TextClassifier c = Seq4j.load(TinyRuns.run("textclass"), TextClassifier.class);
        List<String> texts = IntStream.range(0, 24).mapToObj(i -> (i % 2 == 0 ? "lovely" : "awful")
                + " food".repeat(i % 5)).toList();
        List<ClassPrediction> alone = texts.stream().map(c::classify).toList();
        List<ClassPrediction> together = concurrently(texts.size(), i -> c.classify(texts.get(i)));
        assertEquals(alone, together);
        List<List<ClassPrediction>> batches = concurrently(THREADS, i -> c.classify(texts));
        for (List<ClassPrediction> b : batches) {
            assertEquals(c.classify(texts), b);
        }
    }

    @Test
    void generatingFromManyThreadsAtOnceGivesEachTheTextOfItsSeed() throws Exception {
        CharLanguageModel lm = Seq4j.load(TinyRuns.run("charlm"), CharLanguageModel.class);
        List<String> alone = IntStream.range(0, THREADS).mapToObj(i -> lm.generate("The ", 60, 1.0, 0, i)).toList();
        assertNotEquals(alone.get(0), alone.get(1));
        assertEquals(alone, concurrently(THREADS, i -> lm.generate("The ", 60, 1.0, 0, i)));
        double bits = lm.bitsPerChar("the quick brown fox jumps over the lazy dog");
        assertTrue(bits > 0 && bits < 8, "bits/char " + bits);
        assertEquals(bits, lm.bitsPerChar("the quick brown fox jumps over the lazy dog"));
        assertThrows(UserException.class, () -> lm.bitsPerChar("a"));
        assertEquals("temperature: must be a positive number, got 0.0",
                assertThrows(UserException.class, () -> lm.generate("x", 5, 0, 0, 1)).getMessage());
    }

    @Test
    void aSeriesClassifierReadsSeriesOfItsWidthOnly() {
        SeriesClassifier c = Seq4j.load(TinyRuns.run("seriesclass"), SeriesClassifier.class);
        assertEquals(List.of("value"), c.features());
        List<double[][]> series = SeriesClassData.read("--data", TinyRuns.data("seriesclass"),
                (dev.seq4j.config.SeriesClassDataSpec) c.config().data(), c.features(), null).series().stream()
                .map(dev.seq4j.data.series.LabelledSeries::values).toList();
        List<ClassPrediction> batch = c.classify(series);
        assertEquals(series.size(), batch.size());
        for (int i = 0; i < series.size(); i += 5) {
            assertEquals(c.classify(series.get(i)).probabilities().get(c.labels().get(0)),
                    batch.get(i).probabilities().get(c.labels().get(0)), 1e-5);
            assertTrue(c.labels().contains(batch.get(i).label()));
        }
        InputException e = assertThrows(InputException.class, () -> c.classify(new double[][]{{1, 2}}));
        assertEquals("series[0]: step 0 has 2 values; the model reads 1 [value]", e.getMessage());
        assertThrows(InputException.class, () -> c.classify(new double[][]{{Double.NaN}}));
        assertThrows(InputException.class, () -> c.classify(new double[0][]));
    }

    @Test
    void aTaggerTagsEveryTokenInTheDataScheme() throws Exception {
        Tagger t = Seq4j.load(TinyRuns.run("tagging"), Tagger.class);
        List<String> tokens = List.of("John", "lives", "in", "Paris", ".");
        List<String> tags = t.tag(tokens);
        assertEquals(tokens.size(), tags.size());
        assertTrue(tags.stream().allMatch(tag -> tag.matches("O|[BI]-[A-Z]+")), tags.toString());
        assertEquals(tags, t.tag("John lives in Paris."));
        List<List<String>> sentences = List.of(tokens, List.of("Mary"), List.of("Bob", "met", "Mary", "in", "Rome", "today"));
        List<List<String>> all = t.tagAll(sentences);
        for (int i = 0; i < sentences.size(); i++) {
            assertEquals(t.tag(sentences.get(i)), all.get(i));
        }
        concurrently(THREADS, i -> t.tagAll(sentences)).forEach(other -> assertEquals(all, other));
        assertEquals("sentences[1]: has no tokens",
                assertThrows(InputException.class, () -> t.tagAll(List.of(tokens, List.of()))).getMessage());
    }

    @Test
    void aForecasterContinuesTheTimelineInRounds() {
        Forecaster f = Seq4j.load(TinyRuns.run("forecast"), Forecaster.class);
        assertEquals(List.of("v"), f.targets());
        assertEquals(3, f.horizon());
        dev.seq4j.data.forecast.TimeTable table = f.read(TinyRuns.data("forecast"));
        Forecast seven = f.forecast(table, 7); // three rounds of the run's 3 steps
        assertEquals(List.of("2005-01", "2005-02", "2005-03", "2005-04", "2005-05", "2005-06", "2005-07"), seven.times());
        Forecast three = f.forecast(table, 3);
        for (int k = 0; k < 3; k++) {
            assertTrue(Double.isFinite(seven.values("v")[k]));
            assertEquals(three.values("v")[k], seven.values("v")[k]); // the first round is the one-shot forecast
        }
        assertEquals("horizon: must be at least 1, got 0",
                assertThrows(UserException.class, () -> f.forecast(table, 0)).getMessage());
    }

    @Test
    void aTranslatorDecodesABatchAsOneAtATime() throws Exception {
        Translator t = Seq4j.load(TinyRuns.run("seq2seq"), Translator.class);
        assertEquals(2, t.beam());
        List<String> sources = List.of("1999-12-31", "2001-01-02", "12 May 1987");
        List<String> batch = t.translate(sources, 0);
        for (int i = 0; i < sources.size(); i++) {
            assertEquals(t.translate(sources.get(i)), batch.get(i));
        }
        assertEquals(t.translate(sources.get(0), 1), t.translate(List.of(sources.get(0)), 1).get(0));
        concurrently(THREADS, i -> t.translate(sources, 0)).forEach(other -> assertEquals(batch, other));
        int max = t.summary().maxSourceLength();
        InputException e = assertThrows(InputException.class, () -> t.translate("9".repeat(max + 1)));
        assertTrue(e.getMessage().startsWith("sources[0]: the source has " + (max + 1) + " tokens, more than the "
                + "model's maxSourceLength " + max), e.getMessage());
        assertEquals("beam: must be in 1..100 (0: the run's own), got 101",
                assertThrows(UserException.class, () -> t.translate("1", 101)).getMessage());
    }

    @Test
    void aCaptionerCaptionsABatchAsOneAtATime() throws Exception {
        Captioner c = Seq4j.load(TinyRuns.run("caption"), Captioner.class);
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            images.add(ImageIO.read(TinyRuns.data("caption").resolve(String.format("img%05d.png", i)).toFile()));
        }
        List<String> captions = c.caption(images, 1);
        for (int i = 0; i < images.size(); i++) {
            assertEquals(c.caption(images.get(i), 1), captions.get(i));
        }
        List<String> beam = c.caption(images, 0);
        concurrently(THREADS, i -> c.caption(images, 0)).forEach(other -> assertEquals(beam, other));
    }

    /** {@code n} calls of {@code call}, started together on {@link #THREADS} threads; the results in order. */
    static <T> List<T> concurrently(int n, java.util.function.IntFunction<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                Callable<T> task = () -> {
                    start.await();
                    return call.apply(k);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
