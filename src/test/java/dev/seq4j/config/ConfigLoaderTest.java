package dev.seq4j.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seq4j.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static final String MINIMAL = "task: charlm\nseed: 7\ndata:\n  train: corpus.txt\n";

    @Test
    void defaultsAreFilledInAndRoundTripThroughYaml() throws Exception {
        RunConfig config = ConfigLoader.load(write(MINIMAL), List.of());
        assertEquals(7, config.seed());
        assertEquals("0.1", config.data().valid());
        assertEquals(List.of(128, 128), config.model().layers());
        assertEquals(32, config.train().batchSize());
        String yaml = ConfigLoader.toYaml(config);
        assertEquals(config, ConfigLoader.fromYaml(yaml));
        assertTrue(yaml.contains("sequenceLength: 100"), yaml);
    }

    /**
     * Closed sets of options are enums: read in any case with blanks around, written back in lower case, and an unknown
     * value is refused under its full key, also where one enum serves two keys (seq2seq's source and target tokens).
     */
    @Test
    void optionValuesAreEnumsReadAsTodaysYamlWritesThem() throws Exception {
        String yaml = """
                task: seq2seq
                seed: 1
                data:
                  train: pairs.tsv
                  sourceTokens: ' CHAR '
                  targetTokens: word
                model:
                  cell: GRU
                  attention: dot
                  bidirectional: concat
                train:
                  lrSchedule: Step
                """;
        RunConfig config = ConfigLoader.load(write(yaml), List.of());
        PairsDataSpec data = (PairsDataSpec) config.data();
        assertEquals(Tokens.CHAR, data.sourceTokens());
        assertEquals(Tokens.WORD, data.targetTokens());
        assertEquals(ModelSpec.Cell.GRU, config.model().cell());
        assertEquals(ModelSpec.Attention.DOT, config.model().attention());
        assertEquals(ModelSpec.Direction.CONCAT, config.model().bidirectional());
        assertEquals(TrainSpec.LrSchedule.STEP, config.train().lrSchedule());
        assertEquals(ModelSpec.Pooling.LAST, config.model().pooling()); // the default
        String written = ConfigLoader.toYaml(config);
        assertTrue(written.contains("sourceTokens: \"char\"") || written.contains("sourceTokens: char"), written);
        assertTrue(written.contains("cell: \"gru\"") || written.contains("cell: gru"), written);
        assertEquals(config, ConfigLoader.fromYaml(written));

        assertEquals("config key 'data.targetTokens': must be one of [word, char], got 'bytes'",
                assertThrows(ConfigException.class, () -> ConfigLoader.load(write(yaml.replace("targetTokens: word",
                        "targetTokens: Bytes")), List.of())).getMessage());
        assertEquals("config key 'model.cell': unknown cell 'lstm2', expected one of [lstm, peephole_lstm, gru, simple_rnn]",
                assertThrows(ConfigException.class, () -> ConfigLoader.load(write(yaml), List.of("model.cell=lstm2")))
                        .getMessage());
        assertEquals("config key 'train.onDivergence': unknown policy 'retry', expected one of [stop, rollback]",
                assertThrows(ConfigException.class, () -> ConfigLoader.load(write(yaml), List.of("train.onDivergence=retry")))
                        .getMessage());
        assertEquals("config key 'model.attention': is for encoder-decoders (seq2seq); use none",
                assertThrows(ConfigException.class, () -> ConfigLoader.load(write(MINIMAL), List.of("model.attention=dot")))
                        .getMessage());
    }

    @Test
    void autoForecastersDefaultToAnEnsembleOfThreeAndSaveIt() throws Exception {
        String forecast = "task: forecast\nseed: 1\ndata: {train: s.csv, horizon: 6}\n";
        assertEquals(1, ConfigLoader.load(write(forecast), List.of()).model().ensemble());
        RunConfig auto = ConfigLoader.load(write(forecast), List.of("model.forecaster=auto"));
        assertEquals(ModelSpec.AUTO_ENSEMBLE, auto.model().ensemble());
        assertEquals(3, ConfigLoader.fromYaml(ConfigLoader.toYaml(auto)).model().ensemble());
        assertEquals(1, ConfigLoader.load(write(forecast), List.of("model.forecaster=auto", "model.ensemble=1"))
                .model().ensemble());
        // a run saved before the default (its config says ensemble: 1) loads as it was trained
        assertEquals(1, ConfigLoader.fromYaml(ConfigLoader.toYaml(auto).replace("ensemble: 3", "ensemble: 1"))
                .model().ensemble());
    }

        @Test
    void jsonConfigsAreAccepted() throws Exception {
        RunConfig config = ConfigLoader.load(write(
                "{\"task\": \"charlm\", \"seed\": 1, \"data\": {\"train\": \"a.txt\", \"valid\": \"b.txt\"},"
                        + " \"model\": {\"layers\": [16]}}"), List.of());
        assertEquals("b.txt", config.data().valid());
        assertEquals(List.of(16), config.model().layers());
    }

    @Test
    void overridesSetNestedValuesWithYamlTypes() throws Exception {
        RunConfig config = ConfigLoader.load(write(MINIMAL),
                List.of("train.epochs=3", "model.layers=[64, 128, 256]", "train.learningRate=1e-2", "seed=9",
                        "model.cell=peephole_lstm"));
        assertEquals(3, config.train().epochs());
        assertEquals(List.of(64, 128, 256), config.model().layers());
        assertEquals(0.01, config.train().learningRate());
        assertEquals(9, config.seed());
        assertEquals("peephole_lstm", config.model().cell().id());
    }

    @Test
    void unknownKeysAreNamed() throws Exception {
        Path file = write(MINIMAL + "model:\n  celll: lstm\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
        assertEquals("model.celll", e.key());
        assertTrue(e.getMessage().contains("cell"), e.getMessage());
        assertEquals("trian", assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write(MINIMAL), List.of("trian.epochs=3"))).key());
        assertEquals("train.epoch", assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write(MINIMAL), List.of("train.epoch=3"))).key());
    }

    @Test
    void wrongTypesAreNamed() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write(MINIMAL), List.of("train.batchSize=abc")));
        assertEquals("train.batchSize", e.key());
        assertTrue(e.getMessage().contains("integer"), e.getMessage());
        assertEquals("train.epochs", assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write(MINIMAL), List.of("train.epochs=2.5"))).key());
        assertEquals("model.layers[1]", assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write(MINIMAL), List.of("model.layers=[1, x]"))).key());
        assertEquals("seed", assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write(MINIMAL), List.of("seed=abc"))).key());
    }

    @Test
    void outOfRangeValuesAreNamed() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write(MINIMAL), List.of("train.batchSize=-4")));
        assertEquals("train.batchSize", e.key());
        assertEquals("config key 'train.batchSize': must be at least 1, got -4", e.getMessage());
        assertEquals("data.valid", assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write(MINIMAL), List.of("data.valid=0.9"))).key());
        assertEquals("model.dropout", assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write(MINIMAL), List.of("model.dropout=1.0"))).key());
        assertEquals("train.lrSchedule", assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write(MINIMAL), List.of("train.lrSchedule=linear"))).key());
        assertEquals("train.ema", assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write(MINIMAL), List.of("train.ema=1"))).key());
        assertEquals("train.labelSmoothing", assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write(MINIMAL), List.of("train.labelSmoothing=-0.1"))).key());
        ConfigException notForThisTask = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write(MINIMAL), List.of("train.labelSmoothing=0.1")));
        assertEquals("train.labelSmoothing", notForThisTask.key());
        assertTrue(notForThisTask.getMessage().contains("encoder-decoders"), notForThisTask.getMessage());
        // 1e999 parses as infinity, which every range check of the form "x >= 0" would let through
        assertEquals("config key 'train.l2': must be a finite number, got Infinity", assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write(MINIMAL), List.of("train.l2=1e999"))).getMessage());
        assertEquals("train.epochs", assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write(MINIMAL), List.of("train.epochs=99999999999"))).key());
    }

    @Test
    void requiredKeysAndUnknownCellsAreReported() throws Exception {
        assertEquals("seed", assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write("task: charlm\ndata:\n  train: a.txt\n"), List.of())).key());
        assertEquals("task", assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write("seed: 1\n"), List.of())).key());
        assertEquals("task", assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write(MINIMAL), List.of("task=translate"))).key());
        assertEquals("data.train", assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write("task: charlm\nseed: 1\n"), List.of())).key());
        ConfigException cell = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(write(MINIMAL), List.of("model.cell=transformer")));
        assertEquals("config key 'model.cell': unknown cell 'transformer', expected one of "
                + "[lstm, peephole_lstm, gru, simple_rnn]", cell.getMessage());
    }

    @Test
    void unreadableFilesAreUserErrors() throws Exception {
        assertTrue(assertThrows(UserException.class, () -> ConfigLoader.load(dir.resolve("missing.yaml"), List.of()))
                .getMessage().contains("not found"));
        assertTrue(assertThrows(UserException.class, () -> ConfigLoader.load(write(""), List.of()))
                .getMessage().contains("empty"));
        String syntax = assertThrows(UserException.class, () -> ConfigLoader.load(write("task: [unclosed"), List.of()))
                .getMessage();
        assertTrue(syntax.contains("at line 1"), syntax);
        assertEquals(1, syntax.lines().count(), syntax);
        Path latin1 = Files.write(dir.resolve("l.yaml"), "# r\u00e9sum\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(latin1 + ": config file is not UTF-8 text (invalid byte 0xE9 on line 1, offset 3); save it as UTF-8",
                assertThrows(UserException.class, () -> ConfigLoader.load(latin1, List.of())).getMessage());
        assertEquals(dir + ": is a directory; give a config file (YAML or JSON)",
                assertThrows(UserException.class, () -> ConfigLoader.load(dir, List.of())).getMessage());
        assertThrows(UserException.class, () -> ConfigLoader.load(write(MINIMAL), List.of("no-equals-sign")));
    }

    @Test
    void overrideIntoAScalarIsRefused() {
        ObjectNode root = (ObjectNode) ConfigLoader.YAML.valueToTree(java.util.Map.of("seed", 1));
        assertEquals("seed", assertThrows(ConfigException.class,
                () -> ConfigLoader.applyOverride(root, "seed.x=1")).key());
    }

    @Test
    void aKeyGivenTwiceInOneMappingIsNamedWithBothLines() throws Exception {
        // a repeated section replaced the earlier one silently (Jackson's tree keeps the last)
        Path twice = write(MINIMAL + "model:\n  layers: [8]\ndata:\n  sequenceLength: 10\n");
        assertEquals(twice + ": key 'data' is given twice, on line 3 and line 7; keep one (a repeated key or section "
                + "would replace the earlier one)", assertThrows(UserException.class, () -> ConfigLoader.load(twice,
                List.of())).getMessage());
        // at depth, inside a list, in JSON flow style, after a byte-order mark (lines count from the first)
        Path deep = write("\uFEFFspace:\n  runs:\n    - {a: 1, b: 2}\n    - {a: 1,\n       a: 3}\n");
        assertEquals(deep + ": key 'space.runs[1].a' is given twice, on line 4 and line 5; keep one (a repeated key or "
                + "section would replace the earlier one)", assertThrows(UserException.class,
                () -> ConfigLoader.readTree(deep, "sweep")).getMessage());
        // the same name in different mappings is no repetition
        assertEquals(7, ConfigLoader.load(write(MINIMAL + "train:\n  epochs: 2\nmodel:\n  dropout: 0.1\n"),
                List.of()).seed());
    }

    @Test
    void aKeySetTwiceOnTheCommandLineIsAnError() throws Exception {
        Path file = write(MINIMAL);
        List<String> overrides = List.of("train.epochs=2", "model.dropout=0.1", "train.epochs=3");
        assertEquals("--set train.epochs is given twice (train.epochs=2, then train.epochs=3); give it once",
                assertThrows(UserException.class, () -> ConfigLoader.checkOverrides(overrides)).getMessage());
        // in code, a later override replaces an earlier one (the notebooks' smoke mode relies on it)
        assertEquals(3, ConfigLoader.load(file, overrides).train().epochs());
    }

    @Test
    void dataMaxFileMbDefaultsAndIsChecked() throws Exception {
        Path file = write(MINIMAL);
        assertEquals(256, ConfigLoader.load(file, List.of()).data().maxFileMB());
        assertEquals(256L << 20, ConfigLoader.load(file, List.of()).data().fileLimit().bytes());
        assertEquals(2047, ConfigLoader.load(file, List.of("data.maxFileMB=2047")).data().maxFileMB());
        assertEquals("config key 'data.maxFileMB': must be in 1..2047 (MiB per input file), got 2048",
                assertThrows(UserException.class, () -> ConfigLoader.load(file, List.of("data.maxFileMB=2048")))
                        .getMessage());
    }
}
