package dev.seq4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.data.synthetic.SyntheticControl;
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

/** Time-series classification from the command line: train, eval, predict, and bad series files. */
class SeriesCliTest {
    @TempDir
    static Path dir;
    static Path config;
    static Path run;
    static Path test;

    @BeforeAll
    static void trainTinyRun() throws Exception {
        Path train = dir.resolve("train.csv");
        SyntheticControl.writeLong(SyntheticControl.generate(4, 20, 1), train);
        test = dir.resolve("test");
        SyntheticControl.writePerSequence(SyntheticControl.generate(2, 20, 2), test);
        config = Files.writeString(dir.resolve("config.yaml"), """
                task: seriesclass
                seed: 1
                data:
                  train: %s
                  valid: 0.25
                  test: %s
                  layout: auto
                model:
                  layers: [8]
                train:
                  epochs: 2
                """.formatted(train, test));
        run = dir.resolve("run");
        CliTest.Result r = seq4j("train", config.toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("seriesclass: 18 training and 6 validation series of 20 steps, 1 feature [value]"),
                r.err());
        assertTrue(r.err().contains("test: accuracy") && r.err().contains("bag-of-values logistic regression"), r.err());
    }

    @Test
    void evalPrintsTheModelAndTheBaselineOnEitherLayout() throws Exception {
        CliTest.Result r = seq4j("eval", run.toString(), "--data", test.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(12, json.get("examples").asInt());
        for (String key : List.of("accuracy", "macroF1", "baselineAccuracy")) {
            assertTrue(json.get(key).asDouble() >= 0 && json.get(key).asDouble() <= 1, key);
        }
    }

    @Test
    void predictWritesOneRowPerSeries() throws Exception {
        Path out = dir.resolve("predictions.tsv");
        CliTest.Result r = seq4j("predict", run.toString(), "--data", test.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(13, lines.size());
        assertTrue(lines.get(0).startsWith("sequence\tpredicted\tp(cyclic)\tp(decreasing)"), lines.get(0));
        assertTrue(lines.get(1).startsWith("0.csv\t"), lines.get(1));
    }

    @Test
    void raggedNonNumericOrMissingColumnsExitTwoAndWriteNothing() throws Exception {
        Path out = dir.resolve("never");
        Path ragged = dir.resolve("ragged");
        SyntheticControl.writePerSequence(SyntheticControl.generate(1, 5, 3), ragged);
        Files.writeString(ragged.resolve("features/3.csv"), "1,2\n3,4\n");
        assertTrue(seq4j("train", config.toString(), "--set", "data.train=" + ragged, "--out", out.toString())
                .oneLineError().contains("3.csv line 1: 2 values, expected 1"));
        Path words = Files.writeString(dir.resolve("words.csv"), "sequence_id,t,value,label\na,0,1,x\na,1,high,x\n");
        assertTrue(seq4j("train", config.toString(), "--set", "data.train=" + words, "--out", out.toString())
                .oneLineError().contains("words.csv line 3, column 'value': 'high' is not a number"));
        Path noLabel = Files.writeString(dir.resolve("nolabel.csv"), "sequence_id,t,value\na,0,1\n");
        assertTrue(seq4j("train", config.toString(), "--set", "data.train=" + noLabel, "--out", out.toString())
                .oneLineError().contains("no column 'label'"));
        assertTrue(seq4j("eval", run.toString(), "--data", noLabel.toString()).oneLineError()
                .contains("no column 'label'"));
        assertFalse(Files.exists(out));
    }
}
