package dev.seq4j.task;

import dev.seq4j.UserException;
import dev.seq4j.config.ConfigException;
import dev.seq4j.config.ModelSpec;
import dev.seq4j.data.tagging.TaggedSentence;
import dev.seq4j.data.RowContext;
import dev.seq4j.infer.CharLmEmbedder;
import dev.seq4j.infer.CharLmInputs;
import dev.seq4j.model.CharLmBranch;
import org.deeplearning4j.nn.graph.ComputationGraph;
import dev.seq4j.run.RunDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tagger's or text classifier's contextual character features ({@code model.charLm}, {@code model.charLmBackward};
 * issue 30): a forward and/or a backward char LM run, each word's features the two LMs' {@link CharLmEmbedder} vectors
 * side by side (forward first). A run trained with them keeps a copy of each LM in {@value #FORWARD} and
 * {@value #BACKWARD} (its config, model, vocabulary and summary) and says where they came from in {@value #FILE}, so
 * it loads, evaluates and serves with exactly the LMs it was trained with, wherever they are now.
 * <p>
 * With {@code model.charLmTrainable} the LMs are not run beforehand: their layers join the tagger's or classifier's model
 * ({@link CharLmBranch}), start from the LMs' weights ({@link #copyWeights}) and train with it; the split then carries
 * the LMs' inputs ({@link CharLmInputs}) and the copies serve for their vocabularies and settings.
 */
public final class CharLmFeatures {
    /** The copy of the forward LM in a tagger's run. */
    public static final String FORWARD = "charlm-forward";
    /** The copy of the backward LM. */
    public static final String BACKWARD = "charlm-backward";
    /** Where the LMs came from: {@code {forward|backward: {run, modelSha256, width}}}. */
    public static final String FILE = "charlm.json";
    /** The files of an LM run a copy holds. */
    static final List<String> COPIED = List.of(RunDirectory.CONFIG, RunDirectory.MODEL, CharLmTask.VOCAB,
            RunDirectory.SUMMARY);

    /** Each direction's LM run and embedder, forward first; one or two. */
    private final Map<String, RunDirectory> runs;
    private final Map<String, CharLmEmbedder> embedders;
    /** Whether the LMs train inside the model ({@code model.charLmTrainable}). */
    private final boolean trainable;

    private CharLmFeatures(Map<String, RunDirectory> runs, Map<String, CharLmEmbedder> embedders, boolean trainable) {
        this.runs = runs;
        this.embedders = embedders;
        this.trainable = trainable;
    }

    /**
     * The LMs a tagging or textclass config names, opened and checked (finished char LM runs, each reading in its direction), or
     * {@code null} for none; a problem is a one-line {@link ConfigException} naming the key.
     */
    public static CharLmFeatures of(ModelSpec model) {
        Map<String, RunDirectory> runs = new LinkedHashMap<>();
        Map<String, CharLmEmbedder> embedders = new LinkedHashMap<>();
        open("model.charLm", model.charLm(), false, FORWARD, runs, embedders);
        open("model.charLmBackward", model.charLmBackward(), true, BACKWARD, runs, embedders);
        return runs.isEmpty() ? null : new CharLmFeatures(runs, embedders, model.charLmTrainable());
    }

    private static void open(String key, String given, boolean backward, String name, Map<String, RunDirectory> runs,
                             Map<String, CharLmEmbedder> embedders) {
        if (given == null) {
            return;
        }
        try {
            RunDirectory run = RunDirectory.open(Path.of(given));
            CharLmEmbedder embedder = CharLmTask.embedder(run);
            if (embedder.backward() != backward) {
                throw new UserException(run.root() + " reads " + (embedder.backward() ? "backwards" : "forwards")
                        + " (its data.reverse is " + embedder.backward() + "); " + key + " needs a "
                        + (backward ? "backward" : "forward") + " one");
            }
            runs.put(name, run);
            embedders.put(name, embedder);
        } catch (InvalidPathException e) {
            throw new ConfigException(key, "not a path: " + given);
        } catch (UserException e) {
            throw new ConfigException(key, e.getMessage());
        }
    }

    /**
     * The LMs a finished run was trained with, from its copies; {@code null} when its config names none. Their width
     * must be the model's {@code context} input ({@code width}), else a {@link UserException}.
     */
    public static CharLmFeatures load(RunDirectory tagger, ModelSpec model, long width) {
        Map<String, RunDirectory> runs = new LinkedHashMap<>();
        Map<String, CharLmEmbedder> embedders = new LinkedHashMap<>();
        for (String name : directions(model)) {
            RunDirectory copy = RunDirectory.open(tagger.path(name));
            runs.put(name, copy);
            embedders.put(name, CharLmTask.embedder(copy));
        }
        if (runs.isEmpty()) {
            if (width != 0) {
                throw new UserException(tagger.root() + ": its model reads " + width + " features a word more than its "
                        + "own, but its config names no char LM; the run directory is corrupt");
            }
            return null;
        }
        CharLmFeatures features = new CharLmFeatures(runs, embedders, model.charLmTrainable());
        if (features.width() != width) {
            throw new UserException(tagger.root() + ": its char LMs give " + features.width() + " features a word, its "
                    + "model reads " + width + "; the run directory is corrupt");
        }
        return features;
    }

    private static List<String> directions(ModelSpec model) {
        List<String> out = new ArrayList<>();
        if (model.charLm() != null) {
            out.add(FORWARD);
        }
        if (model.charLmBackward() != null) {
            out.add(BACKWARD);
        }
        return out;
    }

    /** Features a word: the LMs' widths summed. */
    public int width() {
        return embedders.values().stream().mapToInt(CharLmEmbedder::width).sum();
    }

    /**
     * What a split of {@code sentences} carries for the model: every token's features (the forward LM's, then the
     * backward one's) or, when the LMs train inside the model, their inputs.
     */
    public RowContext context(List<TaggedSentence> sentences) {
        return textContext(sentences.stream().map(TaggedSentence::tokens).toList());
    }

    /** As {@link #context}, for texts given as their tokens. */
    public RowContext textContext(List<List<String>> tokens) {
        return trainable ? CharLmInputs.of(List.copyOf(embedders.values()), tokens)
                : new RowContext.Features(embed(tokens));
    }

    /** The width of the features computed beforehand that a model with {@code lms} reads: 0 for none or trainable. */
    static int featureWidth(CharLmFeatures lms) {
        return lms == null || lms.trainable ? 0 : lms.width();
    }

    /**
     * The branches of a model that trains {@code lms} inside it ({@link CharLmBranch}), forward first; none for no or
     * frozen LMs.
     */
    static List<CharLmBranch> branches(CharLmFeatures lms) {
        List<CharLmBranch> out = new ArrayList<>();
        if (lms != null && lms.trainable) {
            lms.embedders.forEach((name, lm) -> out.add(new CharLmBranch(prefix(name), lm.model(),
                    lm.vocabularySize())));
        }
        return out;
    }

    /** Starts the LM branches of a new model {@code net} (one without an init run) from the LMs' weights. */
    static void startFrom(CharLmFeatures lms, ComputationGraph net, InitRun init) {
        if (lms != null && lms.trainable && init == null) {
            lms.copyWeights(net);
        }
    }

    /** What the vertices of an LM's branch are called by: {@code forward_}, {@code backward_}. */
    private static String prefix(String name) {
        return direction(name) + "_";
    }

    /** The direction of the LM copy {@code name}: {@code forward} or {@code backward}. */
    private static String direction(String name) {
        return name.substring(name.indexOf('-') + 1);
    }

    /**
     * Starts each of {@code model}'s LM branches from the LM's trained weights: every layer of the LM but its output
     * layer, copied to the branch's layer of the same name.
     */
    void copyWeights(ComputationGraph model) {
        embedders.forEach((name, lm) -> {
            for (org.deeplearning4j.nn.api.Layer layer : lm.network().getLayers()) {
                String layerName = layer.conf().getLayer().getLayerName();
                if (layer.numParams() == 0 || layerName.equals(dev.seq4j.model.CharLmModel.OUTPUT)) {
                    continue;
                }
                org.deeplearning4j.nn.api.Layer to = model.getLayer(prefix(name) + layerName);
                if (to == null || to.numParams() != layer.numParams()) {
                    throw new IllegalStateException("the tagger's " + prefix(name) + layerName + " does not match "
                            + "the char LM's " + layerName);
                }
                to.setParams(layer.params().dup());
            }
        });
    }

    /** The features of every token of every text, {@code [text][token][width()]}: forward LM's, then backward's. */
    public float[][][] embed(List<List<String>> tokens) {
        List<float[][][]> parts = new ArrayList<>();
        for (CharLmEmbedder e : embedders.values()) {
            parts.add(e.embed(tokens));
        }
        float[][][] out = new float[tokens.size()][][];
        int w = width();
        for (int s = 0; s < out.length; s++) {
            out[s] = new float[tokens.get(s).size()][w];
            for (int i = 0; i < out[s].length; i++) {
                int at = 0;
                for (float[][][] part : parts) {
                    System.arraycopy(part[s][i], 0, out[s][i], at, part[s][i].length);
                    at += part[s][i].length;
                }
            }
        }
        return out;
    }

    /** Copies each LM into the run {@code tagger} ({@value #FORWARD}, {@value #BACKWARD}) and writes {@value #FILE}. */
    public void copyInto(RunDirectory tagger) {
        Map<String, Object> record = new LinkedHashMap<>();
        runs.forEach((name, run) -> {
            RunDirectory copy = tagger.member(name);
            for (String file : COPIED) {
                try {
                    copy.writeBytes(file, Files.readAllBytes(run.input(file)));
                } catch (IOException e) {
                    throw new UserException(run.path(file) + ": cannot read (" + UserException.firstLine(e) + ")");
                }
            }
            record.put(direction(name), Map.of(
                    "run", run.root().toAbsolutePath().normalize().toString(),
                    "modelSha256", RunDirectory.sha256(run.input(RunDirectory.MODEL)),
                    "width", embedders.get(name).width(),
                    "trainable", trainable));
        });
        tagger.writeJson(FILE, record);
    }

    /** Tells the console which LMs, how wide, and that their features are being computed for every {@code unit}. */
    void announce(java.io.PrintWriter console, String unit) {
        console.println(describe() + (trainable ? "; trained with the model, reading every " + unit
                : "; computing them for every " + unit));
        console.flush();
    }

    /** For the console: which LMs, how wide. */
    private String describe() {
        List<String> parts = new ArrayList<>();
        runs.forEach((name, run) -> parts.add(direction(name) + " " + run.root() + " ("
                + embedders.get(name).width() + ")"));
        return "char-LM features: " + String.join(", ", parts);
    }
}
