package dev.seq4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seq4j.TinyText;
import dev.seq4j.data.synthetic.Shapes;
import dev.seq4j.data.synthetic.SyntheticControl;
import dev.seq4j.data.synthetic.SyntheticPairs;
import dev.seq4j.run.ModelFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.seq4j.cli.HostileCraft.RawEntry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile-run-directory corpus (every case is listed in {@code src/test/resources/hostile-run/README.md}): crafted
 * copies of real run directories of every task, each given to the real command line ({@link Seq4j#main}) in a child
 * JVM, two at a time, with {@code HOME}, {@code user.home}, the working directory and {@code java.io.tmpdir} pointed
 * at empty directories of its own. Every case must
 * <ul>
 * <li>exit 2 with one line {@code seq4j: error: ...} naming the crafted file (and print nothing on standard output);</li>
 * <li>create, change or remove no file: neither in those directories nor in the run (resume cases included: the
 * checkpoints are read before anything is written), nor leave a crash log;</li>
 * <li>initialise or construct no class outside the allowlist: the cases that name a class name {@code gadget.Marker}
 * (or another class of {@code gadget}, or one under {@code dev.seq4j.} that is no DL4J type), whose static initialiser
 * and constructor write a marker file into a directory of their own, which must stay empty;</li>
 * <li>stay under 1.5 GB resident at its peak ({@code VmHWM} of {@code /proc/PID/status}, read by the child as it
 * exits and polled by this test while it runs).</li>
 * </ul>
 * The peaks are printed and written to {@code target/hostile-run-peaks.tsv}.
 */
class HostileRunTest {
    static final long MAX_PEAK_KB = 1536L * 1024;
    static final int PARALLEL = 2;
    static final long TIMEOUT_SECONDS = 120;
    static final String MARKER = "gadget.Marker";
    @TempDir
    static Path dir;
    static final Map<String, Path> RUNS = new HashMap<>();
    static final Map<String, Path> DATA = new HashMap<>();
    static Path sweepFile;
    /** Longest error line a case may print, its own directory's path (which may be long) counted as four characters. */
    static final int MAX_LINE = 600;

    /** A case: a copy of the {@code task}'s run, crafted, then the command line of {@code args}. */
    record Case(String name, String task, Craft craft, Args args, List<String> expected) {
    }

    /** Crafts the copy {@code run} of a run directory; {@code root} is the case's own directory around it. */
    @FunctionalInterface
    interface Craft {
        void apply(Path run, Path root) throws Exception;
    }

    /** The command line of a case. */
    @FunctionalInterface
    interface Args {
        List<String> of(Path run, Path root);
    }

    /** What a child did. */
    record Outcome(Case c, int code, String out, String err, long peakKb, List<String> failures) {
    }

    @BeforeAll
    static void trainOneTinyRunPerTask() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux's /proc for VmHWM");
        Path text = Files.writeString(dir.resolve("text.txt"), TinyText.pangram(20));
        DATA.put("charlm", text);
        train("charlm", """
                task: charlm
                seed: 1
                data: {train: %s, sequenceLength: 20}
                model: {layers: [8]}
                train: {epochs: 1, maxBatches: 2, sampleLength: 0}
                """.formatted(text));
        // a run to resume: two epochs with a weight average (average.bin), summary.json removed below
        train("resume", """
                task: charlm
                seed: 2
                data: {train: %s, sequenceLength: 20}
                model: {layers: [8]}
                train: {epochs: 2, maxBatches: 2, sampleLength: 0, ema: 0.9}
                """.formatted(text));
        Files.delete(RUNS.get("resume").resolve("summary.json"));

        StringBuilder labelled = new StringBuilder("label\ttext\n");
        for (int i = 0; i < 24; i++) {
            labelled.append(i % 2 == 0 ? "pos\tthe food was good\n" : "neg\tthe food was bad\n");
        }
        Path tsv = Files.writeString(dir.resolve("text.tsv"), labelled.toString());
        DATA.put("textclass", tsv);
        train("textclass", """
                task: textclass
                seed: 1
                data: {train: %s, valid: 0.25}
                model: {layers: [8], embedding: 4}
                train: {epochs: 1}
                """.formatted(tsv));

        Path series = dir.resolve("series.csv");
        SyntheticControl.writeLong(SyntheticControl.generate(2, 12, 1), series);
        DATA.put("seriesclass", series);
        train("seriesclass", """
                task: seriesclass
                seed: 1
                data: {train: %s, valid: 0.25}
                model: {layers: [8]}
                train: {epochs: 1}
                """.formatted(series));

        Path ner = Path.of("src/test/resources/tagging/ner.bio").toAbsolutePath();
        DATA.put("tagging", ner);
        train("tagging", """
                task: tagging
                seed: 1
                data: {train: %s, valid: %s, minCount: 1}
                model: {layers: [8], embedding: 8}
                train: {epochs: 1}
                """.formatted(ner, ner));

        Path pairs = dir.resolve("pairs.tsv");
        SyntheticPairs.write(SyntheticPairs.generate("dates", 40, 3), pairs);
        DATA.put("seq2seq", pairs);
        train("seq2seq", """
                task: seq2seq
                seed: 1
                data: {train: %s, valid: 0.25, sourceTokens: char, targetTokens: char}
                model: {layers: [8], embedding: 4}
                train: {epochs: 1, maxBatches: 2}
                """.formatted(pairs));

        // an ensemble of two to resume (its second member in members/2), summary.json removed below
        train("ensemble", """
                task: seq2seq
                seed: 1
                data: {train: %s, valid: 0.25, sourceTokens: char, targetTokens: char}
                model: {layers: [8], embedding: 4, ensemble: 2}
                train: {epochs: 1, maxBatches: 2}
                """.formatted(pairs));
        Files.delete(RUNS.get("ensemble").resolve("summary.json"));

        // a finished sweep of one trial, to resume: seq4j sweep SWEEP --out (a crafted copy of it)
        sweepFile = Files.writeString(dir.resolve("sweep.yaml"), """
                base:
                  task: charlm
                  seed: 1
                  data: {train: %s, sequenceLength: 20}
                  model: {layers: [8]}
                  train: {epochs: 1, maxBatches: 2, sampleLength: 0}
                space:
                  train.learningRate: [0.01]
                """.formatted(text));
        Path sweep = dir.resolve("runs").resolve("sweep");
        CliTest.Result swept = CliTest.seq4j("sweep", sweepFile.toString(), "--out", sweep.toString());
        assertEquals(0, swept.code(), "sweep: " + swept.err());
        RUNS.put("sweep", sweep);

        Path captions = dir.resolve("captions.tsv");
        Shapes.write(Shapes.generate(24, 1, 1), dir.resolve("images"), "img", captions);
        DATA.put("caption", captions);
        train("caption", """
                task: caption
                seed: 1
                data: {train: %s, valid: 0.25}
                model: {layers: [8], embedding: 4, decoder: 8}
                train: {epochs: 1, maxBatches: 2}
                """.formatted(captions));

        Path monthly = Files.writeString(dir.resolve("monthly.csv"), ForecastCliTest.monthly(60));
        DATA.put("forecast", monthly);
        train("forecast", """
                task: forecast
                seed: 1
                data: {train: %s, timeColumn: month, inputLength: 12, horizon: 3, origins: 2}
                model: {layers: [4]}
                train: {epochs: 1}
                """.formatted(monthly));
    }

    private static void train(String name, String yaml) throws IOException {
        Path config = Files.writeString(dir.resolve(name + ".yaml"), yaml);
        Path run = dir.resolve("runs").resolve(name);
        CliTest.Result r = CliTest.seq4j("train", config.toString(), "--out", run.toString());
        assertEquals(0, r.code(), name + ": " + r.err());
        RUNS.put(name, run);
    }

    // ---- the corpus -----------------------------------------------------------------------------------------------

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        String softmax = "\"@class\" : \"org.nd4j.linalg.activations.impl.ActivationSoftmax\"";
        // class names in configuration.json (DL4J would initialise a named class before its subtype check)
        c.add(eval("class-duplicate-key", "charlm", (run, root) -> HostileCraft.editText(model(run), CONFIGURATION,
                t -> t.replaceFirst(softmax, "\"@class\" : \"" + MARKER + "\", " + softmax)),
                "model.zip", "Duplicate field '@class'"));
        c.add(eval("class-duplicate-key-deep", "charlm", (run, root) -> HostileCraft.editText(model(run), CONFIGURATION,
                t -> t.replaceFirst("\"nout\" : ", "\"nout\" : 3, \"nout\" : ")), "model.zip", "Duplicate field 'nout'"));
        c.add(eval("class-plain-gadget", "charlm", (run, root) -> HostileCraft.editText(model(run), CONFIGURATION,
                t -> t.replace(softmax, "\"@class\" : \"" + MARKER + "\"")), "model.zip", "names class 'gadget.Marker'"));
        c.add(eval("class-gadget-subtype", "charlm", (run, root) -> HostileCraft.editText(model(run), CONFIGURATION,
                t -> t.replace(softmax, "\"@class\" : \"gadget.MarkerActivation\"")), "model.zip",
                "names class 'gadget.MarkerActivation'"));
        c.add(eval("class-jdk-gadget", "charlm", (run, root) -> HostileCraft.editText(model(run), CONFIGURATION,
                t -> t.replace(softmax, "\"@class\" : \"java.util.logging.FileHandler\"")), "model.zip",
                "names class 'java.util.logging.FileHandler'"));
        c.add(eval("class-unicode-escaped", "charlm", (run, root) -> HostileCraft.editText(model(run), CONFIGURATION,
                t -> t.replace(softmax, "\"\\u0040class\" : \"" + MARKER + "\"")), "model.zip",
                "names class 'gadget.Marker'"));
        c.add(eval("class-key-in-upper-case", "charlm", (run, root) -> HostileCraft.editText(model(run), CONFIGURATION,
                t -> t.replace(softmax, softmax + ", \"@CLASS\" : \"" + MARKER + "\"")), "model.zip",
                "names class 'gadget.Marker'"));
        c.add(eval("class-array-form", "charlm", (run, root) -> HostileCraft.editConfiguration(model(run),
                tree -> HostileCraft.find(tree, "layerName", "out").putArray("activationFn").add(MARKER).addObject()),
                "model.zip", "array form ['gadget.Marker'"));
        c.add(eval("class-array-form-allowed-name", "charlm", (run, root) -> HostileCraft.editConfiguration(model(run),
                tree -> HostileCraft.find(tree, "layerName", "out").putArray("activationFn")
                        .add("org.nd4j.linalg.activations.impl.ActivationTanH").addObject()),
                "model.zip", "array form"));
        c.add(eval("class-generic-parameter", "charlm", (run, root) -> HostileCraft.editText(model(run), CONFIGURATION,
                t -> t.replace(softmax, "\"@class\" : \"org.nd4j.linalg.activations.impl.ActivationSoftmax<"
                        + MARKER + ">\"")), "model.zip", "ActivationSoftmax<gadget.Marker>"));
        c.add(eval("class-array-type-name", "charlm", (run, root) -> HostileCraft.editText(model(run), CONFIGURATION,
                t -> t.replace(softmax, "\"@class\" : \"[L" + MARKER + ";\"")), "model.zip", "[Lgadget.Marker;"));
        c.add(eval("class-distribution-type", "charlm", (run, root) -> HostileCraft.editConfiguration(model(run),
                tree -> HostileCraft.find(tree, "layerName", "out").putObject("weightInitFn")
                        .put("@class", "org.deeplearning4j.nn.weights.WeightInitDistribution")
                        .putObject("distribution").put("type", MARKER)),
                "model.zip", "names class 'gadget.Marker'"));
        c.add(eval("class-shaded-library", "charlm", (run, root) -> HostileCraft.editText(model(run), CONFIGURATION,
                t -> t.replace(softmax, "\"@class\" : \"org.nd4j.shade.jackson.databind.node.ObjectNode\"")),
                "model.zip", "org.nd4j.shade.jackson.databind.node.ObjectNode"));
        c.add(eval("class-allowed-name-not-a-subtype", "charlm", (run, root) -> HostileCraft.editText(model(run),
                CONFIGURATION, t -> t.replace(softmax, "\"@class\" : \"dev.seq4j.gadget.InsideMarker\"")),
                "model.zip", "dev.seq4j.gadget.InsideMarker"));
        c.add(eval("class-array-form-string-second", "charlm", (run, root) -> HostileCraft.editConfiguration(
                model(run), tree -> HostileCraft.find(tree, "layerName", "out").putArray("activationFn")
                        .add("java.util.logging.FileHandler").add("x")),
                "model.zip", "array form ['java.util.logging.FileHandler'"));
        c.add(eval("class-array-form-three-elements", "charlm", (run, root) -> HostileCraft.editConfiguration(
                model(run), tree -> {
                    var array = HostileCraft.find(tree, "layerName", "out").putArray("activationFn").add(MARKER);
                    array.addObject();
                    array.addObject();
                }), "model.zip", "array form ['gadget.Marker'"));
        c.add(eval("checkpoint-class-gadget", "resume", (run, root) -> HostileCraft.editText(checkpointModel(run),
                CONFIGURATION, t -> t.replace(softmax, "\"@class\" : \"" + MARKER + "\"")), resume(),
                "epoch-0002/model.zip", "names class 'gadget.Marker'"));

        // what DL4J's reader says about a configuration it cannot read: one short, printable line
        c.add(eval("config-value-escape-sequence", "charlm", (run, root) -> HostileCraft.editText(model(run),
                CONFIGURATION, t -> t.replaceFirst("\"optimizationAlgo\"\\s*:\\s*\"[A-Z_]+\"",
                        java.util.regex.Matcher.quoteReplacement(
                                "\"optimizationAlgo\" : \"SGD\\u001b[31mRED\\u001b[0m\""))),
                "model.zip", "is not a network configuration", "SGD?[31mRED?[0m")); // Jackson trims the value's ends
        c.add(eval("config-long-value-dl4j-cannot-read", "charlm", (run, root) -> HostileCraft.editConfiguration(
                model(run), tree -> HostileCraft.find(tree, "layerName", "out").put("nout", "x".repeat(2000))),
                "model.zip", "is not a network configuration", "..."));

        // the series normaliser (ND4J's NormalizerSerializer.restore creates the class a CUSTOM header names)
        c.add(eval("normalizer-custom-gadget", "seriesclass", (run, root) -> normalizer(run,
                HostileCraft.normalizer("CUSTOM", MARKER, new byte[0])), "normalizer.bin", "'CUSTOM'"));
        c.add(eval("normalizer-custom-filehandler", "seriesclass", (run, root) -> normalizer(run,
                HostileCraft.normalizer("CUSTOM", "java.util.logging.FileHandler", new byte[0])),
                "normalizer.bin", "'CUSTOM'"));
        c.add(eval("normalizer-wrong-width", "seriesclass", (run, root) -> normalizer(run,
                HostileCraft.normalizer("STANDARDIZE", null, concat(new byte[]{0},
                        HostileCraft.array("FLOAT", 3, 4, 3), HostileCraft.array("FLOAT", 3, 4, 3)))),
                "normalizer.bin", "holds 3 values where 1 were expected"));
        c.add(eval("normalizer-huge-declared-length", "seriesclass", (run, root) -> normalizer(run,
                HostileCraft.normalizer("STANDARDIZE", null, concat(new byte[]{0},
                        HostileCraft.array("FLOAT", 1L << 40, 4, 0)))), "normalizer.bin", "1099511627776 values"));
        c.add(eval("normalizer-truncated", "seriesclass", (run, root) -> normalizer(run,
                HostileCraft.normalizer("STANDARDIZE", null, new byte[]{0, 0, 16})), "normalizer.bin",
                "truncated or corrupt"));

        // sizes of the files beside the model, checked against its widths before any array is made
        c.add(eval("charlm-vocab-2000001-symbols", "charlm", (run, root) -> sideFile(run, "vocab.json",
                "{\"symbols\":[\"\\ufffd\"" + ",\"x\"".repeat(2_000_000) + "]}"), "vocab.json", "more than",
                "was built for"));
        c.add(eval("charlm-vocab-malformed", "charlm", (run, root) -> sideFile(run, "vocab.json",
                "{\"symbols\": [\"\\ufffd\", \"a\""), "vocab.json", "not valid JSON"));
        c.add(eval("charlm-vocab-two-character-symbol", "charlm", (run, root) -> {
            String vocab = Files.readString(run.resolve("vocab.json"));
            sideFile(run, "vocab.json", vocab.replaceFirst("\"[a-z]\"", "\"ab\""));
        }, "vocab.json", "is not one character"));
        c.add(eval("charlm-vocab-duplicate-key", "charlm", (run, root) -> sideFile(run, "vocab.json",
                "{\"symbols\": [], \"symbols\": [\"\\ufffd\"]}"), "vocab.json", "Duplicate field 'symbols'"));
        c.add(new Case("charlm-generate-vocab-too-large", "charlm", (run, root) -> sideFile(run, "vocab.json",
                "{\"symbols\":[\"\\ufffd\"" + ",\"x\"".repeat(100_000) + "]}"),
                (run, root) -> List.of("generate", run.toString(), "--length", "5"), List.of("vocab.json", "more than")));
        c.add(eval("textclass-vocab-too-large", "textclass", (run, root) -> sideFile(run, "vocab.json",
                "{\"tokens\":[\"<unk>\"" + ",\"w\"".repeat(500_000) + "]}"), "vocab.json", "more than"));
        c.add(eval("textclass-labels-too-many", "textclass", (run, root) -> sideFile(run, "labels.json",
                "[" + String.join(",", Collections.nCopies(1_000_000, "\"x\"")) + "]"), "labels.json", "more than"));
        c.add(new Case("textclass-baseline-of-another-model", "textclass", (run, root) ->
                Files.copy(RUNS.get("charlm").resolve("model.zip"), run.resolve("baseline.zip"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING),
                (run, root) -> List.of("eval", run.toString(), "--data", DATA.get("textclass").toString()),
                List.of("baseline.zip", "a baseline of another kind")));
        c.add(new Case("textclass-predict-labels-malformed", "textclass", (run, root) -> sideFile(run, "labels.json",
                "[\"neg\", 7]"), (run, root) -> List.of("predict", run.toString(), "--data",
                DATA.get("textclass").toString(), "--out", root.resolve("out").resolve("p.tsv").toString()),
                List.of("labels.json", "is not a string")));
        c.add(eval("seriesclass-features-too-many", "seriesclass", (run, root) -> sideFile(run, "features.json",
                "[\"value\", \"other\"]"), "features.json", "more than 1 features"));
        c.add(eval("tagging-words-too-large", "tagging", (run, root) -> sideFile(run, "words.json",
                "{\"tokens\":[\"<unk>\"" + ",\"w\"".repeat(300_000) + "]}"), "words.json", "more than"));
        c.add(eval("tagging-tags-too-few", "tagging", (run, root) -> sideFile(run, "labels.json", "[\"O\"]"),
                "labels.json", "1 labels"));
        c.add(eval("seq2seq-target-vocab-too-large", "seq2seq", (run, root) -> sideFile(run, "target-vocab.json",
                "{\"tokens\":[\"<unk>\",\"<s>\",\"</s>\"" + ",\"t\"".repeat(300_000) + "]}"), "target-vocab.json",
                "more than"));
        c.add(eval("seq2seq-summary-huge-length", "seq2seq", (run, root) -> editSummary(run,
                s -> s.put("maxTargetLength", Integer.MAX_VALUE)), "summary.json", "'maxTargetLength'"));
        c.add(eval("caption-summary-huge-image", "caption", (run, root) -> editSummary(run,
                s -> s.put("width", 60000).put("height", 60000)), "summary.json", "60000x60000"));
        c.add(eval("caption-words-too-large", "caption", (run, root) -> sideFile(run, "target-vocab.json",
                "{\"tokens\":[\"<unk>\",\"<s>\",\"</s>\"" + ",\"t\"".repeat(300_000) + "]}"), "target-vocab.json",
                "more than"));
        c.add(eval("forecast-scaler-wrong-width", "forecast", (run, root) -> sideFile(run, "normalizer.json",
                "{\"mean\": [1, 2, 3], \"std\": [1, 1, 1]}"), "normalizer.json", "holds 3 values where 1"));
        c.add(eval("forecast-summary-negative-season", "forecast", (run, root) -> editSummary(run,
                s -> s.put("season", -5)), "summary.json", "'season'"));

        // zip bombs and crafted arrays
        c.add(eval("zip-coefficients-bomb-2gb", "charlm", (run, root) -> {
            byte[] weights = HostileCraft.entries(model(run)).get(COEFFICIENTS);
            List<RawEntry> entries = HostileCraft.rawEntries(model(run), COEFFICIENTS);
            entries.add(RawEntry.bomb(COEFFICIENTS, weights, 2L << 30));
            HostileCraft.writeRaw(model(run), entries, -1);
        }, "coefficients.bin", "more bytes follow"));
        c.add(eval("zip-coefficients-bomb-fitting-its-configuration", "charlm", (run, root) -> {
            HostileCraft.editConfiguration(model(run), tree -> HostileCraft.find(tree, "layerName", "rnn0")
                    .put("nout", 1L << 13));
            long params = ModelFile.shape(model(run)).params();
            List<RawEntry> entries = HostileCraft.rawEntries(model(run), COEFFICIENTS);
            entries.add(RawEntry.bomb(COEFFICIENTS, HostileCraft.array("FLOAT", params, 4, 0), params * 4));
            HostileCraft.writeRaw(model(run), entries, -1);
        }, "coefficients.bin", "trained weights do not compress like that"));
        c.add(eval("zip-configuration-bomb-3gb", "charlm", (run, root) -> {
            List<RawEntry> entries = HostileCraft.rawEntries(model(run), CONFIGURATION);
            entries.add(0, RawEntry.bomb(CONFIGURATION, "{\"vertices\":".getBytes(StandardCharsets.UTF_8), 3L << 30));
            HostileCraft.writeRaw(model(run), entries, -1);
        }, "configuration.json", "expands to more than"));
        c.add(eval("zip-central-directory-claims-1-5gb", "charlm", (run, root) -> HostileCraft.writeRaw(model(run),
                HostileCraft.rawEntries(model(run), ""), 1_500_000_000L), "model.zip", "1500000000 bytes"));
        c.add(eval("zip-entry-path-traversal", "charlm", (run, root) -> HostileCraft.edit(model(run), e -> {
            e.put("../../home/.bashrc", new byte[]{1});
            return e;
        }), "model.zip", "unexpected zip entry '../../home/.bashrc'"));
        c.add(eval("array-declares-2-pow-33-values", "charlm", (run, root) -> HostileCraft.edit(model(run), e -> {
            e.put(COEFFICIENTS, HostileCraft.array("FLOAT", 1L << 33, 4, 16));
            return e;
        }), "coefficients.bin", "holds 8589934592 values"));
        c.add(eval("array-negative-dimension", "charlm", (run, root) -> HostileCraft.edit(model(run), e -> {
            e.put(COEFFICIENTS, HostileCraft.array("FLOAT", -4, 4, 0));
            return e;
        }), "coefficients.bin", "negative dimension"));
        c.add(eval("array-compressed-data-type", "charlm", (run, root) -> HostileCraft.edit(model(run), e -> {
            e.put(COEFFICIENTS, HostileCraft.array("COMPRESSED", 16, 4, 16));
            return e;
        }), "coefficients.bin", "'COMPRESSED'"));
        c.add(eval("array-truncated", "charlm", (run, root) -> HostileCraft.edit(model(run), e -> {
            byte[] w = e.get(COEFFICIENTS);
            e.put(COEFFICIENTS, java.util.Arrays.copyOf(w, w.length - 40));
            return e;
        }), "coefficients.bin", "bytes follow"));
        c.add(eval("updater-state-too-large", "charlm", (run, root) -> HostileCraft.edit(model(run), e -> {
            e.put("updaterState.bin", HostileCraft.array("FLOAT", 1L << 31, 4, 16));
            return e;
        }), "updaterState.bin", "holds 2147483648 values"));
        c.add(eval("config-width-2-pow-40", "charlm", (run, root) -> HostileCraft.editConfiguration(model(run),
                tree -> HostileCraft.find(tree, "layerName", "out").put("nout", 1L << 40)), "model.zip",
                "a width of 1099511627776"));
        c.add(eval("config-implies-2-pow-56-weights", "charlm", (run, root) -> HostileCraft.editConfiguration(
                model(run), tree -> HostileCraft.find(tree, "layerName", "out").put("nin", 1L << 28)
                        .put("nout", 1L << 28)), "model.zip", "implies more than"));
        c.add(eval("config-implies-1-tb-of-weights", "charlm", (run, root) -> {
            HostileCraft.editConfiguration(model(run), tree -> HostileCraft.find(tree, "layerName", "rnn0")
                    .put("nout", 1L << 18));
            long params = ModelFile.shape(model(run)).params();
            // stored, not deflated: past the compression check, to the memory check
            List<RawEntry> entries = HostileCraft.rawEntries(model(run), COEFFICIENTS);
            entries.add(RawEntry.stored(COEFFICIENTS, HostileCraft.array("FLOAT", params, 4, 16)));
            HostileCraft.writeRaw(model(run), entries, -1);
        }, "coefficients.bin", "GB of memory"));
        c.add(eval("resume-average-declares-2-pow-40", "resume", (run, root) -> Files.write(checkpoint(run)
                .resolve("average.bin"), HostileCraft.array("FLOAT", 1L << 40, 4, 16)), resume(), "average.bin",
                "holds 1099511627776 values"));

        // paths: seq4j.json input names, symbolic links, FIFOs, devices, best.json pointers
        c.add(eval("input-name-parent-path", "charlm", (run, root) -> HostileCraft.addInput(model(run),
                "../../../../etc/hostname"), "model.zip", "names an input '../../../../etc/hostname'"));
        c.add(eval("input-name-absolute", "charlm", (run, root) -> HostileCraft.addInput(model(run), "/etc/hostname"),
                "model.zip", "names an input '/etc/hostname'"));
        c.add(eval("vocab-symlink-out-of-run", "charlm", (run, root) -> symlink(run.resolve("vocab.json"),
                Path.of("/etc/hostname")), "vocab.json", "leads outside the run directory"));
        c.add(eval("vocab-symlink-dev-zero", "charlm", (run, root) -> symlink(run.resolve("vocab.json"),
                Path.of("/dev/zero")), "vocab.json", "leads outside the run directory"));
        c.add(eval("vocab-fifo", "charlm", (run, root) -> fifo(run.resolve("vocab.json")), "vocab.json",
                "not a regular file"));
        c.add(eval("model-zip-fifo", "charlm", (run, root) -> fifo(run.resolve("model.zip")), "model.zip",
                "not a regular file"));
        c.add(eval("model-zip-symlink-dev-urandom", "charlm", (run, root) -> symlink(run.resolve("model.zip"),
                Path.of("/dev/urandom")), "model.zip", "leads outside the run directory"));
        c.add(eval("config-yaml-duplicate-key", "charlm", (run, root) -> Files.writeString(run.resolve("config.yaml"),
                "seed: 99\n", java.nio.file.StandardOpenOption.APPEND), "config.yaml", "key 'seed' is given twice"));
        c.add(eval("config-yaml-not-a-mapping", "charlm", (run, root) -> Files.writeString(run.resolve("config.yaml"),
                "- task\n- charlm\n"), "config.yaml", "not a seq4j config"));
        c.add(eval("config-yaml-fifo", "charlm", (run, root) -> fifo(run.resolve("config.yaml")), "config.yaml",
                "not a regular file"));
        c.add(eval("summary-symlink-loop", "charlm", (run, root) -> symlink(run.resolve("summary.json"),
                run.resolve("summary.json")), "summary.json", "cannot resolve"));
        c.add(sweep("best-json-parent-path", (sweep, run) -> Files.writeString(sweep.resolve("best.json"),
                "{\"run\": \"../run\"}"), "best.json", "must name a directory inside"));
        c.add(sweep("best-json-symlink-out", (sweep, run) -> {
            symlink(sweep.resolve("trial-1"), run);
            Files.writeString(sweep.resolve("best.json"), "{\"run\": \"trial-1\"}");
        }, "best.json", "must name a directory inside"));
        c.add(sweep("best-json-loop", (sweep, run) -> {
            symlink(sweep.resolve("again"), sweep);
            Files.writeString(sweep.resolve("best.json"), "{\"run\": \"again\"}");
        }, "best.json", "must name a directory inside"));
        c.add(sweep("best-json-fifo", (sweep, run) -> fifo(sweep.resolve("best.json")), "best.json",
                "not a regular file"));
        c.add(sweep("best-json-too-large", (sweep, run) -> Files.writeString(sweep.resolve("best.json"),
                "{\"run\": \"x\"" + " ".repeat(17 << 20) + "}"), "best.json", "larger than"));
        c.add(eval("resume-state-json-truncated", "resume", (run, root) -> Files.writeString(checkpoint(run)
                .resolve("state.json"), "{\"format\": 1, \"epoch\": "), resume(), "state.json"));
        c.add(eval("resume-state-json-duplicate-key", "resume", (run, root) -> {
            Path state = checkpoint(run).resolve("state.json");
            Files.writeString(state, Files.readString(state).replaceFirst("\\{", "{\"epoch\": 0, "));
        }, resume(), "state.json", "Duplicate field 'epoch'"));
        c.add(eval("resume-best-zip-symlink-out", "resume", (run, root) -> {
            Path best = checkpoint(run).resolve("best.zip");
            Files.delete(best);
            symlink(best, Path.of("/etc/hostname"));
        }, resume(), "best.zip", "leads outside the run directory"));
        c.add(eval("resume-checkpoint-model-dev-zero", "resume", (run, root) -> {
            Path model = checkpoint(run).resolve("model.zip");
            Files.delete(model);
            symlink(model, Path.of("/dev/zero"));
        }, resume(), "model.zip", "leads outside the run directory"));

        // resuming a run whose directories lead elsewhere: refused before anything is written or deleted there
        c.add(eval("resume-checkpoints-symlink-out", "resume", (run, root) -> {
            // outside the run: a directory holding an older checkpoint, which a resume would delete
            Path outside = Files.createDirectories(root.resolve("elsewhere"));
            Files.move(checkpoint(run), outside.resolve("epoch-0001"));
            Files.delete(run.resolve("checkpoints"));
            symlink(run.resolve("checkpoints"), outside);
        }, resume(), "checkpoints", "is a symbolic link to a directory"));
        c.add(eval("resume-ensemble-member-symlink-out", "ensemble", (run, root) -> {
            Path outside = Files.createDirectories(root.resolve("elsewhere"));
            Files.move(run.resolve("members").resolve("2"), outside.resolve("2"));
            symlink(run.resolve("members").resolve("2"), outside.resolve("2"));
        }, resume(), "members/2", "is a symbolic link to a directory"));
        c.add(eval("resume-vocab-fifo", "resume", (run, root) -> fifo(run.resolve("vocab.json")), resume(),
                "vocab.json", "not a regular file"));
        c.add(eval("resume-vocab-symlink-out", "resume", (run, root) -> symlink(run.resolve("vocab.json"),
                Path.of("/etc/hostname")), resume(), "vocab.json", "leads outside the run directory"));

        // resuming a crafted sweep directory (seq4j sweep SWEEP --out DIR): its files are read as a run's
        c.add(sweepResume("sweep-trial-json-symlink-dev-zero", (sweep, root) ->
                symlink(trial(sweep).resolve("trial.json"), Path.of("/dev/zero")), "trial.json",
                "leads outside"));
        c.add(sweepResume("sweep-trial-json-duplicate-key", (sweep, root) -> {
            Path record = trial(sweep).resolve("trial.json");
            Files.writeString(record, Files.readString(record).replaceFirst("\\{", "{\"status\": \"failed\", "));
        }, "trial.json", "Duplicate field 'status'"));
        c.add(sweepResume("sweep-summary-json-17-mb", (sweep, root) -> {
            Path summary = trial(sweep).resolve("summary.json");
            String text = Files.readString(summary);
            Files.writeString(summary, text.substring(0, text.lastIndexOf('}')) + " ".repeat(17 << 20) + "}");
        }, "summary.json", "larger than"));
        c.add(sweepResume("sweep-trial-config-duplicate-key", (sweep, root) -> Files.writeString(trial(sweep)
                .resolve("config.yaml"), "seed: 99\n", java.nio.file.StandardOpenOption.APPEND), "config.yaml",
                "key 'seed' is given twice"));
        c.add(sweepResume("sweep-yaml-fifo", (sweep, root) -> fifo(sweep.resolve("sweep.yaml")), "sweep.yaml",
                "not a regular file"));
        c.add(sweepResume("sweep-trial-directory-symlink-out", (sweep, root) -> {
            Path outside = Files.createDirectories(root.resolve("elsewhere"));
            Files.move(trial(sweep), outside.resolve("001"));
            symlink(trial(sweep), outside.resolve("001"));
        }, "trials/001", "is a symbolic link to a directory"));
        return c;
    }

    static final String CONFIGURATION = "configuration.json";
    static final String COEFFICIENTS = "coefficients.bin";

    private static Case eval(String name, String task, Craft craft, String... expected) {
        return new Case(name, task, craft, (run, root) -> List.of("eval", run.toString(), "--data",
                DATA.get(task).toString()), List.of(expected));
    }

    private static Case eval(String name, String task, Craft craft, Args args, String... expected) {
        return new Case(name, task, craft, args, List.of(expected));
    }

    /** A sweep directory {@code root/sweep} (crafted) beside the run, given to {@code eval}. */
    private static Case sweep(String name, SweepCraft craft, String... expected) {
        return new Case(name, "charlm", (run, root) -> craft.apply(Files.createDirectories(root.resolve("sweep")), run),
                (run, root) -> List.of("eval", root.resolve("sweep").toString(), "--data", DATA.get("charlm").toString()),
                List.of(expected));
    }

    /** A copy of the finished one-trial sweep, crafted, resumed with {@code seq4j sweep SWEEP --out COPY}. */
    private static Case sweepResume(String name, Craft craft, String... expected) {
        return new Case(name, "sweep", craft, (run, root) -> List.of("sweep", sweepFile.toString(), "--out",
                run.toString()), List.of(expected));
    }

    /** The sweep's one trial directory. */
    private static Path trial(Path sweep) {
        return sweep.resolve("trials").resolve("001");
    }

    @FunctionalInterface
    interface SweepCraft {
        void apply(Path sweep, Path run) throws Exception;
    }

    private static Args resume() {
        return (run, root) -> List.of("train", "--resume", run.toString());
    }

    private static Path model(Path run) {
        return run.resolve("model.zip");
    }

    private static Path checkpoint(Path run) throws IOException {
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("epoch-")).max(Path::compareTo).orElseThrow();
        }
    }

    private static Path checkpointModel(Path run) throws IOException {
        return checkpoint(run).resolve("model.zip");
    }

    /** Replaces a file the model recorded, and records its new hash (as whoever supplies the directory can). */
    private static void sideFile(Path run, String name, String text) throws IOException {
        sideFile(run, name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void sideFile(Path run, String name, byte[] bytes) throws IOException {
        Files.write(run.resolve(name), bytes);
        HostileCraft.rehash(model(run), name, run.resolve(name));
    }

    private static void normalizer(Path run, byte[] bytes) throws IOException {
        sideFile(run, "normalizer.bin", bytes);
    }

    private static void editSummary(Path run, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        ObjectNode summary = (ObjectNode) HostileCraft.JSON.readTree(run.resolve("summary.json").toFile());
        edit.accept(summary);
        HostileCraft.JSON.writeValue(run.resolve("summary.json").toFile(), summary);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static void symlink(Path link, Path target) throws IOException {
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target);
    }

    private static void fifo(Path path) throws IOException, InterruptedException {
        Files.deleteIfExists(path);
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertEquals(0, p.waitFor(), "mkfifo " + path);
    }

    // ---- running the cases ----------------------------------------------------------------------------------------

    @Test
    void everyCaseIsRefusedWithOneLineNamingTheFileWithoutSideEffectsClassesOrMemory() throws Exception {
        List<Case> cases = cases();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        List<Future<Outcome>> futures = new ArrayList<>();
        for (Case c : cases) {
            futures.add(pool.submit(() -> run(c)));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : futures) {
            outcomes.add(f.get());
        }
        pool.shutdown();
        StringBuilder report = new StringBuilder("case\texit\tpeak_MB\terror\n");
        List<String> failures = new ArrayList<>();
        for (Outcome o : outcomes) {
            report.append(String.format(Locale.ROOT, "%s\t%d\t%.0f\t%s%n", o.c().name(), o.code(), o.peakKb() / 1024.0,
                    o.err().strip().replace('\n', ' ')));
            o.failures().forEach(f -> failures.add(o.c().name() + ": " + f));
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "hostile-run-peaks.tsv"), report);
        System.out.print(report);
        assertEquals(List.of(), failures, "cases that failed");
    }

    @Test
    void theCorpusHasAtLeastTwentyFiveCasesAllListedInItsReadme() throws IOException {
        List<String> names = cases().stream().map(Case::name).toList();
        assertTrue(names.size() >= 25, "cases: " + names.size());
        assertEquals(names.size(), Set.copyOf(names).size(), "case names are unique");
        String readme = Files.readString(Path.of("src/test/resources/hostile-run/README.md"));
        Set<String> listed = readme.lines().filter(l -> l.startsWith("| `")).map(l -> l.substring(3, l.indexOf('`', 3)))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(names), listed, "README.md lists exactly the cases");
    }

    /**
     * A sweep directory given by a relative path from inside it ({@code seq4j eval .}): its {@code best.json} pointer
     * to a run inside is followed (the same metrics as the run's own directory gives), and one to a run outside is
     * still refused.
     */
    @Test
    void evalOfDotInsideASweepDirectoryFollowsItsPointerAndOnlyInside() throws Exception {
        Path relative = Files.createDirectories(dir.resolve("relative"));
        Path sweep = Files.createDirectories(relative.resolve("sweep"));
        copy(RUNS.get("charlm"), sweep.resolve("trial-1"));
        Files.writeString(sweep.resolve("best.json"), "{\"run\": \"trial-1\"}");
        Path outside = Files.createDirectories(relative.resolve("outside"));
        Files.writeString(outside.resolve("best.json"), "{\"run\": \"../sweep/trial-1\"}");
        String data = DATA.get("charlm").toString();

        CliTest.Result direct = CliTest.seq4j("eval", RUNS.get("charlm").toString(), "--data", data);
        assertEquals(0, direct.code(), direct.err());
        for (String path : List.of(".", "./", "../sweep", "trial-1/..")) {
            CliTest.Result r = child(sweep, "eval", path, "--data", data);
            assertEquals(0, r.code(), "eval " + path + ": " + r.err());
            assertEquals(HostileCraft.JSON.readTree(direct.out()), HostileCraft.JSON.readTree(r.out()), "eval " + path);
        }
        CliTest.Result refused = child(outside, "eval", ".", "--data", data);
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("best.json: 'run' must name a directory inside"), refused.err());
    }

    /** The real command line in a child JVM working in {@code work}. */
    private static CliTest.Result child(Path work, String... args) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path out = Files.createTempFile(logs, "child", ".out");
        Path err = Files.createTempFile(logs, "child", ".err");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Djava.awt.headless=true", "-Dseq4j.peak.file=" + logs.resolve("child.peak"),
                "-Dorg.bytedeco.javacpp.cachedir=" + javacppCache(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Child.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        Process p = builder.start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        return new CliTest.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Runs one case in a child JVM and checks everything the class comment promises. */
    static Outcome run(Case c) throws Exception {
        Path root = dir.resolve("cases").resolve(c.name());
        Path run = root.resolve("run");
        copy(RUNS.get(c.task()), run);
        c.craft().apply(run, root);
        Path home = Files.createDirectories(root.resolve("home"));
        Path work = Files.createDirectories(root.resolve("work"));
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Path gadgets = Files.createDirectories(root.resolve("gadgets"));
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path peakFile = logs.resolve(c.name() + ".peak");
        Set<String> before = listing(root, null);

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-Duser.home=" + home, "-Djava.io.tmpdir=" + tmp,
                "-Dseq4j.gadget.dir=" + gadgets, "-Dseq4j.peak.file=" + peakFile,
                "-Dorg.bytedeco.javacpp.cachedir=" + javacppCache(),
                "-XX:TieredStopAtLevel=1", // short-lived: the quick JIT starts faster; heap and GC as a user's
                "-cp", System.getProperty("java.class.path"), Child.class.getName()));
        command.addAll(c.args().of(run, root));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(logs.resolve(c.name() + ".out").toFile())
                .redirectError(logs.resolve(c.name() + ".err").toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().remove("SEQ4J_DEBUG");
        builder.environment().remove("SEQ4J_JAVA_OPTS");
        Process child = builder.start();
        long polled = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        List<String> failures = new ArrayList<>();
        while (!child.waitFor(10, TimeUnit.MILLISECONDS)) {
            polled = Math.max(polled, vmHwmKb(child.pid()));
            if (System.nanoTime() > deadline) {
                child.destroyForcibly().waitFor();
                failures.add("did not finish in " + TIMEOUT_SECONDS + " s (a read that blocks?)");
                break;
            }
        }
        int code = child.exitValue();
        String out = Files.readString(logs.resolve(c.name() + ".out"));
        String err = Files.readString(logs.resolve(c.name() + ".err"));
        long exact = Files.exists(peakFile) ? Long.parseLong(Files.readString(peakFile).strip()) : 0;
        long peak = Math.max(polled, exact);

        if (code != 2) {
            failures.add("exit " + code + ", not 2: " + err.strip());
        }
        // train --resume reads its checkpoints before the data: its errors are one line too
        List<String> lines = err.strip().lines().toList();
        if (lines.size() != 1 || !lines.get(0).startsWith("seq4j: error: ")) {
            failures.add("not one line 'seq4j: error: ...': " + err.strip());
        }
        for (String part : c.expected()) {
            if (!err.contains(part)) {
                failures.add("no '" + part + "' in: " + err.strip());
            }
        }
        // a crafted file's text is never printed raw (an escape sequence would reach the terminal) nor at length
        String line = err.strip();
        if (line.chars().anyMatch(ch -> Character.getType(ch) == Character.CONTROL)) {
            failures.add("a control character in the error line: " + line.replace("\u001b", "<ESC>"));
        }
        if (line.replace(root.toString(), "ROOT").length() >= MAX_LINE) {
            failures.add("an error line of " + line.length() + " characters: " + line);
        }
        if (err.contains("SHA-256")) {
            failures.add("a hash was computed and shown: " + err.strip());
        }
        if (!out.isEmpty()) {
            failures.add("standard output: " + out);
        }
        Set<String> after = listing(root, null);
        if (!after.equals(before)) {
            Set<String> added = new TreeSet<>(after);
            added.removeAll(before);
            Set<String> removed = new TreeSet<>(before);
            removed.removeAll(after);
            failures.add("files changed: added " + added + ", removed " + removed);
        }
        try (Stream<Path> marks = Files.list(gadgets)) {
            List<String> made = marks.map(p -> p.getFileName().toString()).toList();
            if (!made.isEmpty()) {
                failures.add("classes outside the allowlist were initialised or constructed: " + made);
            }
        }
        if (Files.exists(Path.of("/tmp", "hs_err_pid" + child.pid() + ".log"))) {
            failures.add("a JVM crash log in /tmp");
        }
        if (exact == 0 && code == 2) {
            failures.add("no peak recorded at exit");
        }
        if (peak > MAX_PEAK_KB) {
            failures.add(String.format(Locale.ROOT, "peak resident memory %.0f MB, over %d MB", peak / 1024.0,
                    MAX_PEAK_KB / 1024));
        }
        return new Outcome(c, code, out, err, peak, failures);
    }

    /** JavaCPP's cache of native libraries, as the test JVM has it (the child's home is empty). */
    private static String javacppCache() {
        return System.getProperty("org.bytedeco.javacpp.cachedir",
                Path.of(System.getProperty("user.home"), ".javacpp", "cache").toString());
    }

    /** The peak resident set ({@code VmHWM}, KiB) of a live process, or 0 once it is gone. */
    static long vmHwmKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            // exited between the calls
        }
        return 0;
    }

    /**
     * Every entry under {@code root} (symbolic links not followed, FIFOs not opened), with its type, size, time and
     * link target; {@code except} (a resume case's run, its output) is left out.
     */
    static Set<String> listing(Path root, Path except) throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                if (except != null && p.startsWith(except)) {
                    continue;
                }
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String kind = a.isSymbolicLink() ? "link " + Files.readSymbolicLink(p) : a.isDirectory() ? "dir"
                        : a.isRegularFile() ? "file " + a.size() + " " + a.lastModifiedTime().toMillis() : "other";
                out.add(root.relativize(p) + " " + kind);
            }
        }
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) { // a sweep's best -> trials/NNN
                    Files.createSymbolicLink(target, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /**
     * The child's main: the real CLI ({@link Seq4j#main}), with a shutdown hook that writes the process's peak
     * resident set ({@code VmHWM}, KiB) to the file named by {@code seq4j.peak.file} as the JVM exits.
     */
    public static final class Child {
        private Child() {
        }

        public static void main(String[] args) {
            Path file = Path.of(System.getProperty("seq4j.peak.file"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Files.writeString(file, Long.toString(vmHwmKb(ProcessHandle.current().pid())));
                } catch (IOException e) {
                    // the test reports the missing peak
                }
            }));
            Seq4j.main(args);
        }
    }
}
