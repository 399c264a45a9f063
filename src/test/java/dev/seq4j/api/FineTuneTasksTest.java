package dev.seq4j.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.run.ModelFile;
import dev.seq4j.run.RunDirectory;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train --init} for every task (issue 29), from {@link TinyRuns}: each fine-tunes its tiny run on the same data
 * with the encoder frozen, keeps those weights exactly, trains the rest, and records where it came from; a char LM
 * extends its vocabulary with new characters.
 */
class FineTuneTasksTest {
    @TempDir
    Path dir;

    private static String[] train(String... args) {
        StringWriter err = new StringWriter();
        int code = dev.seq4j.cli.Seq4j.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), args);
        assertEquals(0, code, String.join(" ", args) + "\n" + err);
        return err.toString().lines().toArray(String[]::new);
    }

    private static ComputationGraph model(Path run) {
        return ModelFile.graph(run.resolve(RunDirectory.MODEL), false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"charlm", "textclass", "seriesclass", "tagging", "forecast", "seq2seq", "caption"})
    void everyTaskFineTunesWithItsEncoderFrozen(String task) throws Exception {
        Path init = TinyRuns.run(task);
        Path run = dir.resolve(task);
        String[] lines = train("train", init.resolve(RunDirectory.CONFIG).toString(), "--init", init.toString(),
                "--set", "train.freeze=[encoder]", "--set", "train.epochs=1", "--set", "train.learningRate=0.05",
                "--out", run.toString());
        String said = String.join("\n", lines);
        assertTrue(said.contains("init: " + init.toAbsolutePath().normalize() + " ("), said);
        ComputationGraph before = model(init);
        ComputationGraph after = model(run);
        List<String> frozen = new ArrayList<>();
        List<String> trained = new ArrayList<>();
        for (Layer layer : after.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (layer.numParams() == 0) {
                continue;
            }
            boolean same = before.getLayer(name).params().equals(layer.params())
                    && before.getLayer(name).params().sub(layer.params()).amaxNumber().doubleValue() == 0;
            (same ? frozen : trained).add(name);
        }
        String frozenLine = said.lines().filter(l -> l.startsWith("init: ")).findFirst().orElseThrow();
        for (String name : frozen) {
            assertTrue(frozenLine.contains(name), task + ": " + name + " unchanged but not frozen: " + frozenLine);
        }
        assertTrue(!frozen.isEmpty() && !trained.isEmpty(), task + ": frozen " + frozen + ", trained " + trained);
        assertTrue(trained.contains("out"), task + ": the output layer trains: " + trained);
        for (String name : trained) {
            assertTrue(!frozenLine.matches(".*frozen: .*\\b" + name + "\\b.*"), task + ": " + name + " was frozen "
                    + "but changed: " + frozenLine);
        }
        JsonNode origin = new ObjectMapper().readTree(run.resolve(RunDirectory.SUMMARY).toFile()).get("init");
        assertEquals(init.toAbsolutePath().normalize().toString(), origin.get("run").asText(), task);
        assertEquals(RunDirectory.sha256(init.resolve(RunDirectory.MODEL)), origin.get("modelSha256").asText(), task);
        // the typed API says so too, and a run trained from scratch has no origin
        dev.seq4j.result.Origin typed = Seq4j.load(run).origin().orElseThrow();
        assertEquals(origin.get("run").asText(), typed.run());
        assertEquals(origin.get("objective").get("value").asDouble(), typed.objective().value());
        assertTrue(Seq4j.load(init).origin().isEmpty(), task);
    }

    @Test
    void aCharLmExtendsItsVocabularyWithNewCharacters() throws Exception {
        Path init = TinyRuns.run("charlm");
        Path text = Files.writeString(dir.resolve("more.txt"), Files.readString(TinyRuns.data("charlm"))
                + "Ærø æbleø. ".repeat(20));
        Path config = Files.writeString(dir.resolve("config.yaml"), Files.readString(init.resolve(RunDirectory.CONFIG))
                .replace(TinyRuns.data("charlm").toString(), text.toString()));
        String refused = refusal(config, init);
        assertTrue(refused.contains("config key 'train.initVocab': data.train: " + text + " line "), refused);
        Path run = dir.resolve("run");
        train("train", config.toString(), "--init", init.toString(), "--set", "train.initVocab=extend", "--set",
                "train.learningRate=1e-9", "--out", run.toString());
        JsonNode before = new ObjectMapper().readTree(init.resolve("vocab.json").toFile()).get("symbols");
        JsonNode after = new ObjectMapper().readTree(run.resolve("vocab.json").toFile()).get("symbols");
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i), after.get(i), "symbol " + i);
        }
        assertEquals(List.of("ø", "Æ", "æ"), // by count, then code point
                List.of(after.get(before.size()).asText(),
                after.get(before.size() + 1).asText(), after.get(before.size() + 2).asText()));
        int v = before.size();
        INDArray inW = model(init).getLayer("rnn0").getParam("W");
        INDArray inW2 = model(run).getLayer("rnn0").getParam("W");
        assertTrue(inW.equalsWithEps(inW2.get(NDArrayIndex.interval(0, v), NDArrayIndex.all()), 1e-6), "input rows");
        INDArray outW = model(init).getLayer("out").getParam("W");
        INDArray outW2 = model(run).getLayer("out").getParam("W");
        assertEquals(after.size(), outW2.columns());
        assertTrue(outW.equalsWithEps(outW2.get(NDArrayIndex.all(), NDArrayIndex.interval(0, v)), 1e-6), "output columns");
    }

    private static String refusal(Path config, Path init) {
        StringWriter err = new StringWriter();
        int code = dev.seq4j.cli.Seq4j.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "train",
                config.toString(), "--init", init.toString(), "--out", init.resolveSibling("never").toString());
        assertEquals(2, code, err.toString());
        assertTrue(!Files.exists(init.resolveSibling("never")));
        return err.toString().strip();
    }
}
