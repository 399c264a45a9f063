package dev.seq4j.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seq4j.UserException;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.AttentionVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
 * truncated or foreign file as a stack trace. A model file may come from anyone, so here: only a regular file is
 * opened; its zip directory may list only the known entry names (no paths); the configuration (at most
 * {@value #MAX_JSON_ENTRY_BYTES} bytes, read as a stream) may name only DL4J's, ND4J's or our classes, in plain form
 * ({@link Dl4jJson}); every layer width is bounded and the weight count the configuration implies is computed before
 * any array is made; the weights must be exactly that many and the updater state at most a small multiple, each
 * header checked against the bytes present before anything is allocated ({@link ArrayFile}); every weight must be
 * finite; and the inputs recorded in {@code seq4j.json} must be plain files inside the run directory. Each problem is
 * one {@link UserException} naming the file.
 */
public final class ModelFile {
    public static final String CONFIGURATION = "configuration.json";
    public static final String COEFFICIENTS = "coefficients.bin";
    public static final String UPDATER = "updaterState.bin";
    public static final String NO_PARAMS = "noParams.marker";
    public static final String SEQ4J = "seq4j.json";
    static final Set<String> ENTRIES = Set.of(CONFIGURATION, COEFFICIENTS, UPDATER, NO_PARAMS, SEQ4J);
    /** Largest {@code configuration.json} or {@code seq4j.json}: a seq4j model's configuration is tens of KB. */
    static final long MAX_JSON_ENTRY_BYTES = 8L << 20;
    /** Widest layer (inputs, outputs, kernel) read from a file: far above what seq4j builds, far from overflow. */
    static final long MAX_WIDTH = 1L << 28;
    /** Most weights a configuration may imply (2^40, 4 TB of floats): beyond it counts risk overflow. */
    static final long MAX_PARAMS = 1L << 40;
    /** The updater state holds at most this many values per weight (AMSGrad: 3; Adam, Nadam, AdaMax, AdaDelta: 2). */
    static final int MAX_UPDATER_STATE_PER_WEIGHT = 3;
    /** Weights compressed more than this many-fold are refused (trained weights barely compress). */
    static final long MAX_WEIGHT_COMPRESSION = 16;
    /** Weights smaller than this are not checked for compression. */
    static final long MIN_BOMB_BYTES = 16L << 20;
    /** Largest zip central directory: a model's at most five entries take a few hundred bytes. */
    static final long MAX_CENTRAL_DIRECTORY = 1 << 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        Dl4jJson.harden(); // before DL4J reads any configuration in this JVM
    }

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

    /**
     * What a model file holds, read and checked but not yet turned into a network: the configuration's text and its
     * {@link Shape}, the weights and updater state (each of the length the configuration implies), and the recorded
     * inputs.
     */
    public record Contents(Path file, String configuration, INDArray params, INDArray updater,
                           Map<String, String> inputs, Shape shape) {
        /** Whether the configuration is a multi-layer network's rather than a graph's. */
        boolean isMultiLayer() {
            return shape.layers() != null;
        }
    }

    /**
     * A model's network as its {@code configuration.json} describes it, read and checked without making any array:
     * the widths that vocabularies, label sets and normalisers beside it must have, and the number of weights.
     *
     * @param graph  the configuration of a graph, or {@code null}
     * @param layers the configuration of a multi-layer network, or {@code null}
     * @param params the number of weights the configuration implies
     */
    public record Shape(Path file, ComputationGraphConfiguration graph, MultiLayerConfiguration layers, long params) {
        /** The input width of the graph's layer {@code name} (a vocabulary's size for an embedding). */
        public long nIn(String name) {
            return feedForward(name).getNIn();
        }

        /** The output width of the graph's layer {@code name} (the classes of an output layer). */
        public long nOut(String name) {
            return feedForward(name).getNOut();
        }

        /**
         * The input width of the layers that read the graph's input {@code input} directly (a one-hot vocabulary's
         * size, a series' features); they must agree.
         */
        public long inputWidth(String input) {
            long width = -1;
            if (graph != null && graph.getVertexInputs() != null) {
                for (Map.Entry<String, List<String>> e : graph.getVertexInputs().entrySet()) {
                    if (e.getValue() != null && e.getValue().contains(input)) {
                        long w = nIn(e.getKey());
                        if (width >= 0 && w != width) {
                            throw new UserException(file + ": layers reading '" + Dl4jJson.printable(input)
                                    + "' disagree on its width (" + width + " and " + w + "); the file is corrupt");
                        }
                        width = w;
                    }
                }
            }
            if (width < 0) {
                throw new UserException(file + ": no layer reads an input '" + Dl4jJson.printable(input) + "'; it is "
                        + "not a model of this run's task");
            }
            return width;
        }

        /** The input width of the multi-layer network's first layer. */
        public long firstNIn() {
            return multiLayer(0).getNIn();
        }

        /** The output width of the multi-layer network's last layer. */
        public long lastNOut() {
            return multiLayer(layers.getConfs().size() - 1).getNOut();
        }

        private FeedForwardLayer multiLayer(int i) {
            if (layers == null || i < 0 || layers.getConfs().isEmpty()
                    || !(layers.getConf(i).getLayer() instanceof FeedForwardLayer f)) {
                throw new UserException(file + ": not the multi-layer network seq4j writes for this file");
            }
            return f;
        }

        /** The graph's vertex {@code name} as the layer with a width that each task's model has there. */
        private FeedForwardLayer feedForward(String name) {
            GraphVertex v = graph == null ? null : graph.getVertices().get(name);
            Layer layer = v instanceof LayerVertex lv && lv.getLayerConf() != null ? lv.getLayerConf().getLayer() : null;
            while (layer instanceof BaseWrapperLayer w) {
                layer = w.getUnderlying();
            }
            if (layer instanceof Bidirectional b) {
                layer = b.getFwd();
            }
            if (!(layer instanceof FeedForwardLayer f)) {
                throw new UserException(file + ": has no layer '" + Dl4jJson.printable(name) + "' with a width; it is "
                        + "not a model of this run's task");
            }
            return f;
        }

        /** Whether the graph has a vertex {@code name}. */
        public boolean has(String name) {
            return graph != null && graph.getVertices().containsKey(name);
        }
    }

    /** Reads {@code file}'s configuration alone (no weights) and checks it; any problem names the file. */
    public static Shape shape(Path file) {
        try (ZipFile zip = open(file)) {
            return shape(file, new String(entry(zip, file, CONFIGURATION, MAX_JSON_ENTRY_BYTES), StandardCharsets.UTF_8));
        } catch (ZipException e) {
            throw notAZip(file, e);
        } catch (IOException e) {
            throw new UserException(file + ": cannot read (" + UserException.firstLine(e) + ")");
        }
    }

    /** Reads and checks {@code file}; any problem is a {@link UserException} naming it. */
    public static Contents read(Path file) {
        try (ZipFile zip = open(file)) {
            String configuration = new String(entry(zip, file, CONFIGURATION, MAX_JSON_ENTRY_BYTES),
                    StandardCharsets.UTF_8);
            Shape shape = shape(file, configuration);
            checkCompression(file, zip.getEntry(COEFFICIENTS), shape);
            INDArray params = zip.getEntry(COEFFICIENTS) != null
                    ? ArrayFile.read(() -> zip.getInputStream(zip.getEntry(COEFFICIENTS)), file + ": entry " + COEFFICIENTS,
                    shape.params(), shape.params()) : null;
            if (params == null && zip.getEntry(NO_PARAMS) == null) {
                throw new UserException(file + ": no " + COEFFICIENTS + " in it; the file is incomplete");
            }
            if (params == null && shape.params() > 0) {
                throw new UserException(file + ": no weights in it for a configuration of " + shape.params()
                        + "; the file is corrupt");
            }
            INDArray updater = zip.getEntry(UPDATER) != null
                    ? ArrayFile.read(() -> zip.getInputStream(zip.getEntry(UPDATER)), file + ": entry " + UPDATER, 0,
                    MAX_UPDATER_STATE_PER_WEIGHT * shape.params()) : null;
            if (params != null && !isFinite(params)) {
                throw new UserException(file + ": the weights hold NaN or infinite values; the model diverged "
                        + "before it was saved and cannot be used");
            }
            Map<String, String> inputs = new LinkedHashMap<>();
            if (zip.getEntry(SEQ4J) != null) {
                inputs = inputs(file, entry(zip, file, SEQ4J, MAX_JSON_ENTRY_BYTES));
            }
            return new Contents(file, configuration, params, updater, inputs, shape);
        } catch (ZipException e) {
            throw notAZip(file, e);
        } catch (IOException e) {
            throw new UserException(file + ": cannot read (" + UserException.firstLine(e) + ")");
        }
    }

    /**
     * Refuses weights that would expand from a zip far more than trained weights can: their low mantissa bits are
     * noise, so they compress to about 90 % (a trained char LM's to 93 %, its updater state to 95 %), while a zip bomb
     * of zeros compresses a thousandfold. Only large entries are checked (at least {@value #MIN_BOMB_BYTES} bytes
     * expanded), so a small model of mostly zero weights still loads; the updater state is not checked (Adam's state
     * is all zeros before the first step).
     */
    private static void checkCompression(Path file, ZipEntry entry, Shape shape) {
        if (entry == null || entry.getMethod() != ZipEntry.DEFLATED || entry.getCompressedSize() < 0) {
            return;
        }
        org.nd4j.linalg.api.buffer.DataType type = shape.graph() != null ? shape.graph().getDataType()
                : shape.layers().getDataType();
        long expanded = shape.params() * (type != null && type.isFPType() ? type.width() : 2);
        if (expanded >= MIN_BOMB_BYTES && entry.getCompressedSize() * MAX_WEIGHT_COMPRESSION < expanded) {
            throw new UserException(file + ": entry " + COEFFICIENTS + " would expand from " + entry.getCompressedSize()
                    + " bytes to at least " + expanded + "; trained weights do not compress like that (a zip bomb, or "
                    + "not a seq4j model)");
        }
    }

    private static UserException notAZip(Path file, ZipException e) {
        return new UserException(file + ": not a readable zip file (" + UserException.firstLine(e)
                + "); it is truncated, corrupt or not a model");
    }

    /**
     * Opens {@code file} as a zip of only the entries a model has. Its central directory is checked first: Java's
     * {@code ZipFile} reads it whole into memory, at whatever size the end record declares.
     */
    private static ZipFile open(Path file) throws IOException {
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new UserException(file + ": no such model file");
        }
        if (Files.isDirectory(file)) {
            throw new UserException(file + ": not a file (expected a model zip)");
        }
        RunFiles.regular(file);
        checkCentralDirectory(file);
        ZipFile zip = new ZipFile(file.toFile());
        try {
            Set<String> names = new HashSet<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (!ENTRIES.contains(name)) {
                    throw new UserException(file + ": unexpected zip entry '" + Dl4jJson.printable(name) + "' (a seq4j "
                            + "model holds only " + ENTRIES.stream().sorted().toList() + "; it is not a seq4j model, or "
                            + "was made by another tool)");
                }
                if (!names.add(name)) {
                    throw new UserException(file + ": zip entry '" + name + "' appears twice; the file is corrupt");
                }
            }
            if (!names.contains(CONFIGURATION)) {
                throw new UserException(file + ": no " + CONFIGURATION + " in it; not a DL4J model");
            }
            return zip;
        } catch (RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    /**
     * Refuses a zip whose end record declares a central directory larger than a model's few entries need (or a
     * ZIP64 one): found in the last 64 KiB + 22 bytes, as {@code ZipFile} looks for it.
     */
    private static void checkCentralDirectory(Path file) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            long size = ch.size();
            int tail = (int) Math.min(size, 0xFFFF + 22);
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(tail).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            while (buffer.hasRemaining() && ch.read(buffer, size - tail + buffer.position()) > 0) {
                // read the tail
            }
            for (int at = tail - 22; at >= 0; at--) {
                if (buffer.getInt(at) == 0x06054b50) { // end of central directory record
                    long entries = buffer.getShort(at + 10) & 0xFFFF;
                    long length = buffer.getInt(at + 12) & 0xFFFFFFFFL;
                    if (entries > ENTRIES.size() || length > MAX_CENTRAL_DIRECTORY) {
                        throw new UserException(file + ": its zip directory declares " + entries + " entries in "
                                + length + " bytes; a model has at most " + ENTRIES.size() + "; not a seq4j model");
                    }
                    return;
                }
            }
        }
        // no end record: ZipFile reports the file as not a zip
    }

    /**
     * Parses and checks a configuration: type ids first ({@link Dl4jJson}), then DL4J's own reading, then every
     * layer's width and the number of weights, without making an array.
     */
    private static Shape shape(Path file, String configuration) {
        JsonNode tree = Dl4jJson.checkTypeIds(file, CONFIGURATION, configuration);
        try {
            if (tree.has("vertices")) {
                ComputationGraphConfiguration graph = ComputationGraphConfiguration.fromJson(configuration);
                if (graph.getNetworkInputs() == null || graph.getNetworkInputs().isEmpty() || graph.getVertices().isEmpty()) {
                    throw new UserException(file + ": " + CONFIGURATION + " describes no network");
                }
                long params = 0;
                for (Map.Entry<String, GraphVertex> v : graph.getVertices().entrySet()) {
                    checkWidths(file, v.getKey(), v.getValue());
                    params = addParams(file, params, v.getValue().numParams(true));
                }
                return new Shape(file, graph, null, params);
            }
            if (tree.has("confs")) {
                MultiLayerConfiguration layers = MultiLayerConfiguration.fromJson(configuration);
                if (layers.getConfs() == null || layers.getConfs().isEmpty()) {
                    throw new UserException(file + ": " + CONFIGURATION + " describes no network");
                }
                long params = 0;
                for (NeuralNetConfiguration c : layers.getConfs()) {
                    checkWidths(file, String.valueOf(c.getLayer().getLayerName()), c.getLayer());
                    params = addParams(file, params, c.getLayer().initializer().numParams(c));
                }
                return new Shape(file, null, layers, params);
            }
        } catch (UserException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UserException(file + ": " + CONFIGURATION + " is not a network configuration ("
                    + folded(e) + ")");
        }
        throw new UserException(file + ": " + CONFIGURATION + " describes no network");
    }

    private static long addParams(Path file, long sum, long params) {
        if (params < 0 || params > MAX_PARAMS || sum + params > MAX_PARAMS) {
            throw new UserException(file + ": " + CONFIGURATION + " implies more than " + MAX_PARAMS + " weights; "
                    + "not a model seq4j trains");
        }
        return sum + params;
    }

    /**
     * Refuses a layer (or attention vertex) wider than {@link #MAX_WIDTH}: DL4J computes parameter counts with plain
     * long arithmetic, which larger widths could overflow into a small, plausible count.
     */
    private static void checkWidths(Path file, String name, Object layer) {
        if (layer instanceof LayerVertex v && v.getLayerConf() != null) {
            checkWidths(file, name, v.getLayerConf().getLayer());
        } else if (layer instanceof BaseWrapperLayer w) {
            checkWidths(file, name, w.getUnderlying());
        } else if (layer instanceof Bidirectional b) {
            checkWidths(file, name, b.getFwd());
            checkWidths(file, name, b.getBwd());
        } else if (layer instanceof AttentionVertex a) {
            for (long w : new long[]{a.getNInKeys(), a.getNInValues(), a.getNInQueries(), a.getNOut(), a.getNHeads(),
                    a.getHeadSize()}) {
                checkWidth(file, name, w);
            }
        } else if (layer instanceof FeedForwardLayer f) {
            checkWidth(file, name, f.getNIn());
            checkWidth(file, name, f.getNOut());
            if (layer instanceof ConvolutionLayer c) {
                for (int k : c.getKernelSize()) {
                    checkWidth(file, name, k);
                }
            }
        }
    }

    private static void checkWidth(Path file, String name, long width) {
        if (width < 0 || width > MAX_WIDTH) {
            throw new UserException(file + ": " + CONFIGURATION + " gives layer '" + Dl4jJson.printable(name)
                    + "' a width of " + width + " (seq4j builds at most " + MAX_WIDTH + "); not a model seq4j trains");
        }
    }

    /** The recorded inputs of {@code seq4j.json}: plain names to SHA-256 hex strings. */
    private static Map<String, String> inputs(Path file, byte[] json) {
        JsonNode meta;
        try {
            meta = RunFiles.STRICT.readTree(json);
        } catch (IOException e) {
            throw new UserException(file + ": " + SEQ4J + " is not valid JSON (" + (e instanceof
                    com.fasterxml.jackson.core.JsonProcessingException j ? RunFiles.oneLine(j) : e.getMessage())
                    + "); the file is corrupt");
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        JsonNode in = meta == null ? null : meta.path("inputs");
        if (in != null && !in.isMissingNode() && !in.isObject()) {
            throw new UserException(file + ": " + SEQ4J + " has no object 'inputs'; the file is corrupt");
        }
        if (in != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!f.getValue().isTextual() || !f.getValue().asText().matches("[0-9a-f]{64}")) {
                    throw new UserException(file + ": " + SEQ4J + " records no SHA-256 for '"
                            + Dl4jJson.printable(f.getKey()) + "'; the file is corrupt");
                }
                inputs.put(f.getKey(), f.getValue().asText());
            }
        }
        return inputs;
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
            conf = ComputationGraphConfiguration.fromJson(c.configuration()); // a fresh one: setDataType changes it
        } catch (RuntimeException e) {
            throw new UserException(c.file() + ": " + CONFIGURATION + " is not a ComputationGraph configuration ("
                    + folded(e) + ")");
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
            throw new UserException(file + ": " + CONFIGURATION + " is not a network configuration (" + folded(e) + ")");
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
            throw new UserException(c.file() + ": the weights do not fit the configuration (" + folded(e)
                    + "); the file is corrupt");
        }
        if (c.params() != null && params.get().length() != c.params().length()) {
            throw new UserException(c.file() + ": " + c.params().length() + " weights for a configuration of "
                    + params.get().length() + "; the file is corrupt");
        }
    }

    /**
     * Refuses a model whose recorded inputs (vocabularies, normalisers, config) differ from the files beside it:
     * a model moved into another run, or files edited after training, would read its inputs wrongly. The names are
     * resolved against the model's directory and must stay inside it; see {@link #checkInputs(Contents, Path)}.
     */
    public static void checkInputs(Contents c) {
        checkInputs(c, c.file().toAbsolutePath().getParent());
    }

    /**
     * As {@link #checkInputs(Contents)} for a model of the run in {@code runRoot} (its own directory, or the run above
     * an ensemble member's, whose files the member names as {@code ../name}). {@code seq4j.json} may come from anyone:
     * a name that is absolute, resolves outside {@code runRoot}, or reaches a symbolic link leading out of it or to
     * anything but a regular file is refused before the file is read.
     */
    public static void checkInputs(Contents c, Path runRoot) {
        // both real paths: the model may have been opened by its real path (RunDirectory.input), the run by a link
        Path dir = real(c.file().toAbsolutePath().getParent());
        Path root = real(runRoot);
        for (Map.Entry<String, String> e : c.inputs().entrySet()) {
            String name = e.getKey();
            Path input = null;
            try {
                Path relative = Path.of(name);
                if (!name.isBlank() && !relative.isAbsolute()) {
                    input = dir.resolve(relative).normalize();
                }
            } catch (java.nio.file.InvalidPathException ex) {
                // refused below
            }
            if (input == null || !input.startsWith(root) || input.equals(root)) {
                throw new UserException(c.file() + ": " + SEQ4J + " names an input '" + Dl4jJson.printable(name)
                        + "' that is not a file inside the run directory " + root + "; refusing to read it");
            }
            if (!Files.exists(input, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new UserException(c.file() + ": was trained with " + name + ", which is missing beside it ("
                        + input + "); use the model with the run directory it was trained in");
            }
            String actual = RunDirectory.sha256(RunFiles.inside(root, input)); // hashes the real path it checked
            if (!actual.equals(e.getValue())) {
                throw new UserException(c.file() + ": was trained with a different " + name + " than " + input
                        + " (SHA-256 " + e.getValue().substring(0, 12) + "... against " + actual.substring(0, 12)
                        + "...); use the model with the run directory it was trained in");
            }
        }
    }

    /** {@code dir}'s real path (symbolic links resolved), or its absolute, normalised path when it cannot be resolved. */
    private static Path real(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    /** An entry's bytes, read as a stream and refused past {@code cap} (never trusting its declared size). */
    private static byte[] entry(ZipFile zip, Path file, String name, long cap) throws IOException {
        try (InputStream in = new RunFiles.Bounded(zip.getInputStream(zip.getEntry(name)), cap, file + ": entry "
                + name + " expands to more than " + cap + " bytes; not a seq4j model, refusing to read on")) {
            return in.readAllBytes();
        } catch (ZipException | java.io.EOFException e) {
            throw new UserException(file + ": entry " + name + " is truncated or corrupt (" + e.getMessage() + ")");
        }
    }

    /** An exception's message as one line: the first line of the innermost cause that says something. */
    static String folded(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null
                || t.getMessage().equals(String.valueOf(t.getCause())))) {
            t = t.getCause();
        }
        return UserException.firstLine(t);
    }

    /** Whether every value is finite: one reduction (a NaN or infinity makes the sum so; weights never overflow it). */
    public static boolean isFinite(INDArray a) {
        return !a.dataType().isFPType() || Double.isFinite(a.sumNumber().doubleValue());
    }
}
