package dev.seq4j.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seq4j.UserException;
import dev.seq4j.config.CaptionDataSpec;
import dev.seq4j.config.ConfigLoader;
import dev.seq4j.config.RunConfig;
import dev.seq4j.data.caption.CaptionData;
import dev.seq4j.data.synthetic.Shapes;
import dev.seq4j.infer.Seq2seqDecoder;
import dev.seq4j.result.CaptionEvaluation;
import dev.seq4j.result.CaptionSummary;
import dev.seq4j.run.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Captioning single generated shapes: colour and shape must both be read off the pixels. */
class CaptionTaskTest {
    @TempDir
    static Path dir;
    static TrainedRun outcome;
    static Path test;

    @BeforeAll
    static void train() {
        Shapes.write(Shapes.generate(800, 1, 1), dir.resolve("images"), "train", dir.resolve("train.tsv"));
        Shapes.write(Shapes.generate(100, 2, 1), dir.resolve("images"), "test", dir.resolve("test.tsv"));
        test = dir.resolve("test.tsv");
        RunConfig config = ConfigLoader.fromTree((ObjectNode) ConfigLoader.YAML.valueToTree(Map.of("task", "caption",
                "seed", 4,
                "data", Map.of("train", dir.resolve("train.tsv").toString(), "valid", 0.1, "test", test.toString()),
                "model", Map.of("layers", List.of(64), "embedding", 8, "decoder", 32),
                "train", Map.of("epochs", 15, "batchSize", 16, "learningRate", 0.005, "patience", 0))));
        outcome = Tasks.train(config, dir.resolve("run"), new PrintWriter(new StringWriter()), null,
                (epoch, best) -> null);
    }

    @Test
    void heldOutImagesAreCaptionedAndTheRunHasItsFiles() {
        CaptionSummary s = (CaptionSummary) outcome.summary();
        assertTrue(s.testExactMatch() >= 0.9, s.toString());
        assertEquals(48, s.width());
        assertEquals(20, s.height());
        assertEquals(3, s.maxTargetLength()); // "a red circle"
        for (String f : List.of(RunDirectory.MODEL, CaptionTask.WORDS, Seq2seqTask.TEST_OUTPUT, RunDirectory.SUMMARY)) {
            assertTrue(Files.exists(outcome.run().path(f)), f);
        }
    }

    @Test
    void samplesShowTheImagesAsTheModelSawThemWithItsCaptions() throws Exception {
        dev.seq4j.result.Samples s = SamplesCheck.read(outcome.run(), "caption", 80); // 10 % of 800 held out
        for (dev.seq4j.result.Samples.Sample x : s.samples()) {
            assertEquals(List.of(), x.input());
            assertTrue(x.image().startsWith("data:image/png;base64,"), x.image());
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                    java.util.Base64.getDecoder().decode(x.image().substring("data:image/png;base64,".length()))));
            assertEquals(List.of(48, 20), List.of(image.getWidth(), image.getHeight()));
            assertEquals("a", x.expected().get(0), x.toString()); // "a red circle"
        }
        // a picture of a coloured shape on a background: more than one colour
        String first = s.samples().get(0).image();
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                java.util.Base64.getDecoder().decode(first.substring(first.indexOf(',') + 1))));
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 1, colours.toString());
    }

    @Test
    void captionReadsAFileOrADirectoryAndEvalReportsTheFourMetrics() throws Exception {
        Path image = dir.resolve("images/test00000.png");
        String line = Cli.out("caption", outcome.run().root(), "--input", image, "--beam", 1).strip();
        assertEquals(1, line.lines().count());
        assertTrue(line.startsWith(image + "\ta "), line);
        assertEquals(900, Cli.out("caption", outcome.run().root(), "--input", dir.resolve("images")).lines().count());
        CaptionEvaluation eval = (CaptionEvaluation) Tasks.evaluate(outcome.run(), test);
        CaptionSummary s = (CaptionSummary) outcome.summary();
        assertEquals(s.testExactMatch(), eval.exactMatch());
        // the test split is the file evaluated: beam and greedy scores are the summary's test scores
        assertEquals(s.testWordErrorRate(), eval.wordErrorRate());
        assertEquals(s.testTokenErrorRate(), eval.tokenErrorRate());
        assertEquals(s.testBleu(), eval.bleu());
        assertEquals(s.greedyTestWordErrorRate(), eval.greedy().wordErrorRate());
        assertEquals(100, eval.images());
        assertEquals(100, eval.greedy().count());
        assertEquals("--input: no such file or directory: " + dir.resolve("nothing.png"),
                Cli.error("caption", outcome.run().root(), "--input", dir.resolve("nothing.png")));
    }

    @Test
    void beamSearchOfWidthOneIsGreedyDecodingOfImages() {
        RunConfig config = outcome.run().config();
        CaptionData data = CaptionData.load((CaptionDataSpec) config.data(), config.seed());
        Seq2seqDecoder decoder = Seq2seqDecoder.forImages(config, outcome.run().model(), data.encoder().target().size());
        List<Seq2seqDecoder.Output> greedy = decoder.greedy(data.test().pixels(), 5);
        List<Seq2seqDecoder.Output> beam = decoder.beam(data.test().pixels(), 1, 1.0, 5);
        for (int i = 0; i < greedy.size(); i++) {
            assertArrayEquals(greedy.get(i).tokens(), beam.get(i).tokens(), "image " + i);
        }
    }

    @Test
    void aMissingImageNamesTheLineThatNamesIt() throws Exception {
        Path tsv = Files.writeString(dir.resolve("bad.tsv"), "images/train00000.png\ta red circle\nimages/none.png\ta blue square\n");
        UserException e = assertThrows(UserException.class, () -> Tasks.evaluate(outcome.run(), tsv));
        assertTrue(e.getMessage().startsWith("--data: " + tsv + " line 2: no such image: "), e.getMessage());
    }
}
