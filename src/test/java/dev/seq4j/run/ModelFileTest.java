package dev.seq4j.run;

import dev.seq4j.UserException;
import dev.seq4j.config.RunConfig;
import dev.seq4j.model.CharLmModel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model files: what loads, and the one-line refusal of everything that should not. */
class ModelFileTest {
    @TempDir
    Path dir;
    ComputationGraph net;
    Path model;

    @BeforeEach
    void trainOneStep() throws IOException {
        RunConfig config = dev.seq4j.TestConfigs.charlm(1, Map.of("train", "x", "sequenceLength", 8), "model.layers=[8]");
        net = new ComputationGraph(CharLmModel.configuration(config, 4));
        net.init();
        MultiDataSet batch = new org.nd4j.linalg.dataset.MultiDataSet(Nd4j.rand(2, 4, 5), Nd4j.rand(2, 4, 5));
        net.fit(batch); // an updater state that is not all zeros
        model = dir.resolve("model.zip");
        ModelFile.write(net, model, true, Map.of());
    }

    private String refusal(Path file) {
        return assertThrows(UserException.class, () -> ModelFile.graph(file, true)).getMessage();
    }

    /** The model zip with its entries passed through {@code edit} (name to new bytes; null drops the entry). */
    private Path rewritten(String name, Map<String, byte[]> extra, UnaryOperator<Map.Entry<String, byte[]>> edit)
            throws IOException {
        Path out = dir.resolve(name);
        try (ZipFile in = new ZipFile(model.toFile()); ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] bytes;
                try (InputStream s = in.getInputStream(e)) {
                    bytes = s.readAllBytes();
                }
                Map.Entry<String, byte[]> edited = edit.apply(Map.entry(e.getName(), bytes));
                if (edited != null) {
                    zip.putNextEntry(new ZipEntry(edited.getKey()));
                    zip.write(edited.getValue());
                    zip.closeEntry();
                }
            }
            for (var e : extra.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out;
    }

    @Test
    void aWrittenModelLoadsWithItsUpdaterStateAndDl4jReadsItToo() throws Exception {
        ComputationGraph back = ModelFile.graph(model, true);
        assertEquals(net.params(), back.params());
        assertEquals(net.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
        assertEquals(net.getConfiguration().getIterationCount(), back.getConfiguration().getIterationCount());
        assertEquals(net.params(), ModelSerializer.restoreComputationGraph(model.toFile(), true).params());
        // and ours reads DL4J's own files
        Path dl4j = dir.resolve("dl4j.zip");
        ModelSerializer.writeModel(net, dl4j.toFile(), true);
        assertEquals(net.params(), ModelFile.graph(dl4j, true).params());
    }

    @Test
    void missingFilesDirectoriesAndNonZipsAreRefused() throws IOException {
        assertEquals(dir.resolve("nope.zip") + ": no such model file", refusal(dir.resolve("nope.zip")));
        assertTrue(refusal(dir).endsWith("not a file (expected a model zip)"));
        Path text = Files.writeString(dir.resolve("text.zip"), "hello, not a zip\n");
        assertTrue(refusal(text).startsWith(text + ": not a readable zip file"), refusal(text));
        Path empty = Files.write(dir.resolve("empty.zip"), new byte[0]);
        assertTrue(refusal(empty).startsWith(empty + ": not a readable zip file"), refusal(empty));
    }

    @Test
    void aTruncatedModelIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(model);
        for (int keep : new int[]{bytes.length / 3, bytes.length - 30}) {
            Path cut = Files.write(dir.resolve("cut" + keep + ".zip"), Arrays.copyOf(bytes, keep));
            String m = refusal(cut);
            assertTrue(m.startsWith(cut + ": ") && (m.contains("truncated") || m.contains("corrupt")), m);
        }
    }

    @Test
    void foreignEntriesPathTraversalAndJavaSerializedObjectsAreRefused() throws IOException {
        Path traversal = rewritten("traversal.zip", Map.of("../../evil.sh", new byte[]{1}), e -> e);
        assertTrue(refusal(traversal).contains("unexpected zip entry '../../evil.sh'"), refusal(traversal));
        // DL4J's ModelSerializer would read this entry with ObjectInputStream
        ByteArrayOutputStream serialized = new ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(serialized)) {
            out.writeObject(new java.util.ArrayList<>(java.util.List.of("payload")));
        }
        Path preprocessor = rewritten("pre.zip", Map.of("preprocessor.bin", serialized.toByteArray()), e -> e);
        assertTrue(refusal(preprocessor).contains("unexpected zip entry 'preprocessor.bin'"), refusal(preprocessor));
        Path other = dir.resolve("other.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(other))) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("an archive of something else".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(refusal(other).contains("not a seq4j model"), refusal(other));
        Path noConfig = rewritten("noconfig.zip", Map.of(), e -> e.getKey().equals(ModelFile.CONFIGURATION) ? null : e);
        assertTrue(refusal(noConfig).endsWith("no configuration.json in it; not a DL4J model"), refusal(noConfig));
    }

