package dev.seq4j.train;

import dev.seq4j.config.RunConfig;
import dev.seq4j.data.text.CharSequenceIterator;
import dev.seq4j.model.CharLmModel;
import dev.seq4j.run.ModelFile;
import dev.seq4j.run.RunDirectory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints written by the trainer as it was before its state became one class (checkpoint format 1, commit
 * da35e59) in src/test/resources/checkpoint-format-1: {@code run/checkpoints/epoch-0002} of a char LM of the config
 * below with {@code train.epochs=2}, the {@code metrics.csv} of that run, the {@code state.json} of an epoch-0
 * checkpoint, and the {@code metrics.csv} of the same config trained for 4 epochs without a stop. A run directory a user checkpointed with
 * that version must still resume, and its {@code state.json} keys must not change.
 */
class CheckpointFormatTest {
    private static final Path FIXTURE = Path.of("src/test/resources/checkpoint-format-1");

    @TempDir
    Path dir;

    private final StringWriter console = new StringWriter();

    /** The config the fixture was trained with, as {@link CheckpointTest}'s. */
    private static RunConfig config(int epochs) {
        return dev.seq4j.TestConfigs.charlm(1, Map.of("train", "x", "sequenceLength", 8), "model.layers=[8]",
                "model.dropout=0.1", "train.ema=0.9", "train.patience=0", "train.maxBatches=3",
                "train.epochs=" + epochs);
    }

    /** 200 characters cycling through 1, 2, 3, as {@link CheckpointTest}'s data. */
    private Trainer.Result fit(RunConfig config, RunDirectory run) {
        org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(config.seed());
        ComputationGraph net = new ComputationGraph(CharLmModel.configuration(config, 4));
        net.init();
        int[] ids = new int[200];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1 + i % 3;
        }
        CharSequenceIterator train = new CharSequenceIterator(ids, 4, 8, 4, 1L);
        try (run) {
            return new Trainer(config.train(), run, new PrintWriter(console, true), null, "bits/char")
                    .seeded(config.seed())
                    .fit(net, train, train.batchCount(), Math.log(2),
                            n -> Map.of("valid_bpc", n.params().norm2Number().doubleValue()),
                            new Objective("valid_bpc", true));
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void aFormatOneCheckpointResumesAndTrainsOnAsTheVersionThatWroteItDid() throws IOException {
        RunConfig config = config(4);
        Path runDir = dir.resolve("run");
        RunDirectory.start(runDir, config).close();
        copy(FIXTURE.resolve("run/checkpoints/epoch-0002"),
                runDir.resolve(RunDirectory.CHECKPOINTS).resolve("epoch-0002"));

        Trainer.Result resumed = fit(config, RunDirectory.resume(runDir, config));

        assertTrue(console.toString().startsWith("resume: from the checkpoint of epoch 2 of 4; best valid_bpc 6.6944 "
                + "at epoch 2\n"), console.toString());
        List<String> metrics = Files.readAllLines(runDir.resolve(RunDirectory.METRICS));
        // the rows of epochs 1 and 2 come from the checkpoint's history, to the last digit of their wall times
        assertEquals(Files.readAllLines(FIXTURE.resolve("metrics-epochs-1-2.csv")), metrics.subList(0, 3));
        // epochs 3 and 4 as that version trained them without a stop (1e-6: another CPU may round differently)
        List<String> whole = Files.readAllLines(FIXTURE.resolve("metrics-uninterrupted.csv"));
        assertEquals(whole.size(), metrics.size());
        for (int row = 3; row < whole.size(); row++) {
            String[] want = whole.get(row).split(",");
            String[] got = metrics.get(row).split(",");
            for (int column : new int[]{0, 3, 7}) { // epoch, lr, best
                assertEquals(want[column], got[column], "row " + row + " column " + column);
            }
            for (int column : new int[]{1, 2}) { // train_loss, valid_bpc
                assertEquals(Double.parseDouble(want[column]), Double.parseDouble(got[column]), 1e-6,
                        "row " + row + " column " + column);
            }
        }
        assertEquals(3, resumed.bestEpoch());
        assertEquals(358, resumed.tokens(), "179 target tokens in epochs 1-2 from the checkpoint, 179 after");
        assertEquals(4, resumed.epochs().size());

        // the run's own checkpoint goes on from the old one's counters: 3 minibatches an epoch, one reset each
        Checkpoint.Loaded last = Checkpoint.read(Checkpoint.latest(runDir.resolve(RunDirectory.CHECKPOINTS)));
        assertEquals(4, last.state().epoch());
        assertEquals(4, last.state().resets());
        assertEquals(12, last.state().iterations());
        assertEquals(4, last.state().epochCount());
        assertEquals(12, last.state().averageUpdates());
    }

    /** Writes the checkpoint {@code from} as the trainer would, and returns the state.json it wrote. */
    private String rewritten(Path from) throws IOException {
        var loaded = Checkpoint.read(from);
        Path checkpoints = Files.createDirectories(dir.resolve("rewritten").resolve(RunDirectory.CHECKPOINTS));
        Path written = Checkpoint.write(checkpoints, loaded.state(), ModelFile.graph(loaded.model(), true), null,
                Checkpoint.FILES, Checkpoint.Keep.LATEST);
        return Files.readString(written.resolve(Checkpoint.STATE));
    }

    @Test
    void theStateOfAFormatOneCheckpointIsReadAndWrittenBackByteForByte() throws IOException {
        Path two = FIXTURE.resolve("run/checkpoints/epoch-0002");
        assertEquals(Files.readString(two.resolve(Checkpoint.STATE)), rewritten(two));

        // epoch 0: no best yet ("best": "Infinity", "bestValid": null), an empty history
        Path zero = dir.resolve("run/checkpoints/epoch-0000");
        Files.createDirectories(zero);
        Files.copy(FIXTURE.resolve("state-epoch-0000.json"), zero.resolve(Checkpoint.STATE));
        Files.copy(two.resolve(Checkpoint.MODEL), zero.resolve(Checkpoint.MODEL));
        assertEquals(Files.readString(zero.resolve(Checkpoint.STATE)), rewritten(zero));
    }
}
