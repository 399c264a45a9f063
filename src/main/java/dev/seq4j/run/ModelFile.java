package dev.seq4j.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.UserException;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Model files, written and read without Java object serialization. The zip holds DL4J's own entries
 * ({@code configuration.json}, {@code coefficients.bin}, optionally {@code updaterState.bin}), so DL4J's
 * {@code ModelSerializer} reads our files, plus {@code seq4j.json}: the SHA-256 of every file the model was
 * trained with (vocabularies, normalisers, the config), checked when the model is loaded.
 * <p>
 * We read the zip ourselves rather than through {@code ModelSerializer.restoreComputationGraph}, which reads an
 * entry {@code preprocessor.bin} with {@code ObjectInputStream} (arbitrary code on a crafted file) and reports a
 * truncated or foreign file as a stack trace. Here: only the known entry names are accepted (no paths), sizes are
 * bounded, class names in the configuration must be DL4J's, ND4J's or ours, the weight count must match the
 * configuration and every weight must be finite; each problem is one {@link UserException} naming the file.
 */
public final class ModelFile {
    public static final String CONFIGURATION = "configuration.json";
    public static final String COEFFICIENTS = "coefficients.bin";
    public static final String UPDATER = "updaterState.bin";
    public static final String NO_PARAMS = "noParams.marker";
    public static final String SEQ4J = "seq4j.json";
    static final Set<String> ENTRIES = Set.of(CONFIGURATION, COEFFICIENTS, UPDATER, NO_PARAMS, SEQ4J);
    /** Largest entry we read: far above any recurrent model this tool trains, far below memory exhaustion. */
    static final long MAX_ENTRY_BYTES = 4L << 30;
    private static final List<String> CLASS_PREFIXES = List.of("org.deeplearning4j.", "org.nd4j.", "dev.seq4j.");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFile() {
    }

    /**
     * Writes {@code model} (a {@link ComputationGraph} or {@link MultiLayerNetwork}) to {@code file} in place; the
     * caller moves it into its final name. {@code inputs} maps file names (relative to the model's directory) to
     * their SHA-256.
     */
    public static void write(Model model, Path file, boolean withUpdater, Map<String, String> inputs) throws IOException {
        try (OutputStream os = Files.newOutputStream(file)) {
            write(model, os, withUpdater, inputs);
        }
        RunDirectory.sync(file);
    }

