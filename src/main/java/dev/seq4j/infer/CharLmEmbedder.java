package dev.seq4j.infer;

import dev.seq4j.data.text.CharVocabulary;
import dev.seq4j.model.RecurrentStack;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Contextual word features from a character language model (Akbik et al. 2018, "Contextual String Embeddings for
 * Sequence Labeling", Flair): a sentence is read as one line of text, {@code "\n" + tokens joined by spaces + " "}, and
 * each word gets the LM's top hidden state at the word's last character (a forward LM: everything up to the word's
 * end) or, for a backward LM ({@code data.reverse}), at its first character (the text read from the end up to the
 * word's start). Words the vocabulary lacks a character of read it as the unknown symbol.
 * <p>
 * Sentences run as one padded minibatch per {@link #BATCH}: a recurrent state depends only on what came before it in
 * the reading direction, so padding at the end changes nothing a word gets. Not thread-safe (the network keeps its
 * activations): calls are synchronized.
 */
public final class CharLmEmbedder {
    /** Sentences per forward pass. */
    public static final int BATCH = 32;

    private final ComputationGraph net;
    private final dev.seq4j.config.ModelSpec model;
    private final CharVocabulary vocabulary;
    private final boolean backward;
    private final String top;
    private final int width;

    private CharLmEmbedder(ComputationGraph net, dev.seq4j.config.ModelSpec model, CharVocabulary vocabulary,
                           boolean backward, String top, int width) {
        this.net = net;
        this.model = model;
        this.vocabulary = vocabulary;
        this.backward = backward;
        this.top = top;
        this.width = width;
    }

    /**
     * The embedder of a char LM's network {@code net}, built from {@code model} (its config's model section), reading
     * {@code vocabulary}, backwards when {@code backward}; {@code CharLmTask.embedder} makes one of a finished run.
     */
    public static CharLmEmbedder of(ComputationGraph net, CharVocabulary vocabulary, dev.seq4j.config.ModelSpec model,
                                    boolean backward) {
        return new CharLmEmbedder(net, model, vocabulary, backward, RecurrentStack.top(model),
                RecurrentStack.outputSize(model));
    }

    /** Features per word. */
    public int width() {
        return width;
    }

    /** Characters in the LM's vocabulary (its one-hot input's width). */
    public int vocabularySize() {
        return vocabulary.size();
    }

    /** The LM's network (its trained weights, for a model that runs it inside its own graph). */
    public ComputationGraph network() {
        return net;
    }

    /** The LM's model section. */
    public dev.seq4j.config.ModelSpec model() {
        return model;
    }

    /** Whether the LM reads backwards. */
    public boolean backward() {
        return backward;
    }

    /** The features of every word of every sentence: {@code [sentence][word][width()]}. */
    public synchronized float[][][] embed(List<List<String>> sentences) {
        float[][][] out = new float[sentences.size()][][];
        for (int from = 0; from < sentences.size(); from += BATCH) {
            List<List<String>> batch = sentences.subList(from, Math.min(sentences.size(), from + BATCH));
            float[][][] got = embedBatch(batch);
            System.arraycopy(got, 0, out, from, got.length);
        }
        return out;
    }

    /**
     * A sentence as the LM reads it, and where each word's feature is read: the index of the character whose state
     * it is, in reading order of the LM.
     */
    public record Line(int[] ids, int[] at) {
    }

    /** {@code tokens} as this LM reads them: see {@link Line}. */
    public Line line(List<String> tokens) {
        StringBuilder text = new StringBuilder("\n");
        int[] first = new int[tokens.size()];
        int[] last = new int[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            if (i > 0) {
                text.append(' ');
            }
            first[i] = text.codePointCount(0, text.length());
            text.append(tokens.get(i));
            last[i] = text.codePointCount(0, text.length()) - 1;
        }
        text.append(' ');
        int[] codePoints = text.codePoints().toArray();
        int n = codePoints.length;
        if (!backward) {
            return new Line(vocabulary.encode(codePoints), last);
        }
        int[] at = new int[first.length];
        for (int i = 0; i < at.length; i++) {
            at[i] = n - 1 - first[i]; // the word's first character, counted from the end
        }
        return new Line(vocabulary.encode(dev.seq4j.data.text.TextFiles.reversed(codePoints)), at);
    }

    private float[][][] embedBatch(List<List<String>> sentences) {
        List<Line> lines = new ArrayList<>();
        int longest = 1;
        for (List<String> s : sentences) {
            Line l = line(s);
            lines.add(l);
            longest = Math.max(longest, l.ids().length);
        }
        int v = vocabulary.size();
        dev.seq4j.run.ArrayFile.checkMemory("char-LM features of " + sentences.size() + " sentences",
                (long) Float.BYTES * sentences.size() * longest * (2L * v + 2L * width));
        INDArray input = Nd4j.zeros(sentences.size(), v, longest); // [B, V, T] one-hot, zeros past a line's end
        for (int b = 0; b < lines.size(); b++) {
            int[] ids = lines.get(b).ids();
            for (int t = 0; t < ids.length; t++) {
                input.putScalar(b, ids[t], t, 1.0);
            }
        }
        Map<String, INDArray> activations = net.feedForward(new INDArray[]{input}, false, false);
        INDArray states = activations.get(top); // [B, H, T]
        float[][][] out = new float[sentences.size()][][];
        for (int b = 0; b < lines.size(); b++) {
            int[] at = lines.get(b).at();
            out[b] = new float[at.length][];
            for (int i = 0; i < at.length; i++) {
                out[b][i] = states.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(at[i])).toFloatVector();
            }
        }
        return out;
    }
}
