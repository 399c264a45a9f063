package dev.seq4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.run.ModelFile;
import dev.seq4j.run.RunDirectory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.seq4j.cli.CliTest.seq4j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train --init RUN} (issue 29): a tagger fine-tuned from the golden tagging run, which was trained on
 * {@code ner.bio} with an 8-unit LSTM: what it copies, freezes, extends and records, and what it refuses.
 */
class FineTuneCliTest {
    static final Path INIT = Path.of("src/test/resources/golden/runs-0.1.0/tagging/run");
    static final Path NER = Path.of("src/test/resources/tagging/ner.bio");
    static final Path CHARLM = Path.of("src/test/resources/golden/charlm-gru-0.1.0");
    /** Adam moves a weight by about the learning rate a step: this one leaves copied weights equal to 1e-6. */
    static final String STILL = "1e-9";

    @TempDir
    Path dir;

    /** A tagging config whose model section builds the golden run's network, on {@code data}. */
    private Path config(Path data, String... trainKeys) throws IOException {
        StringBuilder train = new StringBuilder("train:\n  epochs: 1\n  batchSize: 4\n");
        for (String k : trainKeys) {
            train.append("  ").append(k).append('\n');
        }
        return Files.writeString(Files.createTempFile(dir, "config", ".yaml"), """
                task: tagging
                seed: 5
                data:
                  train: %s
                  valid: %s
                  minCount: 1
                model:
                  layers: [8]
                  embedding: 8
                %s""".formatted(data, data, train));
    }

    private static ComputationGraph model(Path run) {
        return ModelFile.graph(run.resolve(RunDirectory.MODEL), false);
    }