    /** As {@link #write(Model, Path, boolean, Map)}, to a stream (left open). */
    public static void write(Model model, OutputStream os, boolean withUpdater, Map<String, String> inputs)
            throws IOException {
        String configuration;
        INDArray updater = null;
        if (model instanceof ComputationGraph g) {
            configuration = g.getConfiguration().toJson();
            if (withUpdater && g.getUpdater(false) != null) {
                updater = g.getUpdater().getStateViewArray();
            }
        } else if (model instanceof MultiLayerNetwork n) {
            configuration = n.getLayerWiseConfigurations().toJson();
            if (withUpdater && n.getUpdater(false) != null) {
                updater = n.getUpdater().getStateViewArray();
            }
        } else {
            throw new IllegalArgumentException("not a ComputationGraph or MultiLayerNetwork: " + model.getClass());
        }
        ZipOutputStream zip = new ZipOutputStream(os);
        {
            zip.putNextEntry(new ZipEntry(CONFIGURATION));
            zip.write(configuration.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            INDArray params = model.params();
            if (params != null && params.length() > 0) {
                zip.putNextEntry(new ZipEntry(COEFFICIENTS));
                DataOutputStream data = new DataOutputStream(zip);
                Nd4j.write(params, data);
                data.flush();
                zip.closeEntry();
            } else {
                zip.putNextEntry(new ZipEntry(NO_PARAMS));
                zip.closeEntry();
            }
            if (updater != null && updater.length() > 0) {
                zip.putNextEntry(new ZipEntry(UPDATER));
                DataOutputStream data = new DataOutputStream(zip);
                Nd4j.write(updater, data);
                data.flush();
                zip.closeEntry();
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("format", 1);
            meta.put("inputs", inputs);
            zip.putNextEntry(new ZipEntry(SEQ4J));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
            zip.closeEntry();
            zip.finish();
            zip.flush();
        }
    }

    /** What a model file holds, read and checked but not yet turned into a network. */
    public record Contents(Path file, String configuration, INDArray params, INDArray updater,
                           Map<String, String> inputs) {
        /** Whether the configuration is a multi-layer network's rather than a graph's. */
        boolean isMultiLayer() {
            return configuration.contains("\"confs\"") && !configuration.contains("\"vertices\"");
        }
    }

    /** Reads and checks {@code file}; any problem is a {@link UserException} naming it. */
    public static Contents read(Path file) {
        if (!Files.exists(file)) {
            throw new UserException(file + ": no such model file");
        }
        if (!Files.isRegularFile(file)) {
            throw new UserException(file + ": not a file (expected a model zip)");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Set<String> names = new HashSet<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (!ENTRIES.contains(name)) {
                    throw new UserException(file + ": unexpected zip entry '" + printable(name) + "' (a seq4j model "
                            + "holds only " + ENTRIES.stream().sorted().toList() + "; it is not a seq4j model, or "
                            + "was made by another tool)");
                }
                if (!names.add(name)) {
                    throw new UserException(file + ": zip entry '" + name + "' appears twice; the file is corrupt");
                }
            }
            if (!names.contains(CONFIGURATION)) {
                throw new UserException(file + ": no " + CONFIGURATION + " in it; not a DL4J model");
            }
            String configuration = new String(entry(zip, file, CONFIGURATION), StandardCharsets.UTF_8);
            checkClasses(file, configuration);
            INDArray params = names.contains(COEFFICIENTS) ? array(zip, file, COEFFICIENTS) : null;
            INDArray updater = names.contains(UPDATER) ? array(zip, file, UPDATER) : null;
            if (params == null && !names.contains(NO_PARAMS)) {
                throw new UserException(file + ": no " + COEFFICIENTS + " in it; the file is incomplete");
            }
            if (params != null && !isFinite(params)) {
                throw new UserException(file + ": the weights hold NaN or infinite values; the model diverged "
                        + "before it was saved and cannot be used");
            }
            Map<String, String> inputs = new LinkedHashMap<>();
            if (names.contains(SEQ4J)) {
                try {
                    JsonNode meta = JSON.readTree(entry(zip, file, SEQ4J));
                    JsonNode in = meta.path("inputs");
                    for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> f = it.next();
                        inputs.put(f.getKey(), f.getValue().asText());
                    }
                } catch (IOException e) {
                    throw new UserException(file + ": " + SEQ4J + " is not valid JSON; the file is corrupt");
                }
            }
            return new Contents(file, configuration, params, updater, inputs);
        } catch (ZipException e) {
            throw new UserException(file + ": not a readable zip file (" + e.getMessage()
                    + "); it is truncated, corrupt or not a model");
        } catch (IOException e) {
            throw new UserException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Reads {@code file} as a graph, checking its recorded inputs against the files beside it. */
    public static ComputationGraph graph(Path file, boolean withUpdater) {
        Contents c = read(file);
        checkInputs(c);
        return graph(c, withUpdater);
    }

    /** The graph of checked contents. */
    public static ComputationGraph graph(Contents c, boolean withUpdater) {
        if (c.isMultiLayer()) {
            throw new UserException(c.file() + ": holds a MultiLayerNetwork, not the ComputationGraph of a seq4j model");
        }
        ComputationGraphConfiguration conf;
        try {
            conf = ComputationGraphConfiguration.fromJson(c.configuration());
        } catch (RuntimeException e) {
            throw new UserException(c.file() + ": " + CONFIGURATION + " is not a ComputationGraph configuration ("
                    + UserException.firstLine(e) + ")");
        }
        if (conf.getNetworkInputs() == null || conf.getNetworkInputs().isEmpty() || conf.getVertices().isEmpty()) {
            throw new UserException(c.file() + ": " + CONFIGURATION + " describes no network");
        }
        if (c.params() != null) {
            conf.setDataType(c.params().dataType());
        }
        ComputationGraph net = new ComputationGraph(conf);
        initialise(c, () -> net.init(c.params(), false), net::params);
        if (withUpdater && c.updater() != null) {
            INDArray view = net.getUpdater().getStateViewArray();
            if (view == null || view.length() != c.updater().length()) {
                throw new UserException(c.file() + ": the updater state does not fit the configuration; the file "
                        + "is corrupt");
            }
            net.getUpdater().setStateViewArray(c.updater());
        }
        return net;
    }

    /** Reads {@code file} as a multi-layer network (our logistic-regression baselines). */
    public static MultiLayerNetwork network(Path file) {
        Contents c = read(file);
        checkInputs(c);
        if (!c.isMultiLayer()) {
            throw new UserException(file + ": holds a ComputationGraph, not a MultiLayerNetwork");
        }
        MultiLayerConfiguration conf;
        try {
            conf = MultiLayerConfiguration.fromJson(c.configuration());
        } catch (RuntimeException e) {
            throw new UserException(file + ": " + CONFIGURATION + " is not a network configuration (" + UserException.firstLine(e) + ")");
        }
        if (c.params() != null) {
            conf.setDataType(c.params().dataType());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        initialise(c, () -> net.init(c.params(), false), net::params);
        return net;
    }

    /** Runs a network's {@code init} with the file's weights and checks that they fit its configuration. */
    private static void initialise(Contents c, Runnable init, java.util.function.Supplier<INDArray> params) {
        try {
            init.run();
        } catch (RuntimeException e) {
            throw new UserException(c.file() + ": the weights do not fit the configuration (" + UserException.firstLine(e)
                    + "); the file is corrupt");
        }
        if (c.params() != null && params.get().length() != c.params().length()) {
            throw new UserException(c.file() + ": " + c.params().length() + " weights for a configuration of "
                    + params.get().length() + "; the file is corrupt");
        }
    }

    /**
     * Refuses a model whose recorded inputs (vocabularies, normalisers, config) differ from the files beside it:
     * a model moved into another run, or files edited after training, would read its inputs wrongly.
     */
    public static void checkInputs(Contents c) {
        Path dir = c.file().toAbsolutePath().getParent();
        for (Map.Entry<String, String> e : c.inputs().entrySet()) {
            Path input = dir.resolve(e.getKey()).normalize();
            if (!Files.isRegularFile(input)) {
                throw new UserException(c.file() + ": was trained with " + e.getKey() + ", which is missing beside it ("
                        + input + "); use the model with the run directory it was trained in");
            }
            String actual = RunDirectory.sha256(input);
            if (!actual.equals(e.getValue())) {
                throw new UserException(c.file() + ": was trained with a different " + e.getKey() + " than " + input
                        + " (SHA-256 " + e.getValue().substring(0, 12) + "... against " + actual.substring(0, 12)
                        + "...); use the model with the run directory it was trained in");
            }
        }
    }

    private static byte[] entry(ZipFile zip, Path file, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry.getSize() > MAX_ENTRY_BYTES) {
            throw new UserException(file + ": entry " + name + " claims " + entry.getSize() + " bytes; refusing");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) Math.min(MAX_ENTRY_BYTES, Integer.MAX_VALUE - 8));
            if (in.read() >= 0) {
                throw new UserException(file + ": entry " + name + " is larger than " + MAX_ENTRY_BYTES + " bytes; refusing");
            }
            return bytes;
        } catch (ZipException | java.io.EOFException e) {
            throw new UserException(file + ": entry " + name + " is truncated or corrupt (" + e.getMessage() + ")");
        }
    }

