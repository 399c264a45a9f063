package dev.seq4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.TinyText;
import dev.seq4j.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.seq4j.cli.CliTest.seq4j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What train reports about a run that went wrong (issue 23): a best model worse than a uniform guess ends with a
 * warning on the console and in summary.json (case 10, {@code lr 9.9} without clipping), and {@code train_loss} does
 * not count the padding of a sequence longer than the text.
 */
class TrainSummaryCliTest {
    @TempDir
    Path dir;

    @Test
    void aCharLmWorseThanAUniformGuessEndsWithAWarningAndAGoodOneWithout() throws Exception {
        Path text = Files.writeString(dir.resolve("text.txt"), TinyText.pangram(60));
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                task: charlm
                seed: 3
                data: {train: %s, sequenceLength: 20}
                model: {layers: [24]}
                train: {epochs: 2, batchSize: 8, patience: 0, sampleLength: 0}
                """.formatted(text));
        Path bad = dir.resolve("bad");
        CliTest.Result r = seq4j("train", config.toString(), "--set", "train.learningRate=9.9", "--set", "train.clipNorm=0",
                "--out", bad.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode summary = new ObjectMapper().readTree(bad.resolve(RunDirectory.SUMMARY).toFile());
        assertEquals("complete", summary.get("status").asText());
        // the output's width: the pangram's 26 letters, space, full stop and newline, and the unknown symbol
        int symbols = dev.seq4j.data.text.CharVocabulary.load(bad.resolve("vocab.json")).size();
        assertEquals(30, symbols);
        double uniform = Math.log(symbols) / Math.log(2);
        assertEquals("a uniform guess over the " + symbols + " symbols", summary.get("trivial").get("model").asText());
        assertEquals(uniform, summary.get("trivial").get("validBitsPerChar").asDouble(), 1e-12);
        double bpc = summary.get("validBitsPerChar").asDouble();
        assertTrue(bpc > uniform, "lr 9.9 without clipping learns nothing: " + bpc + " bits/char");
        String warning = String.format(java.util.Locale.ROOT, "the best model's valid bits/char %.4f is worse than the "
                + "%.4f of the trivial model (a uniform guess over the %d symbols): the model learned nothing it can "
                + "use; try a lower train.learningRate (now 9.90), gradient clipping (train.clipNorm, now 0.00) or more "
                + "train.epochs (now 2)", bpc, uniform, symbols);
        assertEquals(List.of(warning), List.of(summary.get("warnings").get(0).asText()));
        assertEquals(1, summary.get("warnings").size());
        assertTrue(r.err().strip().endsWith("\nwarning: " + warning), r.err());

        Path good = dir.resolve("good");
        CliTest.Result ok = seq4j("train", config.toString(), "--set", "train.learningRate=0.02", "--out", good.toString());
        assertEquals(0, ok.code(), ok.err());
        JsonNode fine = new ObjectMapper().readTree(good.resolve(RunDirectory.SUMMARY).toFile());
        assertTrue(fine.get("validBitsPerChar").asDouble() < uniform, fine.toString());
        assertFalse(fine.has("warnings"), fine.toString());
        assertFalse(ok.err().contains("warning:"), ok.err());
    }

    @Test
    void trainLossCountsOnlyRealCharactersWhenTheSequenceLengthExceedsTheText() throws Exception {
        // 270 training characters in sequences of 1000: each minibatch is mostly padding
        Path text = Files.writeString(dir.resolve("short.txt"), TinyText.pangram(7).substring(0, 300));
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                task: charlm
                seed: 3
                data: {train: %s, sequenceLength: 1000}
                model: {layers: [16]}
                train: {epochs: 1, batchSize: 8, sampleLength: 0, learningRate: 0.002}
                """.formatted(text));
        Path run = dir.resolve("run");
        CliTest.Result r = seq4j("train", config.toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        List<String> metrics = Files.readAllLines(run.resolve(RunDirectory.METRICS));
        assertEquals("epoch,train_loss,valid_bpc", String.join(",", List.of(metrics.get(0).split(",")).subList(0, 3)));
        String[] epoch1 = metrics.get(1).split(",");
        double trainLoss = Double.parseDouble(epoch1[1]);
        double validBpc = Double.parseDouble(epoch1[2]);
        // a barely trained model scores its training and validation text alike, near a uniform guess; divided by the
        // padded length, train_loss came out about a seventh of it (0.63 against 4.70 bits/char)
        assertEquals(validBpc, trainLoss, 0.1, metrics.toString());
    }
}
