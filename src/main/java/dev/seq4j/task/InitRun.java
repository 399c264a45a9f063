package dev.seq4j.task;

import dev.seq4j.UserException;
import dev.seq4j.config.ConfigException;
import dev.seq4j.config.RunConfig;
import dev.seq4j.config.TrainSpec;
import dev.seq4j.result.Origin;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.train.FrozenUpdater;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The finished run a new run starts from ({@code train.init}, {@code train --init RUN}): fine-tuning. A task's
 * {@link SequenceTask#prepare} reads the init run's inputs (vocabularies, labels, normalisers) through {@link #input}
 * instead of deriving them from the new data, builds its network with {@link #network}, which freezes the layers
 * {@code train.freeze} names and copies the init model's weights layer by layer, and hands this object to its
 * {@link Training} ({@link Training#from}), which records the {@link Origin} in the run's {@code versions.json} and
 * {@code summary.json}.
 */
public final class InitRun {
    /** The config key. */
    public static final String KEY = "train.init";
    /** The name in {@code train.freeze} for every layer on the input side (see {@link #encoder}). */
    public static final String ENCODER = "encoder";
    /** The input of a decoder: layers that depend on it are not part of the {@link #ENCODER}. */
    static final String DECODER_INPUT = dev.seq4j.model.Seq2seqModel.PREVIOUS;

    private final RunDirectory run;
    private final Origin origin;
    private final TrainSpec train;
    private ComputationGraph model;

    private InitRun(RunDirectory run, Origin origin, TrainSpec train) {
        this.run = run;
        this.origin = origin;
        this.train = train;
    }

    /**
     * The init run of {@code config}, opened and checked (a finished run of the same task, with a model), or
     * {@code null} when the config names none; a problem is a one-line {@link UserException} naming
     * {@value #KEY}.
     */
    public static InitRun of(RunConfig config) {
        String given = config.train().init();
        if (given == null) {
            return null;
        }
        RunDirectory run;
        dev.seq4j.result.ObjectiveValue objective;
        try {
            run = RunDirectory.open(Path.of(given));
            String task = run.config().task();
            if (!task.equals(config.task())) {
                throw new UserException(run.root() + " is a run of task '" + task + "', this config's task is '"
                        + config.task() + "'; a run starts only from a run of its own task");
            }
            objective = Tasks.summary(run).objective();
            if (!java.nio.file.Files.exists(run.path(RunDirectory.MODEL), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new UserException(run.root() + " trained no network (its model.forecaster is "
                        + run.config().model().forecaster() + "); there are no weights to start from");
            }
        } catch (InvalidPathException e) {
            throw new ConfigException(KEY, "not a path: " + given);
        } catch (UserException e) { // the run's own problem, told under the key that named it
            throw new ConfigException(KEY, e.getMessage());
        }
        String sha = RunDirectory.sha256(run.input(RunDirectory.MODEL));
        Origin origin = new Origin(run.root().toAbsolutePath().normalize().toString(), objective, sha);
        return new InitRun(run, origin, config.train());
    }

    /** The init run's directory, to read its inputs with {@link RunDirectory#input}. */
    public RunDirectory run() {
        return run;
    }

    /** Where the new run comes from, as its summary and versions record it. */
    public Origin origin() {
        return origin;
    }

    /** {@code train.initVocab}: what becomes of tokens the init run's vocabulary lacks. */
    public TrainSpec.InitVocab vocabulary() {
        return train.initVocab();
    }

    /** The init run's file {@code name} (see {@link RunDirectory#input}). */
    public Path input(String name) {
        return run.input(name);
    }

    /** The init run's best model, read and checked against its inputs once. */
    public ComputationGraph model() {
        if (model == null) {
            try {
                model = run.model();
            } catch (UserException e) {
                throw new ConfigException(KEY, e.getMessage());
            }
        }
        return model;
    }

    /**
     * The output layer {@code layer} as a {@code fresh} layer of {@link #network} when a run's {@code labels} are not
     * its init run's ({@code init}; {@code null} for none): {@code what} names them, e.g. {@code tags}.
     */
    public static Map<String, String> freshOutput(List<String> init, List<String> labels, String layer, String what) {
        return init == null || init.equals(labels) ? Map.of()
                : Map.of(layer, "the training data's " + what + " are not all among the init run's");
    }

    /**
     * Builds and initialises the network of {@code conf}; with an init run, first freezes the layers
     * {@code train.freeze} names, then copies the init model's weights into every layer but the {@code fresh} ones
     * (a layer whose meaning changed, such as an output layer over another label set). A {@code grown} layer's
     * parameters may be longer than the init model's along the axis given for it (a vocabulary extended at its end: the
     * rows of an embedding, the columns of an output layer): the init run's part is copied; a new row starts as the
     * unknown token's (row 0), a new output column keeps its fresh initialisation. Every other layer must match the
     * init model's exactly, else a one-line error names the layer, the parameter and both shapes. Says on
     * {@code console} what was copied.
     *
     * @param init  the init run, or {@code null} for a network of fresh weights
     * @param fresh the layers not copied, each with why (for the console), e.g. {@code out -> "its tags differ"}
     * @param grown the layers that grow with an extended vocabulary, each with the axis it grows along
     */
    public static ComputationGraph network(ComputationGraphConfiguration conf, InitRun init, Map<String, String> fresh,
                                           Map<String, Integer> grown, PrintWriter console) {
        List<String> frozen = init == null ? List.of() : init.freeze(conf, fresh);
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        if (init != null) {
            Copied copied = init.copyInto(net, fresh, grown);
            for (String name : frozen) {
                if (copied.extended().contains(name)) {
                    throw new ConfigException("train.freeze", "layer '" + name + "' has rows for tokens the init run's "
                            + "vocabulary lacks (train.initVocab: extend), which would never learn if it were frozen; "
                            + "freeze other layers, or keep the vocabulary");
                }
            }
            console.println("init: " + init.origin.run() + " (" + init.origin.objective().metric() + " "
                    + String.format(Locale.ROOT, "%.4g", init.origin.objective().value()) + ", model.zip sha256 "
                    + init.origin.modelSha256().substring(0, 12) + "): " + copied
                    + (frozen.isEmpty() ? "" : "; frozen: " + String.join(", ", frozen)));
            console.flush();
        }
        return net;
    }

    /** Sets the updater of every layer {@code train.freeze} names to {@link FrozenUpdater}; returns their names. */
    private List<String> freeze(ComputationGraphConfiguration conf, Map<String, String> fresh) {
        Map<String, GraphVertex> vertices = conf.getVertices();
        Set<String> layers = new TreeSet<>();
        vertices.forEach((name, v) -> {
            if (v instanceof LayerVertex) {
                layers.add(name);
            }
        });
        Set<String> names = new LinkedHashSet<>();
        for (String name : train.freeze()) {
            if (name.equals(ENCODER)) {
                names.addAll(encoder(conf));
            } else if (layers.contains(name)) {
                names.add(name);
            } else {
                throw new ConfigException("train.freeze", "no layer '" + name + "' in this network; its layers: "
                        + String.join(", ", layers) + " (or " + ENCODER + ")");
            }
        }
        for (String name : names) {
            if (fresh.containsKey(name)) {
                throw new ConfigException("train.freeze", "layer '" + name + "' starts fresh in this run (the init run's "
                        + "is not copied: " + fresh.get(name) + "), so freezing it would keep random weights");
            }
            freeze(((LayerVertex) vertices.get(name)).getLayerConf().getLayer());
        }
        return List.copyOf(names);
    }

    private static void freeze(org.deeplearning4j.nn.conf.layers.Layer layer) {
        if (layer instanceof Bidirectional b) {
            freeze(b.getFwd());
            freeze(b.getBwd());
        } else if (layer instanceof BaseWrapperLayer w) {
            freeze(w.getUnderlying());
        } else if (layer instanceof BaseLayer base) {
            base.setIUpdater(new FrozenUpdater());
            base.setBiasUpdater(new FrozenUpdater());
            base.setRegularization(new ArrayList<>());
            base.setRegularizationBias(new ArrayList<>());
        }
    }

    /**
     * The layers of {@link #ENCODER}: every layer but the network's outputs and, in a network with a decoder input
     * ({@value #DECODER_INPUT}), every layer that depends on it; in the order the network was built.
     */
    static List<String> encoder(ComputationGraphConfiguration conf) {
        Map<String, List<String>> inputs = conf.getVertexInputs();
        Set<String> decoder = new java.util.HashSet<>();
        if (conf.getNetworkInputs().contains(DECODER_INPUT)) {
            decoder.add(DECODER_INPUT);
            boolean grew = true;
            while (grew) { // everything downstream of the decoder input
                grew = false;
                for (Map.Entry<String, List<String>> e : inputs.entrySet()) {
                    if (!decoder.contains(e.getKey()) && e.getValue().stream().anyMatch(decoder::contains)) {
                        decoder.add(e.getKey());
                        grew = true;
                    }
                }
            }
        }
        decoder.addAll(conf.getNetworkOutputs());
        List<String> out = new ArrayList<>();
        conf.getVertices().forEach((name, vertex) -> {
            if (vertex instanceof LayerVertex && !decoder.contains(name)) {
                out.add(name);
            }
        });
        return out;
    }

    /** What {@link #copyInto} did: the layers copied whole, and those whose leading rows were copied. */
    private record Copied(List<String> whole, List<String> extended, Map<String, String> fresh) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("copied " + String.join(", ", whole));
            if (!extended.isEmpty()) {
                s.append("; extended (the init run's rows copied, new ones fresh): ").append(String.join(", ", extended));
            }
            fresh.forEach((name, why) -> s.append("; fresh: ").append(name).append(" (").append(why).append(')'));
            return s.toString();
        }
    }

    /** Copies the init model's parameters into {@code net}. */
    private Copied copyInto(ComputationGraph net, Map<String, String> fresh, Map<String, Integer> grown) {
        ComputationGraph from = model();
        Set<String> fromLayers = new TreeSet<>();
        for (Layer l : from.getLayers()) {
            fromLayers.add(l.conf().getLayer().getLayerName());
        }
        List<String> copied = new ArrayList<>();
        List<String> grewBy = new ArrayList<>();
        for (Layer layer : net.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            fromLayers.remove(name);
            if (fresh.containsKey(name)) {
                continue;
            }
            Layer source = from.getLayer(name);
            if (source == null) {
                throw mismatch("has no layer '" + name + "'");
            }
            Map<String, INDArray> params = layer.paramTable();
            Map<String, INDArray> sourceParams = source.paramTable();
            if (!params.keySet().equals(sourceParams.keySet())) {
                throw mismatch("has parameters " + new TreeSet<>(sourceParams.keySet())
                        + " in layer '" + name + "', this config's network " + new TreeSet<>(params.keySet()));
            }
            boolean grewHere = false;
            for (Map.Entry<String, INDArray> p : params.entrySet()) {
                INDArray target = p.getValue();
                INDArray value = sourceParams.get(p.getKey());
                long[] to = target.shape();
                long[] have = value.shape();
                if (Arrays.equals(to, have)) {
                    target.assign(value);
                } else if (grown.containsKey(name) && grows(have, to, grown.get(name))) {
                    INDArrayIndex[] block = new INDArrayIndex[have.length];
                    for (int d = 0; d < have.length; d++) {
                        block[d] = NDArrayIndex.interval(0, have[d]);
                    }
                    target.get(block).assign(value);
                    if (grown.get(name) == 0 && have.length == 2) {
                        // a new token's input row starts as the unknown token's (row 0 of every vocabulary here): the
                        // init model read the token as unknown, and goes on from there rather than from noise
                        for (long r = have[0]; r < to[0]; r++) {
                            target.getRow(r).assign(value.getRow(0));
                        }
                    }
                    grewHere = true;
                } else {
                    throw mismatch("has layer '" + name + "' parameter " + p.getKey() + " " + Arrays.toString(have)
                            + ", this config's network " + Arrays.toString(to));
                }
            }
            (grewHere ? grewBy : copied).add(name);
        }
        if (!fromLayers.isEmpty()) {
            throw mismatch("has layers this config's network lacks: " + String.join(", ", fromLayers));
        }
        return new Copied(copied, grewBy, fresh);
    }

    /**
     * Whether shape {@code have} is shape {@code to} but shorter along {@code axis}, or along the last axis when it has
     * fewer (an output layer's bias, a vector, grows with its weights' columns).
     */
    private static boolean grows(long[] have, long[] to, int axis) {
        if (have.length != to.length || have.length == 0) {
            return false;
        }
        axis = Math.min(axis, have.length - 1);
        for (int d = 0; d < have.length; d++) {
            if (d == axis ? have[d] > to[d] : have[d] != to[d]) {
                return false;
            }
        }
        return true;
    }

    private UserException mismatch(String problem) {
        return new ConfigException(KEY, "the model of " + run.root() + " differs: it " + problem + "; the model section must "
                + "build the init run's network (its config.yaml: model.cell, model.layers, model.embedding, ...)");
    }
}
