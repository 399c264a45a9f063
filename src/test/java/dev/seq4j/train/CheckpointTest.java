package dev.seq4j.train;

import dev.seq4j.RunException;
import dev.seq4j.config.RunConfig;
import dev.seq4j.data.text.CharSequenceIterator;
import dev.seq4j.model.CharLmModel;
import dev.seq4j.run.ModelFile;
import dev.seq4j.run.RunDirectory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoints under failure: a disk that fills up mid-checkpoint, and training that diverges. */
class CheckpointTest {
    @TempDir
    Path dir;

    private static RunConfig config(String... overrides) {
        String[] all = Stream.concat(Stream.of("model.layers=[8]", "model.dropout=0.1", "train.ema=0.9",
                "train.patience=0", "train.maxBatches=3"), Stream.of(overrides)).toArray(String[]::new);
        return dev.seq4j.TestConfigs.charlm(1, Map.of("train", "x", "sequenceLength", 8), all);
    }

    /** 200 characters cycling through 1, 2, 3, shuffled each epoch; features NaN in the epochs {@code poison} names. */
    private static final class Data implements MultiDataSetIterator {
        final CharSequenceIterator inner;
        final IntPredicate poison;
        int resets;

        Data(IntPredicate poison) {
            int[] ids = new int[200];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = 1 + i % 3;
            }
            inner = new CharSequenceIterator(ids, 4, 8, 4, 1L);
            this.poison = poison;
        }

        @Override
        public MultiDataSet next() {
            MultiDataSet batch = inner.next();
            if (poison.test(resets)) {
                batch.getFeatures(0).assign(Double.NaN);
            }
            return batch;
        }

        @Override
        public boolean hasNext() {
            return inner.hasNext();
        }

        @Override
        public void reset() {
            inner.reset();
            resets++;
        }

