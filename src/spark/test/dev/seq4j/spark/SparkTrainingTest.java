package dev.seq4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.cli.Seq4j;
import dev.seq4j.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train --spark local[2]} (the spark build: {@code ./mvnw -Pcpu,spark verify}): the same config, data and epochs
 * as a single-machine run, the same run directory, and bits per character within 5 % of it. The text is random words
 * from a small list, so both runs can reach its floor (about 0.83 bits/char, the 5-gram's) in a few seconds.
 */
class SparkTrainingTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result seq4j(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Seq4j.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Random words from a 13-word list, 3,000 of them: text a small LSTM learns to its floor in seconds. */
    static Path words(Path dir) throws Exception {
        String[] words = "the quick brown fox jumps over lazy dog and cat sat on mat".split(" ");
        Random random = new Random(1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            text.append(words[random.nextInt(words.length)]).append(i % 15 == 14 ? "\n" : " ");
        }
        return Files.writeString(dir.resolve("text.txt"), text);
    }

    /** The small case: a 32-unit LSTM char LM on {@code data}, 15 epochs. */
    static Path smallCharLm(Path dir, Path data) throws Exception {
        return Files.writeString(dir.resolve("config.yaml"), """
                task: charlm
                seed: 3
                data: {train: %s, sequenceLength: 40}
                model: {layers: [32]}
                train: {epochs: 15, batchSize: 16, learningRate: 0.01, patience: 0, sampleLength: 0}
                """.formatted(data));
    }

    /** The runs' validation bits per character, from their summaries; {@code distributed} within 5 % of {@code single}. */
    static void withinFivePercent(Path single, Path distributed) throws Exception {
        ObjectMapper json = new ObjectMapper();
        double a = json.readTree(single.resolve(RunDirectory.SUMMARY).toFile()).get("validBitsPerChar").asDouble();
        JsonNode summary = json.readTree(distributed.resolve(RunDirectory.SUMMARY).toFile());
        double b = summary.get("validBitsPerChar").asDouble();
        System.out.printf(java.util.Locale.ROOT, "valid bits/char: single machine %.4f, Spark %.4f (%+.1f %%)%n", a, b,
                100 * (b - a) / a);
        assertTrue(Math.abs(b - a) <= 0.05 * a, "Spark " + b + " against " + a);
        assertTrue(a < 1.2, "the single-machine run learns the text: " + a);
        assertEquals(15, summary.get("epochs").asInt());
    }

    @Test
    void aCharLmTrainedOnSparkLocalModeIsWithinFivePercentOfTheSingleMachineRun() throws Exception {
        Path data = words(dir);
        Path config = smallCharLm(dir, data);
        Result local = seq4j("train", config.toString(), "--out", dir.resolve("local").toString());
        assertEquals(0, local.code(), local.err());
        Result spark = seq4j("train", config.toString(), "--spark", "local[2]", "--out", dir.resolve("spark").toString());
        assertEquals(0, spark.code(), spark.err());
        assertTrue(spark.err().contains("training on Spark local[2] (2 workers now), parameter averaging every 5 "
                + "minibatches"), spark.err());

        withinFivePercent(dir.resolve("local"), dir.resolve("spark"));
        for (String name : new String[]{RunDirectory.CONFIG, RunDirectory.METRICS, RunDirectory.MODEL, "vocab.json",
                "checkpoints/epoch-0015/state.json"}) {
            assertTrue(Files.exists(dir.resolve("spark").resolve(name)), name);
        }
        assertTrue(spark.err().contains("minibatches in file:/") && spark.err().contains("/spark/spark-minibatches"),
                spark.err());
        assertTrue(!Files.exists(dir.resolve("spark").resolve("spark-minibatches")), "the epoch's minibatch files are gone");
        assertEquals(0, seq4j("eval", dir.resolve("spark").toString(), "--data", data.toString()).code());
    }

    @Test
    void aMinibatchDirectoryOfTheUsersOwnIsLeftAsItWas() throws Exception {
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                task: charlm
                seed: 3
                data: {train: %s, sequenceLength: 20}
                model: {layers: [8]}
                train: {epochs: 2, batchSize: 8, patience: 0, sampleLength: 0}
                """.formatted(Files.writeString(dir.resolve("t.txt"), "abc abd abe abf ".repeat(60))));
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.writeString(shared.resolve("keep.txt"), "the user's");
        Files.createDirectories(shared.resolve("epoch-0001"));
        Result r = seq4j("train", config.toString(), "--spark", "local[2]", "--spark-minibatches", shared.toString(),
                "--out", dir.resolve("run").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("minibatches in file:" + shared + "/seq4j-run-"), r.err());
        try (var left = Files.list(shared)) {
            assertEquals(List.of("epoch-0001", "keep.txt"), left.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("the user's", Files.readString(shared.resolve("keep.txt")));
    }

    @Test
    void infoNamesSparkAndDl4jSpark() {
        Result info = seq4j("info");
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().matches("(?s).*\nSpark\\s+Spark 3\\.5\\.3, dl4j-spark 1\\.0\\.0-M2 \\(train and sweep --spark MASTER\\)\n.*"),
                info.out());
    }

    @Test
    void badSparkSettingsAreOneLineErrors() throws Exception {
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                task: charlm
                seed: 3
                data: {train: %s, sequenceLength: 20}
                model: {layers: [8]}
                train: {epochs: 1, ema: 0.9}
                """.formatted(Files.writeString(dir.resolve("t.txt"), "abc abc abc abc ".repeat(50))));
        Result ema = seq4j("train", config.toString(), "--spark", "local[2]", "--out", dir.resolve("x").toString());
        assertEquals(2, ema.code(), ema.err());
        assertTrue(ema.err().strip().startsWith("seq4j: error: config key 'train.ema': not supported with --spark"),
                ema.err());
        Result master = seq4j("train", config.toString(), "--set", "train.ema=0", "--spark", "localhost",
                "--out", dir.resolve("y").toString());
        assertEquals(2, master.code(), master.err());
        assertTrue(master.err().contains("--spark localhost: not a Spark master"), master.err());
        assertTrue(!Files.exists(dir.resolve("x")) && !Files.exists(dir.resolve("y")));
    }
}
