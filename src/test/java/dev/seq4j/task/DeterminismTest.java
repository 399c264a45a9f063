package dev.seq4j.task;

import dev.seq4j.TinyText;
import dev.seq4j.config.ConfigLoader;
import dev.seq4j.config.RunConfig;
import dev.seq4j.result.CharLmSummary;
import dev.seq4j.result.Summary;
import dev.seq4j.result.TextClassSummary;
import dev.seq4j.run.ModelFile;
import dev.seq4j.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same config and seed give the same run twice on CPU: every metric of every epoch, the summary and the saved
 * weights, bit for bit. What makes it so: the data order comes from seeded generators that advance once per epoch,
 * ND4J's generator (dropout) is reseeded each epoch from the seed and that position, and the recurrent kernels split
 * their weight-gradient sums across their helper thread at fixed chunk boundaries, so no sum depends on timing.
 * <p>
 * Not deterministic, and left out of the comparison: the wall-clock columns of {@code metrics.csv} ({@code seconds},
 * {@code tokens_per_s}, {@code data_share}) and {@code trainSeconds}, {@code runSeconds}, {@code tokensPerSecond} of the
 * summary, which are measurements. With {@code OMP_NUM_THREADS} above 1, ND4J's native reductions may split work by
 * thread count, so runs repeat only on the same thread setting (our launcher always sets 1). On CUDA, cuDNN's
 * recurrent kernels are not bit-reproducible; that backend is not covered here.
 */
class DeterminismTest {
    @TempDir
    Path dir;

    private void trainTwiceAndCompare(RunConfig config, Function<Summary, Object> metric) throws IOException {
        TrainedRun[] outcomes = new TrainedRun[2];
        for (int i = 0; i < 2; i++) {
            outcomes[i] = Tasks.train(config, dir.resolve("run" + i), new PrintWriter(new StringWriter()), null,
                    (epoch, best) -> null);
        }
        Path a = outcomes[0].run().root();
        Path b = outcomes[1].run().root();
        assertEquals(dev.seq4j.MetricsCsv.withoutTimes(a), dev.seq4j.MetricsCsv.withoutTimes(b));
        assertEquals(metric.apply(outcomes[0].summary()), metric.apply(outcomes[1].summary()));
        assertEquals(outcomes[0].summary().bestEpoch(), outcomes[1].summary().bestEpoch());
        assertEquals(ModelFile.read(a.resolve(RunDirectory.MODEL)).params(),
                ModelFile.read(b.resolve(RunDirectory.MODEL)).params());
    }

    @Test
    void aCharLmWithDropoutAndAWeightAverageRepeatsExactly() throws IOException {
        Path text = Files.writeString(dir.resolve("text.txt"), TinyText.pangram(40));
        RunConfig config = dev.seq4j.TestConfigs.charlm(11, Map.of("train", text.toString(), "sequenceLength", 20),
                "model.layers=[16,16]", "model.dropout=0.2", "train.epochs=3", "train.batchSize=8", "train.ema=0.9",
                "train.patience=0", "train.sampleLength=30", "train.tbpttLength=10");
        trainTwiceAndCompare(config, s -> ((CharLmSummary) s).validBitsPerChar());
    }

    @Test
    void aBidirectionalGruClassifierRepeatsExactly() throws IOException {
        StringBuilder train = new StringBuilder("label\ttext\n");
        String[] good = {"good", "great", "lovely", "fine"};
        String[] bad = {"bad", "awful", "poor", "nasty"};
        for (int i = 0; i < 40; i++) {
            train.append(i % 2 == 0 ? "pos\tthe food was " + good[i / 2 % 4] : "neg\tit was " + bad[i / 2 % 4] + " food")
                    .append('\n');
        }
        Path file = Files.writeString(dir.resolve("train.tsv"), train.toString());
        RunConfig config = ConfigLoader.fromTree((com.fasterxml.jackson.databind.node.ObjectNode) ConfigLoader.YAML
                .valueToTree(Map.of("task", "textclass", "seed", 3,
                        "data", Map.of("train", file.toString(), "valid", 0.2),
                        "model", Map.of("cell", "gru", "layers", List.of(8), "embedding", 8, "bidirectional", "concat",
                                "dropout", 0.1),
                        "train", Map.of("epochs", 3, "batchSize", 4, "patience", 0))));
        trainTwiceAndCompare(config, s -> ((TextClassSummary) s).validAccuracy());
    }
}
