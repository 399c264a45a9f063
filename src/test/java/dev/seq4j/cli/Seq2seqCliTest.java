package dev.seq4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.data.synthetic.SyntheticPairs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.seq4j.cli.CliTest.seq4j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seq2seq from the command line on generated dates: train, eval, translate, and bad input. */
class Seq2seqCliTest {
    @TempDir
    static Path dir;
    static Path pairs;
    static Path run;

    @BeforeAll
    static void trainTinyRun() throws Exception {
        pairs = dir.resolve("dates.tsv");
        SyntheticPairs.write(SyntheticPairs.generate("dates", 120, 3), pairs);
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                task: seq2seq
                seed: 1
                data:
                  train: %s
                  valid: 0.2
                  sourceTokens: char
                  targetTokens: char
                  beam: 2
                model:
                  layers: [8]
                  embedding: 4
                  attention: dot
                train:
                  epochs: 1
                """.formatted(pairs));
        run = dir.resolve("run");
        CliTest.Result r = seq4j("train", config.toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("seq2seq: 96 training pairs, 24 validation") && r.err().contains("attention dot"), r.err());
        assertTrue(r.err().contains("valid: beam 2: word error rate"), r.err());
    }

    @Test
    void evalPrintsTheFourMetricsOfBeamAndGreedy() throws Exception {
        CliTest.Result r = seq4j("eval", run.toString(), "--data", pairs.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(120, json.get("pairs").asInt());
        for (String key : List.of("exactMatch", "wordErrorRate", "tokenErrorRate", "bleu")) {
            assertTrue(json.get(key).isNumber() && json.get("greedy").get(key).isNumber(), key);
        }
        assertEquals(1.0, json.get("exactMatch").asDouble() + json.get("wordErrorRate").asDouble(), 1e-12);
    }

    @Test
    void translateWritesALinePerInputLineAndRefusesWhatItCannotRead() throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "5 march 2014\n\n12/05/99\n");
        Path out = dir.resolve("out.txt");
        CliTest.Result r = seq4j("translate", run.toString(), "--input", input.toString(), "--beam", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(2, Files.readAllLines(out).size());

        Path tooLong = Files.writeString(dir.resolve("long.txt"), "x".repeat(200) + "\n");
        CliTest.Result refused = seq4j("translate", run.toString(), "--input", tooLong.toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("long.txt line 1: the source has 200 tokens, more than the model's maxSourceLength"),
                refused.err());
        assertFalse(Files.exists(dir.resolve("never.txt")));

        CliTest.Result badBeam = seq4j("translate", run.toString(), "--input", input.toString(), "--beam", "-1");
        assertEquals(2, badBeam.code());
        assertTrue(badBeam.err().contains("--beam: must be in 1..100"), badBeam.err());

        CliTest.Result notCaption = seq4j("caption", run.toString(), "--input", input.toString());
        assertEquals(2, notCaption.code());
        assertTrue(notCaption.err().contains("caption is for caption runs; this is a seq2seq run"), notCaption.err());

        CliTest.Result predict = seq4j("predict", run.toString(), "--data", input.toString());
        assertEquals(2, predict.code());
        assertTrue(predict.err().contains("(use seq4j translate)"), predict.err());
    }

    @Test
    void aBadPairsFileIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.tsv"), "a\tb\nno tab\n");
        Path config = Files.writeString(dir.resolve("bad.yaml"), "task: seq2seq\nseed: 1\ndata:\n  train: " + bad + "\n");
        Path out = dir.resolve("bad-run");
        CliTest.Result r = seq4j("train", config.toString(), "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.tsv line 2: expected source<TAB>target, found no tab"), r.err());
        assertFalse(Files.exists(out));
    }
}