    private static INDArray array(ZipFile zip, Path file, String name) throws IOException {
        byte[] bytes = entry(zip, file, name);
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return Nd4j.read(in);
        } catch (IOException | RuntimeException e) {
            throw new UserException(file + ": entry " + name + " is not an ND4J array (" + UserException.firstLine(e)
                    + "); the file is truncated or corrupt");
        }
    }

    /** Every {@code "@class"} value (Jackson type ids) must name a DL4J, ND4J or seq4j class. */
    private static void checkClasses(Path file, String configuration) {
        JsonNode tree;
        try {
            tree = JSON.readTree(configuration);
        } catch (IOException e) {
            throw new UserException(file + ": " + CONFIGURATION + " is not valid JSON; the file is corrupt or not a model");
        }
        if (tree == null || !tree.isObject()) {
            throw new UserException(file + ": " + CONFIGURATION + " is not a JSON object; not a model");
        }
        checkClasses(file, tree);
    }

    private static void checkClasses(Path file, JsonNode node) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("@class") && f.getValue().isTextual()
                        && CLASS_PREFIXES.stream().noneMatch(f.getValue().asText()::startsWith)) {
                    throw new UserException(file + ": " + CONFIGURATION + " names class '"
                            + printable(f.getValue().asText()) + "', which is not part of DL4J, ND4J or seq4j; refusing to load it");
                }
                checkClasses(file, f.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                checkClasses(file, child);
            }
        }
    }

    /** Whether every value is finite: one reduction (a NaN or infinity makes the sum so; weights never overflow it). */
    public static boolean isFinite(INDArray a) {
        return !a.dataType().isFPType() || Double.isFinite(a.sumNumber().doubleValue());
    }

    private static String printable(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