    @Test
    void classesOutsideDl4jNd4jAndSeq4jAreRefused() throws IOException {
        Path evil = rewritten("class.zip", Map.of(), e -> e.getKey().equals(ModelFile.CONFIGURATION)
                ? Map.entry(e.getKey(), new String(e.getValue(), StandardCharsets.UTF_8)
                .replaceFirst("\"@class\" : \"[^\"]+\"", "\"@class\" : \"javax.naming.InitialContext\"")
                .getBytes(StandardCharsets.UTF_8)) : e);
        assertTrue(refusal(evil).contains("names class 'javax.naming.InitialContext', which is not a plain class name of DL4J"),
                refusal(evil));
    }

    @Test
    void weightsThatDoNotFitOrAreNotFiniteAreRefused() throws IOException {
        Path shortParams = rewritten("short.zip", Map.of(), e -> e.getKey().equals(ModelFile.COEFFICIENTS)
                ? Map.entry(e.getKey(), array(Nd4j.zeros(net.params().dataType(), 1, 10))) : e);
        assertTrue(refusal(shortParams).contains("the file is corrupt"), refusal(shortParams));
        org.nd4j.linalg.api.ndarray.INDArray nan = net.params().dup();
        nan.putScalar(3, Double.NaN);
        Path nanParams = rewritten("nan.zip", Map.of(), e -> e.getKey().equals(ModelFile.COEFFICIENTS)
                ? Map.entry(e.getKey(), array(nan)) : e);
        assertTrue(refusal(nanParams).contains("NaN or infinite"), refusal(nanParams));
        Path garbage = rewritten("garbage.zip", Map.of(), e -> e.getKey().equals(ModelFile.COEFFICIENTS)
                ? Map.entry(e.getKey(), new byte[]{0, 1, 2, 3}) : e);
        assertTrue(refusal(garbage).contains("entry coefficients.bin: not an ND4J array"), refusal(garbage));
    }

    private static byte[] array(org.nd4j.linalg.api.ndarray.INDArray a) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            Nd4j.write(a, out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Test
    void aMultiLayerNetworkIsNotTakenForAGraph() throws IOException {
        Path lr = dir.resolve("lr.zip");
        dev.seq4j.eval.LogisticRegression.train(Nd4j.rand(20, 3), new int[20], Nd4j.rand(4, 3), new int[4], 2, 1).save(lr.toFile());
        assertTrue(refusal(lr).endsWith("holds a MultiLayerNetwork, not the ComputationGraph of a seq4j model"), refusal(lr));
        assertEquals(3, dev.seq4j.eval.LogisticRegression.load(lr.toFile()).inputs());
    }

    @Test
    void aModelBesideOtherInputsThanItWasTrainedWithIsRefused() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Path vocab = Files.writeString(run.resolve("vocab.json"), "{\"chars\": \"abc\"}");
        Path inRun = run.resolve("model.zip");
        ModelFile.write(net, inRun, false, Map.of("vocab.json", RunDirectory.sha256(vocab)));
        assertEquals(net.params(), ModelFile.graph(inRun, false).params());
        Files.writeString(vocab, "{\"chars\": \"abd\"}");
        String m = refusal(inRun);
        assertTrue(m.startsWith(inRun + ": was trained with a different vocab.json than " + vocab)
                && m.endsWith("use the model with the run directory it was trained in"), m);
        Files.delete(vocab);
        assertTrue(refusal(inRun).contains("was trained with vocab.json, which is missing beside it"), refusal(inRun));
    }

    private static RunConfig config(String task, Map<String, Object> model) {
        return dev.seq4j.config.ConfigLoader.fromTree((com.fasterxml.jackson.databind.node.ObjectNode)
                dev.seq4j.config.ConfigLoader.YAML.valueToTree(Map.of("task", task, "seed", 1,
                        "data", Map.of("train", "x"), "model", model)));
    }

