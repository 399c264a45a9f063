package dev.seq4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** Tagging from the command line on a hand-made BIO file: train, eval with span F1, tag, and bad input. */
class TaggingCliTest {
    @TempDir
    static Path dir;
    static Path config;
    static Path run;
    static final Path NER = Path.of("src/test/resources/tagging/ner.bio");

    @BeforeAll
    static void trainTinyRun() throws Exception {
        config = Files.writeString(dir.resolve("config.yaml"), """
                task: tagging
                seed: 1
                data:
                  train: %s
                  valid: %s
                  minCount: 1
                model:
                  layers: [8]
                  embedding: 8
                  bidirectional: concat
                train:
                  epochs: 2
                """.formatted(NER, NER));
        run = dir.resolve("run");
        CliTest.Result r = seq4j("train", config.toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("tagging: 6 training sentences (38 tokens)") && r.err().contains("(bio scheme)"),
                r.err());
        assertTrue(r.err().contains("valid: token accuracy") && r.err().contains("span F1")
                && r.err().contains("most frequent tag per word"), r.err());
    }

    @Test
    void evalPrintsTokenOovAndSpanScoresWithTheBaseline() throws Exception {
        CliTest.Result r = seq4j("eval", run.toString(), "--data", NER.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(38, json.get("tokens").asInt());
        for (String key : List.of("tokenAccuracy", "spanF1", "baselineTokenAccuracy", "baselineSpanF1")) {
            assertTrue(json.get(key).asDouble() >= 0 && json.get(key).asDouble() <= 1, key);
        }
        assertTrue(json.get("oovAccuracy").isNull(), "no word is unseen: " + json.get("oovAccuracy"));
        // 14 gold spans; the baseline tags "Smith" B-PER (B-PER once, I-PER once: a tie), so it splits "John Smith"
        // into two spans and gets the other 13 right: P = 13/15, R = 13/14, F1 = 0.8966
        assertEquals(14, json.get("spans").get("gold").asInt());
        assertEquals(2 * (13.0 / 15) * (13.0 / 14) / (13.0 / 15 + 13.0 / 14), json.get("baselineSpanF1").asDouble(), 1e-9);
    }

    @Test
    void tagWritesConllWithAPredictedColumn() throws Exception {
        Path text = Files.writeString(dir.resolve("in.txt"), "Anna met John Smith in Boston.\n");
        Path out = dir.resolve("tagged.conll");
        CliTest.Result r = seq4j("tag", run.toString(), "--input", text.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(List.of("Anna", "met", "John", "Smith", "in", "Boston", ".", ""),
                lines.stream().map(l -> l.split("\t")[0]).toList());
        assertTrue(lines.get(0).matches("Anna\t(O|[BI]-(PER|LOC|ORG))"), lines.get(0));
        r = seq4j("tag", run.toString(), "--input", NER.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("John B-PER "), r.out());
    }

    @Test
    void aModelTrainedInBioesScoresAndTagsInTheDataScheme() throws Exception {
        Path bioes = dir.resolve("bioes");
        CliTest.Result r = seq4j("train", config.toString(), "--set", "data.trainScheme=bioes", "--out", bioes.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode summary = new ObjectMapper().readTree(bioes.resolve("summary.json").toFile());
        assertEquals("bio", summary.get("scheme").asText());
        assertEquals("bioes", summary.get("trainScheme").asText());
        String tags = Files.readString(bioes.resolve("labels.json"));
        assertTrue(tags.contains("S-PER") && tags.contains("E-LOC") && tags.contains("B-ORG"), tags);
        // scores are in the data's tags: per-tag metrics name BIO tags only
        JsonNode eval = new ObjectMapper().readTree(seq4j("eval", bioes.toString(), "--data", NER.toString()).out());
        assertTrue(eval.get("spanF1").isNumber());
        eval.get("perTag").fieldNames().forEachRemaining(t -> assertTrue(t.equals("O") || t.matches("[BI]-.*"), t));
        r = seq4j("tag", bioes.toString(), "--input", NER.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().filter(l -> !l.isEmpty()).allMatch(l -> l.matches(".* (O|[BI]-[A-Z]+)")), r.out());
    }

    @Test
    void badInputExitsTwoWithOneLineAndWritesNothing() throws Exception {
        Path out = dir.resolve("never");
        Path columns = Files.writeString(dir.resolve("columns.bio"), "John B-PER\nSmith I-PER x\n");
        assertTrue(seq4j("train", config.toString(), "--set", "data.train=" + columns, "--out", out.toString())
                .oneLineError().contains("columns.bio line 2: expected 2 columns"));
        Path mixed = Files.writeString(dir.resolve("mixed.bio"), "John\tB-PER\nSmith I-PER\n");
        assertTrue(seq4j("train", config.toString(), "--set", "data.train=" + mixed, "--out", out.toString())
                .oneLineError().contains("mixed.bio line 2: mixed separators"));
        Path scheme = Files.writeString(dir.resolve("scheme.bio"), "John B-PER\nSmith E-PER\n\nx O\n");
        assertTrue(seq4j("train", config.toString(), "--set", "data.train=" + scheme, "--set", "data.scheme=bio",
                "--out", out.toString()).oneLineError().contains("scheme.bio line 2: tag 'E-PER' is not O or B/I-TYPE"));
        Path pos = Files.writeString(dir.resolve("pos.tsv"), "The\tDET\ndog\tNOUN\n\nA\tDET\n");
        assertTrue(seq4j("train", config.toString(), "--set", "data.train=" + pos, "--set", "data.trainScheme=bioes",
                "--out", out.toString()).oneLineError().contains("'data.trainScheme': the training tags of"));
        Path unknown = Files.writeString(dir.resolve("unknown.bio"), "John B-PER\nin O\nMordor B-FANTASY\n");
        assertTrue(seq4j("eval", run.toString(), "--data", unknown.toString()).oneLineError()
                .contains("unknown.bio line 3: tag 'B-FANTASY' does not occur in the training data"));
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n\n  \n");
        assertTrue(seq4j("tag", run.toString(), "--input", empty.toString()).oneLineError()
                .contains("file has no text, only whitespace"));
        assertTrue(seq4j("predict", run.toString(), "--data", NER.toString()).oneLineError().contains("use seq4j tag"));
        assertFalse(Files.exists(out));
    }
}
