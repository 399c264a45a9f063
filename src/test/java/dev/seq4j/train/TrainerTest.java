package dev.seq4j.train;

import dev.seq4j.config.RunConfig;
import dev.seq4j.data.text.CharSequenceIterator;
import dev.seq4j.model.CharLmModel;
import dev.seq4j.run.RunDirectory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loop's stopping rules, with a scripted validation metric standing in for a real one. */
class TrainerTest {
    @TempDir
    Path dir;

    private static RunConfig config(String... overrides) {
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("model.layers=[8]"),
                java.util.Arrays.stream(overrides)).toArray(String[]::new);
        return dev.seq4j.TestConfigs.charlm(1, Map.of("train", "x", "sequenceLength", 8), all);
    }

    private Trainer.Result fit(RunConfig config, List<Double> validBpc) {
        return fit(config, validBpc, (epoch, best) -> null);
    }

    private static ComputationGraph net(RunConfig config) {
        ComputationGraph net = new ComputationGraph(CharLmModel.configuration(config, 4));
        net.init();
        return net;
    }

    /** 200 characters cycling through 1, 2, 3 in sequences of 8, batches of 4. */
    private static CharSequenceIterator cycle() {
        int[] ids = new int[200];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1 + i % 3;
        }
        return new CharSequenceIterator(ids, 4, 8, 4, 1L);
    }

    private Trainer.Result fit(RunConfig config, List<Double> validBpc, Trainer.StopRule rule) {
        ComputationGraph net = net(config);
        CharSequenceIterator train = cycle();
        Iterator<Double> scripted = validBpc.iterator();
        return new Trainer(config.train(), RunDirectory.create(dir.resolve("run")), new PrintWriter(new StringWriter()),
                null, "bits/char").stopWhen(rule).fit(net, train, train.batchCount(), Math.log(2),
                n -> Map.of("valid_bpc", scripted.next()), new Objective("valid_bpc", true));
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementAndKeepsTheBest() throws Exception {
        Trainer.Result result = fit(config("train.epochs=10", "train.patience=2", "train.maxBatches=2"),
                List.of(3.0, 2.0, 2.5, 2.1, 1.0));
        assertEquals(4, result.epochs().size());
        assertEquals(2, result.bestEpoch());
        assertEquals(2.0, result.bestObjective());
        assertTrue(result.stopReason().startsWith("early stopping"), result.stopReason());
        List<String> csv = Files.readAllLines(dir.resolve("run").resolve(RunDirectory.METRICS));
        assertEquals("epoch,train_loss,valid_bpc,lr,seconds,tokens_per_s,data_share,best", csv.get(0));
        assertTrue(csv.get(2).endsWith(",true") && csv.get(3).endsWith(",false"), csv.toString());
        assertTrue(Files.exists(dir.resolve("run").resolve(RunDirectory.MODEL)));
        // 4 epochs of two batches of four sequences of at most 8 steps (a random cut offset shortens one)
        assertTrue(result.tokens() > 4 * 2 * 3 * 8 && result.tokens() <= 4 * 2 * 4 * 8, "tokens " + result.tokens());
    }

    /** A one-hot next-symbol minibatch {@code [mb, 4, T]} whose rows hold {@code lengths[i]} real steps, then padding. */
    private static org.nd4j.linalg.dataset.api.MultiDataSet padded(int t, int... lengths) {
        int mb = lengths.length;
        org.nd4j.linalg.api.ndarray.INDArray features = org.nd4j.linalg.factory.Nd4j.zeros(mb, 4, t);
        org.nd4j.linalg.api.ndarray.INDArray labels = org.nd4j.linalg.factory.Nd4j.zeros(mb, 4, t);
        org.nd4j.linalg.api.ndarray.INDArray mask = org.nd4j.linalg.factory.Nd4j.zeros(mb, t);
        for (int i = 0; i < mb; i++) {
            for (int s = 0; s < lengths[i]; s++) {
                features.putScalar(new long[]{i, (i + s) % 4, s}, 1);
                labels.putScalar(new long[]{i, (i + s + 1) % 4, s}, 1);
                mask.putScalar(i, s, 1);
            }
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(new org.nd4j.linalg.api.ndarray.INDArray[]{features},
                new org.nd4j.linalg.api.ndarray.INDArray[]{labels}, new org.nd4j.linalg.api.ndarray.INDArray[]{mask},
                new org.nd4j.linalg.api.ndarray.INDArray[]{mask});
    }

    /** Fixed minibatches, the same each epoch. */
    private static final class Listed implements org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator {
        private final List<org.nd4j.linalg.dataset.api.MultiDataSet> batches;
        private int next;

        Listed(List<org.nd4j.linalg.dataset.api.MultiDataSet> batches) {
            this.batches = batches;
        }

        @Override
        public boolean hasNext() {
            return next < batches.size();
        }

        @Override
        public org.nd4j.linalg.dataset.api.MultiDataSet next() {
            return batches.get(next++);
        }

        @Override
        public org.nd4j.linalg.dataset.api.MultiDataSet next(int num) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void reset() {
            next = 0;
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public void setPreProcessor(org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor preProcessor) {
        }

        @Override
        public org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor getPreProcessor() {
            return null;
        }
    }

    @Test
    void theTrainingLossIsPerRealTargetWhateverThePaddingAndTheMinibatchSizes() {
        // two minibatches padded to far more steps than they hold (a sequenceLength longer than the text), of 2 and 1
        // rows: 5 + 3 and 2 real targets
        List<org.nd4j.linalg.dataset.api.MultiDataSet> batches = List.of(padded(40, 5, 3), padded(40, 2));
        RunConfig config = config("train.epochs=1", "train.patience=0", "model.dropout=0", "train.ema=0");
        ComputationGraph net = net(config);
        // the same training by hand: DL4J's score of each minibatch before its update, times its rows
        ComputationGraph copy = net.clone();
        double summed = 0;
        for (org.nd4j.linalg.dataset.api.MultiDataSet batch : batches) {
            summed += copy.score(batch, true) * batch.getLabels(0).size(0);
            copy.fit(batch);
        }
        double expected = summed / (5 + 3 + 2) / Math.log(2);

        Trainer.Result result = new Trainer(config.train(), RunDirectory.create(dir.resolve("run")),
                new PrintWriter(new StringWriter()), null, "bits/char")
                .fit(net, new Listed(batches), 2,
                        Math.log(2), n -> Map.of("valid_bpc", 1.0), new Objective("valid_bpc", true));
        assertEquals(10, result.tokens());
        assertEquals(expected, result.epochs().get(0).trainLoss(), 1e-5 * expected);
        assertEquals(copy.params(), net.params(), "the loop trained as the hand-made one did");
        // about log2(4) = 2 bits of an untrained model, where dividing by the padded length gave a fifth of that
        assertTrue(expected > 1.5 && expected < 2.5, "bits/char " + expected);
    }

    @Test
    void aSpentBudgetStopsTrainingButStillValidatesAndKeepsAModel() {
        Trainer.Result result = fit(config("train.epochs=10", "train.maxMinutes=0.00001"), List.of(2.5, 2.4));
        assertEquals(1, result.epochs().size());
        assertEquals(1, result.bestEpoch());
        assertTrue(result.stopReason().startsWith("time budget"), result.stopReason());
        assertTrue(Files.exists(dir.resolve("run").resolve(RunDirectory.MODEL)));
    }

    @Test
    void aNonFiniteValidationLossStopsAsDiverged() {
        Trainer.Result result = fit(config("train.epochs=10", "train.maxBatches=1"), List.of(2.0, Double.NaN));
        assertEquals(2, result.epochs().size());
        assertEquals(1, result.bestEpoch());
        assertTrue(result.stopReason().startsWith("diverged"), result.stopReason());
    }

    @Test
    void theLearningRateFollowsTheScheduleByEpoch() {
        Trainer.Result result = fit(config("train.epochs=3", "train.maxBatches=1", "train.patience=0",
                "train.learningRate=0.01", "train.lrSchedule=step", "train.lrGamma=0.5", "train.lrStep=2"),
                List.of(3.0, 2.0, 1.0));
        assertEquals(List.of(0.01, 0.01, 0.005), result.epochs().stream().map(EpochLog::lr).toList());
    }

    /** {@code cosine}: each minibatch's rate from the run's progress at its middle, warm-up first, towards 0. */
    @Test
    void theCosineScheduleSetsEachMinibatchsRateFromTheRunsProgress() throws Exception {
        fit(config("train.epochs=3", "train.patience=0", "train.learningRate=0.01", "train.lrSchedule=cosine",
                "train.lrWarmup=0.2", "train.logEvery=1"), List.of(3.0, 2.0, 1.0));
        List<String> rows = Files.readAllLines(dir.resolve("run").resolve(RunDirectory.STEPS));
        int lr = java.util.Arrays.asList(rows.get(0).split(",")).indexOf("lr");
        List<Double> rates = rows.subList(1, rows.size()).stream().map(r -> Double.parseDouble(r.split(",")[lr]))
                .toList();
        int total = 3 * cycle().batchCount();
        assertEquals(total, rates.size());
        for (int k = 0; k < total; k++) {
            double expected = 0.01 * Trainer.cosine(Trainer.quantized((k + 0.5) / total), 0.2);
            assertEquals(expected, rates.get(k), 1e-7, "minibatch " + k + ": " + rates);
        }
        assertTrue(rates.get(0) < rates.get(1) && rates.get(total - 1) < 0.0005, rates.toString());
        // metrics.csv: each epoch's row has its first minibatch's rate
        List<String> epochs = Files.readAllLines(dir.resolve("run").resolve(RunDirectory.METRICS));
        int column = java.util.Arrays.asList(epochs.get(0).split(",")).indexOf("lr");
        for (int e = 0; e < 3; e++) {
            assertEquals(rates.get(e * cycle().batchCount()), Double.parseDouble(epochs.get(1 + e).split(",")[column]),
                    1e-7, "epoch " + (e + 1) + ": " + epochs);
        }
        assertEquals(0.5, Trainer.cosine(0.6, 0.2), 1e-12);
        assertEquals(0.5, Trainer.cosine(0.1, 0.2), 1e-12);
        assertEquals(0.0005, Trainer.quantized(0), 1e-12);
        assertEquals(0.9995, Trainer.quantized(1), 1e-12);
    }

    @Test
    void aStopRuleEndsTrainingAsPrunedAndSeesTheBestSoFar() {
        List<Double> seen = new java.util.ArrayList<>();
        Trainer.Result result = fit(config("train.epochs=10", "train.maxBatches=1", "train.patience=0"),
                List.of(3.0, 2.0, 2.5, 1.0), (epoch, best) -> {
                    seen.add(best);
                    return epoch == 3 ? "pruned: worse than the others" : null;
                });
        assertEquals(List.of(3.0, 2.0, 2.0), seen);
        assertEquals(3, result.epochs().size());
        assertEquals(2, result.bestEpoch());
        assertTrue(result.pruned());
        assertEquals("pruned: worse than the others", result.stopReason());
    }

    @Test
    void theWeightAverageWarmsUpThenDecaysAndSwapsBackThePlainWeights() {
        ComputationGraph net = net(config());
        long n = net.params().length();
        WeightAverage average = new WeightAverage(0.5);
        TrainingState state = new TrainingState(Double.POSITIVE_INFINITY, Map.of());
        average.onTrainingBegin(state, false);
        double[] expected = new double[3];
        double[] values = {1, 2, 3};
        for (int step = 0; step < 3; step++) {
            net.params().assign(values[step]);
            average.iterationDone(net, step, 0);
            double d = Math.min(0.5, (1.0 + step) / (10.0 + step)); // after `step` minibatches averaged
            expected[step] = step == 0 ? values[0] : d * expected[step - 1] + (1 - d) * values[step];
        }
        // steps 1 and 2 warm up at 2/11 and 3/12, below 0.5: 1 -> 2/11 + 18/11 = 20/11 -> 1/4 * 20/11 + 3/4 * 3
        assertEquals(0.25 * 20 / 11 + 0.75 * 3, expected[2], 1e-12);
        org.nd4j.linalg.api.ndarray.INDArray plain = average.swapIn(net);
        assertEquals(expected[2], net.params().meanNumber().doubleValue(), 1e-5);
        assertEquals(3.0 * n, plain.sumNumber().doubleValue(), 1e-3);
        average.swapOut(net, plain);
        assertEquals(3.0, net.params().meanNumber().doubleValue(), 1e-6);
        assertEquals(3, state.averageUpdates, "the state counts the minibatches averaged");
        WeightAverage off = new WeightAverage(0);
        off.onTrainingBegin(new TrainingState(Double.POSITIVE_INFINITY, Map.of()), false);
        off.iterationDone(net, 0, 0);
        assertEquals(null, off.swapIn(net), "off: nothing to swap");
    }

    @Test
    void withAWeightAverageValidationAndTheSavedModelSeeTheAverageAndTrainingTheRest() throws Exception {
        for (double ema : new double[]{0, 0.9}) {
            RunConfig config = config("train.epochs=3", "train.maxBatches=3", "train.patience=0", "train.ema=" + ema);
            ComputationGraph net = net(config);
            CharSequenceIterator train = cycle();
            List<org.nd4j.linalg.api.ndarray.INDArray> validated = new java.util.ArrayList<>();
            Iterator<Double> scripted = List.of(3.0, 2.0, 2.5).iterator();
            Path run = dir.resolve("run" + ema);
            new Trainer(config.train(), RunDirectory.create(run), new PrintWriter(new StringWriter()), null, "bits/char")
                    .fit(net, train, train.batchCount(), Math.log(2), g -> {
                        validated.add(g.params().dup());
                        return Map.of("valid_bpc", scripted.next());
                    }, new Objective("valid_bpc", true));
            org.nd4j.linalg.api.ndarray.INDArray saved =
                    org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(run.resolve(RunDirectory.MODEL).toFile())
                            .params();
            assertEquals(validated.get(1), saved, "the best epoch's validated weights are saved");
            assertEquals(ema == 0, validated.get(2).equals(net.params()),
                    "training ends on the plain weights, validation saw the " + (ema == 0 ? "same" : "average"));
        }
    }

    @Test
    void listenersHearEachEpochAfterItsCheckpointAndItsMetricsRowWereWritten() {
        RunConfig config = config("train.epochs=2", "train.maxBatches=2", "train.patience=0");
        Path run = dir.resolve("run");
        List<String> heard = new java.util.ArrayList<>();
        EpochListener recorder = new EpochListener() {
            @Override
            public void onTrainingBegin(TrainingState state, boolean resumed) {
                heard.add("begin at " + state.epoch + (resumed ? " resumed" : "") + ", checkpoint "
                        + Checkpoint.latestEpoch(run));
            }

            @Override
            public void onEpochStart(int epoch, int batches) {
                heard.add("start " + epoch + " of " + batches + " batches");
            }

            @Override
            public void onBatch(int batch, long tokens, long examples) {
                heard.add("batch " + batch + ", " + examples + " examples");
            }

            @Override
            public void onEpochFitted(int batches) {
                heard.add("fitted " + batches);
            }

            @Override
            public void onEpochEnd(TrainingState state, EpochLog log, int batches) {
                try {
                    heard.add("end " + log.epoch() + " at " + state.epoch + ", checkpoint "
                            + Checkpoint.latestEpoch(run) + ", metrics rows " + (Files.readAllLines(run.resolve(RunDirectory.METRICS)).size() - 1));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public void onTrainingEnd() {
                heard.add("training end");
            }
        };
        ComputationGraph net = net(config);
        CharSequenceIterator train = cycle();
        Iterator<Double> scripted = List.of(3.0, 2.0).iterator();
        new Trainer(config.train(), RunDirectory.create(run), new PrintWriter(new StringWriter()), null, "bits/char")
                .listening(recorder).fit(net, train, train.batchCount(), Math.log(2),
                        n -> Map.of("valid_bpc", scripted.next()), new Objective("valid_bpc", true));
        assertEquals(List.of("begin at 0, checkpoint 0",
                "start 1 of 2 batches", "batch 1, 4 examples", "batch 2, 8 examples", "fitted 2",
                "end 1 at 1, checkpoint 1, metrics rows 1",
                "start 2 of 2 batches", "batch 1, 4 examples", "batch 2, 8 examples", "fitted 2",
                "end 2 at 2, checkpoint 2, metrics rows 2",
                "training end"), heard);
    }
}
