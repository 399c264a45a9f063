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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train --gpus N}: DL4J's ParallelWrapper with N replicas. CI has no GPU, so the replicas run as CPU threads
 * here; what is checked is the plumbing a multi-GPU run shares: every minibatch trained once, the epoch learning-rate
 * schedule, checkpoints and resume, and the loss going down.
 */
class ParallelTrainingTest {
    @TempDir
    Path dir;

    private static RunConfig config(String... overrides) {
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("model.layers=[16]",
                "train.patience=0", "train.learningRate=0.01", "train.lrSchedule=exponential", "train.lrGamma=0.5",
                "train.averagingFrequency=2", "train.prefetch=2"), java.util.stream.Stream.of(overrides))
                .toArray(String[]::new);
        return dev.seq4j.TestConfigs.charlm(1, Map.of("train", "x", "sequenceLength", 8), all);
    }

    private Trainer.Result fit(RunConfig config, RunDirectory run) {
        ComputationGraph net = new ComputationGraph(CharLmModel.configuration(config, 4));
        net.init();
        int[] ids = new int[400];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1 + i % 3;
        }
        CharSequenceIterator train = new CharSequenceIterator(ids, 4, 8, 4, 1L);
        try (run) {
            return new Trainer(config.train(), run, new PrintWriter(new StringWriter()), null, "bits/char")
                    .seeded(config.seed()).launch(new Launch(false, 2, null))
                    .fit(net, train, train.batchCount(), Math.log(2),
                            n -> Map.of("valid_bpc", n.params().norm2Number().doubleValue()), new Objective("valid_bpc", false));
        }
    }

    @Test
    void twoReplicasTrainEveryMinibatchFollowTheScheduleAndResume() {
        RunConfig three = config("train.epochs=3");
        Path runDir = dir.resolve("run");
        Trainer.Result result = fit(three, RunDirectory.start(runDir, three));
        assertEquals(List.of(0.01, 0.005, 0.0025), result.epochs().stream().map(EpochLog::lr).toList());
        assertTrue(result.epochs().get(2).trainLoss() < result.epochs().get(0).trainLoss(), result.epochs().toString());
        // 400 characters in sequences of 8: about 50 sequences, batches of 4, every target counted once
        assertTrue(result.tokens() > 3 * 45 * 7 && result.tokens() <= 3 * 50 * 8, "tokens " + result.tokens());

        // the same run continued to 5 epochs from its checkpoint
        RunConfig five = config("train.epochs=5");
        Trainer.Result resumed = fit(five, resumeAs(runDir, five));
        assertEquals(5, resumed.epochs().size());
        assertEquals(0.000625, resumed.epochs().get(4).lr(), 1e-12);
    }

    /** Reopens {@code runDir} for {@code config}, which differs only in its epochs (rewritten as a user would). */
    private static RunDirectory resumeAs(Path runDir, RunConfig config) {
        dev.seq4j.run.RunDirectory.writeAtomically(runDir.resolve(RunDirectory.CONFIG),
                dev.seq4j.config.ConfigLoader.toYaml(config).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return RunDirectory.resume(runDir, config);
    }
}