    @Test
    void theShapeCountsEveryTasksWeightsFromTheConfigurationAlone() throws IOException {
        assertEquals(net.numParams(), ModelFile.shape(model).params());
        java.util.List<org.deeplearning4j.nn.conf.ComputationGraphConfiguration> confs = java.util.List.of(
                dev.seq4j.model.Seq2seqModel.training(config("seq2seq", Map.of("layers", java.util.List.of(8, 8),
                        "embedding", 4, "attention", "dot", "bidirectional", "concat")), 9, 11),
                dev.seq4j.model.CaptionModel.training(config("caption", Map.of("layers", java.util.List.of(8),
                        "embedding", 4)), 3, 20, 48, 11),
                dev.seq4j.model.TaggerModel.configuration(config("tagging", Map.of("layers", java.util.List.of(8),
                        "embedding", 4, "residual", true)), 20, 15, true, 5),
                dev.seq4j.model.ForecastModel.autoregressive(config("forecast", Map.of("layers",
                        java.util.List.of(4), "forecaster", "autoregressive")), 3, 2));
        for (var conf : confs) {
            ComputationGraph g = new ComputationGraph(conf);
            g.init();
            Path file = dir.resolve("shape.zip");
            ModelFile.write(g, file, true, Map.of());
            ModelFile.Shape shape = ModelFile.shape(file);
            // params(), not numParams(): ComputationGraph.numParams() leaves out an AttentionVertex's weights
            assertEquals(g.params().length(), shape.params(), conf.getNetworkInputs().toString());
            assertEquals(g.params().length(), ModelFile.read(file).params().length());
        }
    }

    @Test
    void recordedInputsMustBeFilesInsideTheRunAndAreRefusedBeforeTheyAreRead() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Path member = Files.createDirectories(run.resolve("member-2"));
        Path vocab = Files.writeString(run.resolve("vocab.json"), "{}");
        Path file = member.resolve("model.zip");
        // an ensemble member names its run's files as ../name: inside the run, outside its own directory
        ModelFile.write(net, file, false, Map.of("../vocab.json", RunDirectory.sha256(vocab)));
        ModelFile.checkInputs(ModelFile.read(file), run);
        String m = assertThrows(UserException.class, () -> ModelFile.checkInputs(ModelFile.read(file))).getMessage();
        assertTrue(m.contains("names an input '../vocab.json' that is not a file inside the run directory " + member), m);
        Files.writeString(dir.resolve("secret"), "x");
        for (String name : java.util.List.of("../../secret", "../member-2/../../secret", dir.resolve("secret").toString(),
                "", "..")) {
            ModelFile.write(net, file, false, Map.of(name, RunDirectory.sha256(vocab)));
            m = assertThrows(UserException.class, () -> ModelFile.checkInputs(ModelFile.read(file), run)).getMessage();
            assertTrue(m.contains("names an input '" + name + "' that is not a file inside the run directory")
                    && !m.contains("SHA-256"), m);
        }
        ModelFile.write(net, file, false, Map.of(".", RunDirectory.sha256(vocab)));
        m = assertThrows(UserException.class, () -> ModelFile.checkInputs(ModelFile.read(file), run)).getMessage();
        assertTrue(m.contains("not a regular file (a directory)"), m);
        Files.delete(vocab);
        Files.createSymbolicLink(vocab, dir.resolve("secret"));
        ModelFile.write(net, file, false, Map.of("../vocab.json", RunDirectory.sha256(dir.resolve("secret"))));
        m = assertThrows(UserException.class, () -> ModelFile.checkInputs(ModelFile.read(file), run)).getMessage();
        assertTrue(m.contains("leads outside the run directory"), m);
    }

    @Test
    void largeWeightsLoadButWeightsThatExpandLikeAZipBombAreRefused() throws IOException {
        RunConfig config = dev.seq4j.TestConfigs.charlm(1, Map.of("train", "x", "sequenceLength", 8),
                "model.layers=[1024]");
        ComputationGraph large = new ComputationGraph(CharLmModel.configuration(config, 4));
        large.init();
        Path file = dir.resolve("large.zip");
        ModelFile.write(large, file, false, Map.of());
        assertTrue(large.params().length() * 4 > ModelFile.MIN_BOMB_BYTES, "large enough to be checked");
        assertEquals(large.params(), ModelFile.graph(file, false).params());
        large.params().assign(0);
        ModelFile.write(large, file, false, Map.of());
        assertTrue(refusal(file).contains("trained weights do not compress like that"), refusal(file));
    }
}