        @Override
        public MultiDataSet next(int num) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        }

        @Override
        public MultiDataSetPreProcessor getPreProcessor() {
            return null;
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }
    }

    private final StringWriter console = new StringWriter();

    private Trainer.Result fit(RunConfig config, RunDirectory run, IntPredicate poison, Checkpoint.Opener opener) {
        return fit(config, run, poison, opener, n -> Map.of("valid_bpc", n.params().norm2Number().doubleValue()), null);
    }

    /** A clock that moves one minute with each minibatch handed over, and not otherwise: a budget ends on cue. */
    private static final class BatchClock implements EpochListener, java.util.function.LongSupplier {
        private long batches;

        @Override
        public void onBatch(int batch, long tokens, long examples) {
            batches++;
        }

        @Override
        public long getAsLong() {
            return batches * 60_000_000_000L;
        }
    }

    /** {@link #fit(RunConfig, RunDirectory, IntPredicate, Checkpoint.Opener)} with a validation and, if given, a clock. */
    private Trainer.Result fit(RunConfig config, RunDirectory run, IntPredicate poison, Checkpoint.Opener opener,
                               java.util.function.Function<ComputationGraph, Map<String, Double>> validate,
                               BatchClock clock) {
        org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(config.seed());
        ComputationGraph net = new ComputationGraph(CharLmModel.configuration(config, 4));
        net.init();
        Data train = new Data(poison);
        // a validation metric that follows the weights, so that resumed and uninterrupted runs can be compared
        try (run) { // lets go of the run's lock also when training fails
            Trainer trainer = new Trainer(config.train(), run, new PrintWriter(console, true), null, "bits/char")
                    .seeded(config.seed()).checkpointFiles(opener);
            if (clock != null) {
                trainer.clock(clock).listening(clock);
            }
            return trainer.fit(net, train, train.inner.batchCount(), Math.log(2), validate,
                    new Objective("valid_bpc", true));
        }
    }

    /**
     * A run stopped by its time budget after its second epoch and extended ({@code train --resume RUN --set
     * train.maxMinutes=... --set train.epochs=5}) by three epochs trains, validates and keeps the best model as one
     * uninterrupted run of five epochs does. The budget is that of a clock that moves a minute a minibatch (3 a
     * epoch), so it ends on cue at the end of the second epoch (5.5 minutes).
     */
    @Test
    void aRunStoppedByItsBudgetAndExtendedByThreeEpochsEqualsOneRunOfTheSummedLength() throws Exception {
        Path runDir = dir.resolve("run");
        java.util.function.Function<ComputationGraph, Map<String, Double>> norm =
                n -> Map.of("valid_bpc", n.params().norm2Number().doubleValue());
        RunConfig budgeted = config("train.epochs=5", "train.maxMinutes=5.5");
        Trainer.Result stopped = fit(budgeted, RunDirectory.start(runDir, budgeted), r -> false, Checkpoint.FILES,
                norm, new BatchClock());
        assertEquals("time budget of 5.5 minutes reached in epoch 2", stopped.stopReason());
        assertEquals(2, stopped.epochs().size());
        assertEquals(1, Checkpoint.reachedLimit(runDir, budgeted.train()).stream().count(), "the budget holds it");
        assertTrue(Checkpoint.reachedLimit(runDir, budgeted.train()).get().startsWith("train.maxMinutes=5.5: the run "
                + "has trained for 6.0 minutes"), Checkpoint.reachedLimit(runDir, budgeted.train()).get());

        RunConfig longer = config("train.epochs=5", "train.maxMinutes=60");
        assertEquals(java.util.Optional.empty(), Checkpoint.reachedLimit(runDir, longer.train()));
        Trainer.Result extended = fit(longer, RunDirectory.resume(runDir, longer, true), r -> false,
                Checkpoint.FILES, norm, new BatchClock());
        assertTrue(console.toString().contains("resume: from the checkpoint of epoch 2 of 5"), console.toString());
        assertEquals("completed 5 epochs", extended.stopReason());

        RunConfig whole = config("train.epochs=5");
        Trainer.Result once = fit(whole, RunDirectory.start(dir.resolve("whole"), whole), r -> false, Checkpoint.FILES);
        assertEquals(once.epochs().stream().map(EpochLog::trainLoss).toList(),
                extended.epochs().stream().map(EpochLog::trainLoss).toList());
        assertEquals(withoutTimes(dir.resolve("whole").resolve(RunDirectory.METRICS)),
                withoutTimes(runDir.resolve(RunDirectory.METRICS)));
        assertEquals(once.bestEpoch(), extended.bestEpoch());
        assertEquals(once.bestObjective(), extended.bestObjective());
        assertEquals(ModelFile.read(dir.resolve("whole").resolve(RunDirectory.MODEL)).params(),
                ModelFile.read(runDir.resolve(RunDirectory.MODEL)).params(), "the same best model");
    }

    private static List<String> checkpointNames(Path run) throws IOException {
        try (Stream<Path> left = Files.list(run.resolve(RunDirectory.CHECKPOINTS))) {
            return left.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * {@code train.keepCheckpoints: 2} and {@code train.keepBest: 2} keep the two latest checkpoints and those of the
     * two best epochs (validation scripted by epoch), each one loadable, also when the run is extended: the ranking is
     * over the whole run, and a checkpoint that drops out of both is deleted.
     */
    @Test
    void theLatestAndTheBestCheckpointsAreKeptAsConfigured() throws Exception {
        double[] byEpoch = {Double.NaN, 3.0, 2.5, 3.1, 2.7, 3.3, 3.2, 2.6, 3.4};
        java.util.function.Function<ComputationGraph, Map<String, Double>> scripted =
                n -> Map.of("valid_bpc", byEpoch[n.getConfiguration().getEpochCount()]);
        Path runDir = dir.resolve("run");
        RunConfig six = config("train.epochs=6", "train.keepCheckpoints=2", "train.keepBest=2");
        fit(six, RunDirectory.start(runDir, six), r -> false, Checkpoint.FILES, scripted, null);
        assertEquals(List.of("epoch-0002", "epoch-0004", "epoch-0005", "epoch-0006"), checkpointNames(runDir),
                "the latest two (5, 6) and the best two (2: 2.5, 4: 2.7)");
        for (String name : checkpointNames(runDir)) {
            Checkpoint.Loaded c = Checkpoint.read(runDir.resolve(RunDirectory.CHECKPOINTS).resolve(name));
            assertEquals(Integer.parseInt(name.substring(6)), c.state().epoch());
            assertNotNull(c.model().params());
        }

        RunConfig eight = config("train.epochs=8", "train.keepCheckpoints=2", "train.keepBest=2");
        Trainer.Result extended = fit(eight, RunDirectory.resume(runDir, eight, true), r -> false, Checkpoint.FILES,
                scripted, null);
        assertEquals(2, extended.bestEpoch());
        assertEquals(List.of("epoch-0002", "epoch-0007", "epoch-0008"), checkpointNames(runDir),
                "epoch 7 (2.6) is now the second best and one of the latest two; 4, 5 and 6 dropped out");

        // the default keeps the latest only
        RunConfig plain = config("train.epochs=3");
        fit(plain, RunDirectory.start(dir.resolve("plain"), plain), r -> false, Checkpoint.FILES, scripted, null);
        assertEquals(List.of("epoch-0003"), checkpointNames(dir.resolve("plain")));
    }

    /**
     * {@code train.checkpointEvery: 1} writes a checkpoint after each minibatch inside an epoch (three a epoch here, the
     * last one the end-of-epoch checkpoint); {@code keepCheckpoints} counts them with the end-of-epoch ones, and
     * {@code keepBest} keeps only end-of-epoch ones, which have a validation to be ranked by.
     */
    @Test
    void midEpochCheckpointsAreNamedByTheirMinibatchAndKeptWithTheOthers() throws Exception {
        double[] byEpoch = {Double.NaN, 3.0, 2.5, 3.1, 3.2};
        java.util.function.Function<ComputationGraph, Map<String, Double>> scripted =
                n -> Map.of("valid_bpc", byEpoch[n.getConfiguration().getEpochCount()]);
        Path runDir = dir.resolve("run");
        RunConfig four = config("train.epochs=4", "train.checkpointEvery=1", "train.keepCheckpoints=3",
                "train.keepBest=1");
        fit(four, RunDirectory.start(runDir, four), r -> false, Checkpoint.FILES, scripted, null);
        assertEquals(List.of("epoch-0002", "epoch-0004", "epoch-0004-batch-000001", "epoch-0004-batch-000002"),
                checkpointNames(runDir), "the latest three (two inside epoch 4, then its end) and the best epoch (2)");
        Checkpoint.Loaded inside = Checkpoint.read(runDir.resolve(RunDirectory.CHECKPOINTS)
                .resolve("epoch-0004-batch-000002"));
        assertEquals(3, inside.state().epoch(), "epochs completed");
        assertEquals(2, inside.state().partial.batches());
        assertEquals(2, inside.state().partial.loss().count(), "the epoch's two minibatches scored");
        assertNull(Checkpoint.read(runDir.resolve(RunDirectory.CHECKPOINTS).resolve("epoch-0004")).state().partial);
        assertEquals(3 * 3 + 2, inside.state().iterations(), "DL4J's count: three epochs of three, and two");
    }

    /**
     * A run stopped early (patience 2 after a best first epoch) and extended with a patience of 4 goes on from its
     * checkpoint and keeps its history: the validation, scripted by epoch, improves again in epoch 5.
     */
    @Test
    void anEarlyStoppedRunExtendedWithMorePatienceGoesOnAsARunWithThatPatience() throws Exception {
        double[] byEpoch = {Double.NaN, 3.0, 3.1, 3.2, 3.3, 2.9, 3.4};
        java.util.function.Function<ComputationGraph, Map<String, Double>> scripted =
                n -> Map.of("valid_bpc", byEpoch[n.getConfiguration().getEpochCount()]);
        Path runDir = dir.resolve("run");
        RunConfig impatient = config("train.epochs=6", "train.patience=2");
        Trainer.Result stopped = fit(impatient, RunDirectory.start(runDir, impatient), r -> false, Checkpoint.FILES,
                scripted, null);
        assertEquals("early stopping: no improvement for 2 epochs", stopped.stopReason());
        assertEquals(3, stopped.epochs().size());
        assertEquals("train.patience=2: the run's last 2 epochs did not improve on its best (epoch 1); give a "
                + "patience above 2 to extend it", Checkpoint.reachedLimit(runDir, impatient.train()).orElseThrow());

        RunConfig patient = config("train.epochs=6", "train.patience=4");
        Trainer.Result extended = fit(patient, RunDirectory.resume(runDir, patient, true), r -> false,
                Checkpoint.FILES, scripted, null);
        assertEquals(6, extended.epochs().size());
        assertEquals(5, extended.bestEpoch());
        assertEquals(2.9, extended.bestObjective());
        Trainer.Result once = fit(patient, RunDirectory.start(dir.resolve("whole"), patient), r -> false,
                Checkpoint.FILES, scripted, null);
        assertEquals(withoutTimes(dir.resolve("whole").resolve(RunDirectory.METRICS)),
                withoutTimes(runDir.resolve(RunDirectory.METRICS)));
        assertEquals(once.epochs().stream().map(EpochLog::trainLoss).toList(),
                extended.epochs().stream().map(EpochLog::trainLoss).toList());
    }

    /** Writes {@code limit} bytes, then fails as a full disk does. */
    private static final class FullDisk extends FilterOutputStream {
        private long left;

        FullDisk(OutputStream out, long limit) {
            super(out);
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            if (left-- <= 0) {
                throw new IOException("No space left on device");
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }
    }

    private static List<String> withoutTimes(Path metrics) throws IOException {
        // epoch, train_loss, valid_bpc, lr and best; seconds, tokens/s and data share are wall-clock measurements
        return Files.readAllLines(metrics).stream().map(l -> {
            String[] f = l.split(",");
            return String.join(",", f[0], f[1], f[2], f[3], f[7]);
        }).toList();
    }

    @Test
    void aDiskFullDuringACheckpointLeavesThePreviousOneLoadableAndTheRunResumable() throws Exception {
        RunConfig config = config("train.epochs=4");
        Path runDir = dir.resolve("run");
        Checkpoint.Opener full = file -> file.getParent().getFileName().toString().equals(".epoch-0003.tmp")
                && file.getFileName().toString().equals(Checkpoint.MODEL)
                ? new FullDisk(Files.newOutputStream(file), 1000) : Files.newOutputStream(file);
        RunException e = assertThrows(RunException.class,
                () -> fit(config, RunDirectory.start(runDir, config), r -> false, full));
        assertTrue(e.getMessage().startsWith("cannot write the checkpoint of epoch 3 in "), e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertTrue(e.getMessage().contains("the previous checkpoint (epoch-0002) is intact"), e.getMessage());
        assertTrue(e.getMessage().endsWith("seq4j train --resume " + runDir), e.getMessage());

        Path checkpoints = runDir.resolve(RunDirectory.CHECKPOINTS);
        try (Stream<Path> left = Files.list(checkpoints)) {
            assertEquals(List.of("epoch-0002"), left.map(p -> p.getFileName().toString()).toList(),
                    "the failed checkpoint's temporary directory is gone, the previous one stays");
        }
        Checkpoint.Loaded previous = Checkpoint.read(Checkpoint.latest(checkpoints));
        assertEquals(2, previous.state().epoch());
        ComputationGraph loaded = ModelFile.graph(previous.model(), true);
        assertEquals(previous.model().params(), loaded.params());
        assertNotNull(previous.average());

        // the full disk freed, the run resumes and ends as an uninterrupted run of the same config does
        Trainer.Result resumed = fit(config, RunDirectory.resume(runDir, config), r -> false, Checkpoint.FILES);
        assertEquals(4, resumed.epochs().size());
        Trainer.Result whole = fit(config, RunDirectory.start(dir.resolve("whole"), config), r -> false,
                Checkpoint.FILES);
        assertEquals(whole.epochs().stream().map(EpochLog::trainLoss).toList(),
                resumed.epochs().stream().map(EpochLog::trainLoss).toList());
        assertEquals(withoutTimes(dir.resolve("whole").resolve(RunDirectory.METRICS)),
                withoutTimes(runDir.resolve(RunDirectory.METRICS)));
        assertEquals(whole.bestObjective(), resumed.bestObjective());
    }

    @Test
    void aDiskFullInTheFirstEpochLeavesTheCheckpointOfEpochZeroFromWhichTheRunResumes() throws Exception {
        RunConfig config = config("train.epochs=3");
        Path runDir = dir.resolve("run");
        Checkpoint.Opener full = file -> file.getParent().getFileName().toString().equals(".epoch-0001.tmp")
                && file.getFileName().toString().equals(Checkpoint.MODEL)
                ? new FullDisk(Files.newOutputStream(file), 1000) : Files.newOutputStream(file);
        RunException e = assertThrows(RunException.class,
                () -> fit(config, RunDirectory.start(runDir, config), r -> false, full));
        assertTrue(e.getMessage().contains("the previous checkpoint (epoch-0000) is intact: free space and run seq4j "
                + "train --resume " + runDir), e.getMessage());
        Checkpoint.Loaded zero = Checkpoint.read(Checkpoint.latest(runDir.resolve(RunDirectory.CHECKPOINTS)));
        assertEquals(0, zero.state().epoch());
        assertNotNull(zero.model().updater(), "the checkpoint before the first minibatch holds the updater's state");
        assertEquals(0, zero.model().updater().amaxNumber().doubleValue(), "an unused Adam's moments are zero");

        Trainer.Result resumed = fit(config, RunDirectory.resume(runDir, config), r -> false, Checkpoint.FILES);
        assertTrue(console.toString().contains("resume: from the checkpoint of epoch 0 of 3"), console.toString());
        Trainer.Result whole = fit(config, RunDirectory.start(dir.resolve("whole"), config), r -> false,
                Checkpoint.FILES);
        assertEquals(whole.epochs().stream().map(EpochLog::trainLoss).toList(),
                resumed.epochs().stream().map(EpochLog::trainLoss).toList());
        assertEquals(withoutTimes(dir.resolve("whole").resolve(RunDirectory.METRICS)),
                withoutTimes(runDir.resolve(RunDirectory.METRICS)));
    }

    @Test
    void anEpochZeroCheckpointWithoutUpdaterStateFromAnEarlierVersionResumesAsIfUninterrupted() throws Exception {
        RunConfig config = config("train.epochs=2");
        Path runDir = dir.resolve("run");
        // as the version left a run killed in its first epoch: epoch-0000 without updater state
        Checkpoint.Opener kill = file -> {
            if (file.getParent().getFileName().toString().equals(".epoch-0001.tmp")) {
                throw new IOException("killed");
            }
            return Files.newOutputStream(file);
        };
        assertThrows(RunException.class, () -> fit(config, RunDirectory.start(runDir, config), r -> false, kill));
        Path zero = runDir.resolve(RunDirectory.CHECKPOINTS).resolve("epoch-0000");
        Checkpoint.Loaded loaded = Checkpoint.read(zero);
        try (java.io.OutputStream out = Files.newOutputStream(zero.resolve(Checkpoint.MODEL))) {
            ModelFile.write(ModelFile.graph(loaded.model(), false), out, false, loaded.model().inputs());
        }
        assertEquals(null, Checkpoint.read(zero).model().updater());

        fit(config, RunDirectory.resume(runDir, config), r -> false, Checkpoint.FILES);
        fit(config, RunDirectory.start(dir.resolve("whole"), config), r -> false, Checkpoint.FILES);
        assertEquals(withoutTimes(dir.resolve("whole").resolve(RunDirectory.METRICS)),
                withoutTimes(runDir.resolve(RunDirectory.METRICS)));

        // a later checkpoint without updater state has lost it: refused, not silently reset
        Path two = runDir.resolve(RunDirectory.CHECKPOINTS).resolve("epoch-0002");
        loaded = Checkpoint.read(two);
        try (java.io.OutputStream out = Files.newOutputStream(two.resolve(Checkpoint.MODEL))) {
            ModelFile.write(ModelFile.graph(loaded.model(), false), out, false, loaded.model().inputs());
        }
        dev.seq4j.UserException damaged = assertThrows(dev.seq4j.UserException.class,
                () -> fit(config, RunDirectory.resume(runDir, config), r -> false, Checkpoint.FILES));
        assertEquals(two.resolve(Checkpoint.MODEL) + ": no updater state that fits the model; the checkpoint is "
                + "damaged", damaged.getMessage());
    }

    @Test
    void aNanLossStopsTrainingAtOnceKeepingTheBestModelAndTheLastGoodCheckpoint() throws Exception {
        RunConfig config = config("train.epochs=4");
        Path runDir = dir.resolve("run");
        Trainer.Result result = fit(config, RunDirectory.start(runDir, config), r -> r == 3, Checkpoint.FILES);
        assertEquals(2, result.epochs().size());
        // the NaN features give NaN weights after the first minibatch's update (DL4J's score of it is still finite)
        assertTrue(result.stopReason().matches("diverged: the (training loss|weights) became NaN.* at minibatch 1 in "
                + "epoch 3; the best model \\(epoch [12]\\) and the last good checkpoint are kept; .*"), result.stopReason());
        assertTrue(result.stopReason().contains("train.learningRate (now 0.00200)")
                && result.stopReason().contains("train.onDivergence: rollback"), result.stopReason());
        assertEquals(2, Checkpoint.read(Checkpoint.latest(runDir.resolve(RunDirectory.CHECKPOINTS))).state().epoch());
        assertTrue(ModelFile.isFinite(ModelFile.graph(runDir.resolve(RunDirectory.MODEL), false).params()));
        assertEquals(3, Files.readAllLines(runDir.resolve(RunDirectory.METRICS)).size(), "no row for the NaN epoch");
        assertTrue(console.toString().contains("epoch 3: diverged"), console.toString());
    }

    @Test
    void withRollbackADivergedEpochIsRetriedFromTheLastCheckpointAtHalfTheLearningRate() {
        RunConfig config = config("train.epochs=3", "train.onDivergence=rollback");
        Trainer.Result result = fit(config, RunDirectory.start(dir.resolve("run"), config), r -> r == 2,
                Checkpoint.FILES);
        assertEquals(3, result.epochs().size());
        assertEquals(List.of(0.002, 0.001, 0.001), result.epochs().stream().map(EpochLog::lr).toList());
        assertTrue(result.stopReason().startsWith("completed"), result.stopReason());
        assertTrue(console.toString().contains(" at minibatch 1 in epoch 2; rolled back to the checkpoint of epoch 1, "
                + "learning rate x0.500 (rollback 1 of 3)"), console.toString());
    }

    @Test
    void rollbacksRunOutAndThenTheRunStopsAsDiverged() {
        RunConfig config = config("train.epochs=5", "train.onDivergence=rollback", "train.rollbacks=2");
        Trainer.Result result = fit(config, RunDirectory.start(dir.resolve("run"), config), r -> r >= 2,
                Checkpoint.FILES);
        assertEquals(1, result.epochs().size());
        assertTrue(result.stopReason().matches("diverged: the .* became NaN.* at minibatch 1 in epoch 2; .*"),
                result.stopReason());
        assertTrue(result.stopReason().contains("train.learningRate (now 0.000500)"), result.stopReason());
        assertTrue(result.stopReason().contains("more train.rollbacks (now 2)"), result.stopReason());
        assertFalse(console.toString().contains("rollback 3"), console.toString());
    }
}