    private static INDArray param(ComputationGraph net, String layer, String name) {
        return net.getLayer(layer).getParam(name);
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    /** ner.bio and two sentences with words (and, optionally, a tag) the golden run never saw. */
    private Path nerWithNewWords(String tag) throws IOException {
        return Files.writeString(dir.resolve("more.bio"), Files.readString(NER) + "\nZelda " + tag
                + "\nvisited O\nQuito B-LOC\n. O\n\nZelda " + tag + "\nleft O\nQuito B-LOC\n. O\n");
    }

    @Test
    void frozenLayersKeepTheInitWeightsAndTheRunRecordsWhereItCameFrom() throws Exception {
        Path run = dir.resolve("run");
        CliTest.Result r = seq4j("train", config(NER, "learningRate: 0.05", "freeze: [encoder]").toString(),
                "--init", INIT.toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("init: " + INIT.toAbsolutePath() + " (valid_accuracy 0.2895, model.zip sha256 "
                + RunDirectory.sha256(INIT.resolve(RunDirectory.MODEL)).substring(0, 12) + "): copied "), r.err());
        assertTrue(r.err().contains("frozen: embed, suffixEmbed, rnn0"), r.err());
        ComputationGraph init = model(INIT);
        ComputationGraph tuned = model(run);
        for (String layer : List.of("embed", "suffixEmbed", "rnn0")) {
            for (String p : init.getLayer(layer).paramTable().keySet()) {
                assertEquals(param(init, layer, p), param(tuned, layer, p), layer + " " + p + " stayed frozen");
            }
        }
        assertNotEquals(param(init, "out", "W"), param(tuned, "out", "W"), "the output layer trained");
        assertEquals(Files.readString(INIT.resolve("words.json")), Files.readString(run.resolve("words.json")),
                "train.initVocab: keep");
        assertEquals(json(INIT.resolve("labels.json")), json(run.resolve("labels.json")));

        JsonNode origin = json(run.resolve(RunDirectory.SUMMARY)).get("init");
        assertEquals(INIT.toAbsolutePath().normalize().toString(), origin.get("run").asText());
        assertEquals(RunDirectory.sha256(INIT.resolve(RunDirectory.MODEL)), origin.get("modelSha256").asText());
        assertEquals(json(INIT.resolve(RunDirectory.SUMMARY)).get("objective"), origin.get("objective"));
        assertEquals(origin, json(run.resolve(RunDirectory.VERSIONS)).get("init"));
        // a finished fine-tuned run is a run like any other: eval and tag read it
        assertEquals(0, seq4j("eval", run.toString(), "--data", NER.toString()).code());
    }

    @Test
    void withoutFreezingEveryLayerStartsFromTheInitWeights() throws Exception {
        Path run = dir.resolve("run");
        CliTest.Result r = seq4j("train", config(NER, "learningRate: " + STILL).toString(), "--init",
                INIT.toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        ComputationGraph init = model(INIT);
        ComputationGraph tuned = model(run);
        assertTrue(init.params().equalsWithEps(tuned.params(), 1e-6), "every weight copied");
        assertTrue(init.params().sub(tuned.params()).amaxNumber().doubleValue() > 0, "and trained");
    }

    @Test
    void extendAppendsNewWordsWithFreshRowsAndKeepsTheOldOnes() throws Exception {
        Path data = nerWithNewWords("B-PER");
        Path run = dir.resolve("run");
        CliTest.Result r = seq4j("train", config(data, "learningRate: " + STILL, "initVocab: extend").toString(),
                "--init", INIT.toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("extended (the init run's rows copied, new ones fresh): embed, suffixEmbed"), r.err());
        List<String> before = strings(json(INIT.resolve("words.json")).get("tokens"));
        List<String> after = strings(json(run.resolve("words.json")).get("tokens"));
        assertEquals(before, after.subList(0, before.size()), "every old word keeps its id");
        assertEquals(List.of("quito", "zelda"), after.subList(before.size(), after.size()), "new words at the end");
        INDArray old = param(model(INIT), "embed", "W");
        INDArray now = param(model(run), "embed", "W");
        assertEquals(after.size(), now.rows());
        INDArray copied = now.get(NDArrayIndex.interval(0, before.size()), NDArrayIndex.all());
        assertTrue(old.equalsWithEps(copied, 1e-6), "the init run's rows");
        assertTrue(old.getRow(0).equalsWithEps(now.getRow(before.size()), 1e-6), "a new word starts as <unk> did");

        // keep: the same data, the init run's vocabulary; the new words are unknown words
        Path kept = dir.resolve("kept");
        assertEquals(0, seq4j("train", config(data, "initVocab: keep").toString(), "--init", INIT.toString(), "--out",
                kept.toString()).code());
        assertEquals(before, strings(json(kept.resolve("words.json")).get("tokens")));
    }

    @Test
    void anotherTagSetReplacesOnlyTheOutputLayer() throws Exception {
        Path data = nerWithNewWords("B-MISC");
        Path run = dir.resolve("run");
        CliTest.Result r = seq4j("train", config(data, "learningRate: " + STILL, "initVocab: keep").toString(),
                "--init", INIT.toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("fresh: out (the training data's tags are not all among the init run's)"), r.err());
        assertTrue(strings(json(run.resolve("labels.json"))).contains("B-MISC"));
        ComputationGraph init = model(INIT);
        ComputationGraph tuned = model(run);
        assertTrue(param(init, "rnn0", "W").equalsWithEps(param(tuned, "rnn0", "W"), 1e-6));
        assertEquals(8, param(tuned, "out", "W").columns());
        // freezing a layer that starts fresh would keep it random
        String error = seq4j("train", config(data, "freeze: [out]", "initVocab: keep").toString(), "--init", INIT.toString(), "--out",
                dir.resolve("frozen-out").toString()).oneLineError();
        assertTrue(error.contains("'train.freeze': layer 'out' starts fresh"), error);
        assertFalse(Files.exists(dir.resolve("frozen-out")));
    }

    @Test
    void whatCannotBeFineTunedIsOneLineAndWritesNothing() throws Exception {
        Path out = dir.resolve("out");
        List<String[]> cases = new ArrayList<>();
        Path plain = config(NER);
        cases.add(new String[]{"is a run of task 'charlm', this config's task is 'tagging'", "train", plain.toString(),
                "--init", CHARLM.toString()});
        cases.add(new String[]{"not a seq4j run directory (no config.yaml and model.zip)", "train", plain.toString(),
                "--init", dir.toString()});
        cases.add(new String[]{"not a directory", "train", plain.toString(), "--init", dir.resolve("none").toString()});
        cases.add(new String[]{"differs: it has layer 'rnn0' parameter W [33, 32], this config's network [33, 64]",
                "train", plain.toString(), "--init", INIT.toString(), "--set", "model.layers=[16]"});
        cases.add(new String[]{"no layer 'decoder' in this network; its layers: embed, out, rnn0, suffixEmbed (or encoder)",
                "train", plain.toString(), "--init", INIT.toString(), "--set", "train.freeze=[decoder]"});
        cases.add(new String[]{"'train.freeze': freezes weights copied from another run; set train.init too",
                "train", plain.toString(), "--set", "train.freeze=[encoder]"});
        cases.add(new String[]{"--init starts a new run", "train", "--resume", INIT.toString(), "--init",
                INIT.toString()});
        // by default a word frequent enough for the new data's own vocabulary but not in the init run's is refused
        Path more = nerWithNewWords("B-PER");
        cases.add(new String[]{"'train.initVocab': data.train: " + more + " line 47: 'zelda' is not in the init run's "
                + "vocabulary (nor are 1 more tokens frequent enough for this data's own); set train.initVocab to extend "
                + "(new rows for them) or keep (read as unknown)", "train", config(more).toString(), "--init",
                INIT.toString()});
        Path grown = config(more, "initVocab: extend", "freeze: [embed]");
        cases.add(new String[]{"layer 'embed' has rows for tokens the init run's vocabulary lacks", "train",
                grown.toString(), "--init", INIT.toString()});
        for (String[] c : cases) {
            String[] args = new String[c.length - 1 + 2];
            System.arraycopy(c, 1, args, 0, c.length - 1);
            args[args.length - 2] = "--out";
            args[args.length - 1] = out.toString();
            if (c[2].equals("--resume")) {
                args = java.util.Arrays.copyOf(args, args.length - 2);
            }
            String error = seq4j(args).oneLineError();
            assertTrue(error.contains(c[0]), c[0] + " in: " + error);
            assertFalse(Files.exists(out), error);
        }
    }

    @Test
    void aSweepFineTunesEveryTrialFromTheSameRun() throws Exception {
        Path sweep = Files.writeString(dir.resolve("sweep.yaml"), """
                base: %s
                set: {train.init: %s}
                space:
                  train.learningRate: [0.001, 0.01]
                """.formatted(config(NER), INIT.toAbsolutePath()));
        Path out = dir.resolve("sweep");
        CliTest.Result r = seq4j("sweep", sweep.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String sha = RunDirectory.sha256(INIT.resolve(RunDirectory.MODEL));
        for (String trial : List.of("001", "002")) {
            JsonNode origin = json(out.resolve("trials").resolve(trial).resolve(RunDirectory.SUMMARY)).get("init");
            assertEquals(sha, origin.get("modelSha256").asText(), trial);
        }
        // and a sweep directory can be an init run: its best trial
        Path run = dir.resolve("from-sweep");
        r = seq4j("train", config(NER).toString(), "--init", out.toString(), "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(json(run.resolve(RunDirectory.SUMMARY)).get("init").get("run").asText()
                .startsWith(out.toAbsolutePath().resolve("trials").toString()), r.err());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
