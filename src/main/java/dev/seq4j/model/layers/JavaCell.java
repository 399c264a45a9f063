package dev.seq4j.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.feedforward.embedding.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.layers.recurrent.BidirectionalLayer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One recurrent layer's weights copied out of DL4J once, as an array per row, and its step in plain Java: for inference
 * one sequence at a time ({@link RecurrentStepper}, {@link FrozenClassifier}), where DL4J's per-call costs (graph
 * bookkeeping, native calls, the kernel copying its weights on every call) outweighed the arithmetic many times over.
 * Immutable; the state of a sequence is a {@link State}, so one cell serves any number of threads. It computes what
 * {@link LstmCellFloat} and {@link GruCellFloat} compute, with their tanh and sigmoid.
 */
abstract class JavaCell {
    final int nIn;
    final int n;
    private final int gates;
    final float[][] w;              // [nIn][gates * n]
    final float[][] rw;             // [n][gates * n]
    final float[] b;                // [gates * n]

    private JavaCell(INDArray w, INDArray rw, INDArray b, int gates) {
        this.nIn = (int) w.size(0);
        this.n = (int) rw.size(0);
        this.gates = gates;
        this.w = rowMajor(w);
        this.rw = rowMajor(rw);
        this.b = b.castTo(DataType.FLOAT).dup().reshape(-1).toFloatVector();
    }

    /** DL4J's LSTM (as {@link FastLSTMLayer} computes it) of the parameters {@code W, RW, b}. */
    static JavaCell lstm(INDArray w, INDArray rw, INDArray b) {
        return new Lstm(w, rw, b);
    }

    /** seq4j's {@link GRU} of the parameters {@code W, RW, b}. */
    static JavaCell gru(INDArray w, INDArray rw, INDArray b) {
        return new Gru(w, rw, b);
    }

    /**
     * The cell of a recurrent layer configured by {@code conf} (the layer's own, or a bidirectional layer's direction),
     * its parameters named with {@code prefix} ("" or a bidirectional layer's "f" and "b"): DL4J's LSTM (seq4j's
     * FastLSTM among them) with sigmoid gates and tanh, or seq4j's GRU, in single precision; else null.
     */
    static JavaCell of(org.deeplearning4j.nn.conf.layers.Layer conf, Layer layer, String prefix) {
        INDArray w = layer.getParam(prefix + "W");
        if (w == null || w.dataType() != DataType.FLOAT) {
            return null;
        }
        INDArray rw = layer.getParam(prefix + "RW");
        INDArray b = layer.getParam(prefix + "b");
        if (conf instanceof LSTM lstm
                && lstm.getGateActivationFn() instanceof ActivationSigmoid
                && lstm.getActivationFn() instanceof ActivationTanH) {
            return lstm(w, rw, b);
        }
        return conf instanceof GRU ? gru(w, rw, b) : null;
    }

    /**
     * One recurrent layer's cells: its forward cell, and the backward one of a bidirectional layer, whose outputs are
     * concatenated ({@code concat}) or added.
     */
    record Stage(JavaCell forward, JavaCell backward, boolean concat) {
        int width() {
            return backward != null && concat ? 2 * forward.n : forward.n;
        }

        /** Whether every cell is an LSTM. */
        boolean lstm() {
            return forward.isLstm() && (backward == null || backward.isLstm());
        }
    }

    /**
     * A recurrent layer's cells ({@link #of}), alone or inside a concatenating or adding {@code Bidirectional}; null
     * when it has a cell or mode these cells do not compute.
     */
    static Stage stage(Layer layer) {
        if (layer.numParams() == 0) {
            return null;
        }
        if (layer instanceof BidirectionalLayer) {
            Bidirectional conf = (Bidirectional) layer.conf().getLayer();
            if (conf.getMode() != Bidirectional.Mode.CONCAT && conf.getMode() != Bidirectional.Mode.ADD) {
                return null;
            }
            JavaCell forward = of(conf.getFwd(), layer, "f");
            JavaCell backward = of(conf.getFwd(), layer, "b");
            return forward == null || backward == null ? null
                    : new Stage(forward, backward, conf.getMode() == Bidirectional.Mode.CONCAT);
        }
        JavaCell cell = of(layer.conf().getLayer(), layer, "");
        return cell == null ? null : new Stage(cell, null, false);
    }

    /**
     * Whether {@code layer} is an embedding these paths compute: DL4J's {@code EmbeddingSequenceLayer}, identity
     * activation, single precision.
     */
    static boolean isEmbedding(Layer layer) {
        return layer instanceof EmbeddingSequenceLayer && layer.numParams() > 0
                && layer.conf().getLayer() instanceof BaseLayer base && base.getActivationFn() instanceof ActivationIdentity
                && layer.getParam("W").dataType() == DataType.FLOAT;
    }

    /** An embedding layer's ({@link #isEmbedding}) vectors, one per token, its bias added. */
    static float[][] embeddings(Layer embed) {
        float[][] rows = rowMajor(embed.getParam("W"));
        INDArray b = embed.getParam("b");
        if (b != null) {
            float[] bias = b.castTo(DataType.FLOAT).dup().reshape(-1).toFloatVector();
            for (float[] row : rows) {
                for (int j = 0; j < row.length; j++) {
                    row[j] += bias[j];
                }
            }
        }
        return rows;
    }

    /** An output layer's bias as floats, zeros where it has none. */
    static float[] bias(Layer output) {
        INDArray b = output.getParam("b");
        return b == null ? new float[(int) output.getParam("W").size(1)]
                : b.castTo(DataType.FLOAT).dup().reshape(-1).toFloatVector();
    }

    /** A sequence's state and working arrays for this cell, zero (the start of a sequence). */
    State state() {
        return new State(n, gates);
    }

    /** The state of one sequence: {@code h} is the last step's output. */
    static final class State {
        final float[] h;
        final float[] c;
        final float[] z;
        final float[] u;
        final float[] rh;

        State(int n, int gates) {
            h = new float[n];
            c = new float[n];
            z = new float[gates * n];
            u = new float[gates * n];
            rh = new float[n];
        }

        void reset() {
            Arrays.fill(h, 0f);
            Arrays.fill(c, 0f);
        }

        /** Takes {@code other}'s state (its output and memory cell). */
        void copyFrom(State other) {
            System.arraycopy(other.h, 0, h, 0, h.length);
            System.arraycopy(other.c, 0, c, 0, c.length);
        }
    }

    /** One step of {@code s}: input {@code x} (dense, {@code nIn}), or one-hot at {@code symbol} when x is null. */
    final void step(float[] x, int symbol, State s) {
        inputProjection(x, symbol, s.z);
        recur(s);
    }

    /** One step of {@code s} from its input's projection {@code b + x W} ({@link #projection}), computed earlier. */
    final void stepProjected(float[] projected, State s) {
        System.arraycopy(projected, 0, s.z, 0, projected.length);
        recur(s);
    }

    /** {@code b + x W} of a dense input: what {@link #stepProjected} takes. */
    final float[] projection(float[] x) {
        float[] z = new float[gates * n];
        inputProjection(x, -1, z);
        return z;
    }

    /** Whether this is DL4J's LSTM ({@link #lstm}). */
    final boolean isLstm() {
        return this instanceof Lstm;
    }

    /** Width of a projection: gates x units. */
    final int width() {
        return gates * n;
    }

    /** The rest of a step, {@code s.z} holding the input's projection. */
    abstract void recur(State s);

    /** z = b + x W, x one-hot at {@code symbol} (when {@code x} is null) or dense. */
    final void inputProjection(float[] x, int symbol, float[] z) {
        int width = gates * n;
        System.arraycopy(b, 0, z, 0, width);
        if (x == null) {
            axpy(1f, w[symbol], z, 0, width);
        } else {
            for (int i = 0; i < nIn; i++) {
                if (x[i] != 0f) {
                    axpy(x[i], w[i], z, 0, width);
                }
            }
        }
    }

    /** DL4J's LSTM: gate blocks [a f o i], a = tanh, the others sigmoid; c = f c' + i a, h = o tanh(c). */
    private static final class Lstm extends JavaCell {
        Lstm(INDArray w, INDArray rw, INDArray b) {
            super(w, rw, b, 4);
        }

        @Override
        void recur(State s) {
            float[] z = s.z;
            float[] h = s.h;
            float[] c = s.c;
            for (int k = 0; k < n; k++) {
                axpy(h[k], rw[k], z, 0, 4 * n);
            }
            // one activation a loop, over contiguous blocks, so that each vectorises
            for (int j = 0; j < n; j++) {
                z[j] = LstmCellFloat.tanh(z[j]);
            }
            for (int j = n; j < 4 * n; j++) {
                z[j] = 0.5f + 0.5f * LstmCellFloat.tanh(0.5f * z[j]);
            }
            for (int j = 0; j < n; j++) {
                c[j] = z[n + j] * c[j] + z[3 * n + j] * z[j];
            }
            for (int j = 0; j < n; j++) {
                h[j] = z[2 * n + j] * LstmCellFloat.tanh(c[j]);
            }
        }
    }

    /** seq4j's GRU: blocks [r z n]; n = tanh(x Wn + (r h') Un + bn), h = (1 - z) n + z h'. */
    private static final class Gru extends JavaCell {
        Gru(INDArray w, INDArray rw, INDArray b) {
            super(w, rw, b, 3);
        }

        @Override
        void recur(State s) {
            float[] z = s.z;
            float[] u = s.u;
            float[] h = s.h;
            float[] rh = s.rh;
            Arrays.fill(u, 0f);
            for (int k = 0; k < n; k++) {
                axpy(h[k], rw[k], u, 0, 2 * n);                // h' [Ur Uz]: the first 2n columns of each row
            }
            for (int k = 0; k < n; k++) {
                rh[k] = sigmoid(z[k] + u[k]) * h[k];
            }
            for (int k = 0; k < n; k++) {
                axpy(rh[k], rw[k], u, 2 * n, 3 * n);           // (r h') Un into u[2n, 3n)
            }
            for (int j = 0; j < n; j++) {
                float update = sigmoid(z[n + j] + u[n + j]);
                float candidate = LstmCellFloat.tanh(z[2 * n + j] + u[2 * n + j]);
                h[j] = candidate + update * (h[j] - candidate);
            }
        }
    }

    /**
     * DL4J's LSTM gates of {@code count} units at once, each gate in an array of its own (block input {@code a}, forget
     * {@code f}, output {@code o}, input {@code i}; all overwritten): the memory cells {@code c} advance and the outputs
     * go into {@code h}. One activation a loop, every array at one index: the JIT vectorises those loops, and not a
     * loop of several activations (6.5x slower in a decoder's step).
     */
    static void lstmGates(float[] a, float[] f, float[] o, float[] i, float[] c, float[] h, int count) {
        for (int k = 0; k < count; k++) {
            a[k] = LstmCellFloat.tanh(a[k]);
        }
        for (int k = 0; k < count; k++) {
            f[k] = sigmoid(f[k]);
        }
        for (int k = 0; k < count; k++) {
            o[k] = sigmoid(o[k]);
        }
        for (int k = 0; k < count; k++) {
            i[k] = sigmoid(i[k]);
        }
        for (int k = 0; k < count; k++) {
            c[k] = f[k] * c[k] + i[k] * a[k];
        }
        for (int k = 0; k < count; k++) {
            a[k] = LstmCellFloat.tanh(c[k]);
        }
        for (int k = 0; k < count; k++) {
            h[k] = o[k] * a[k];
        }
    }

    static float sigmoid(float x) {
        return 0.5f + 0.5f * LstmCellFloat.tanh(0.5f * x);
    }

    /**
     * y[from, to) += a * x[from, to): one index for both arrays, so that the JIT vectorises the loop (with two
     * offsets it must assume that x and y may overlap at an unknown distance, and did not: 71 against 31-39 us a step
     * of the quick-start char LM).
     */
    static void axpy(float a, float[] x, float[] y, int from, int to) {
        for (int j = from; j < to; j++) {
            y[j] += a * x[j];
        }
    }

    /** A {@code [rows, cols]} parameter (DL4J keeps them 'f'-ordered) as an array per row. */
    static float[][] rowMajor(INDArray matrix) {
        return matrix.castTo(DataType.FLOAT).toFloatMatrix();
    }

    /**
     * The vertices of {@code net} after its one input, in order, when it is a chain (one input, one output, each vertex
     * taking exactly the one before it); else null.
     */
    static List<GraphVertex> chain(ComputationGraph net) {
        if (net.getConfiguration().getNetworkInputs().size() != 1 || net.getNumOutputArrays() != 1) {
            return null;
        }
        List<GraphVertex> chain = new ArrayList<>();
        String below = net.getConfiguration().getNetworkInputs().get(0);
        for (int index : net.topologicalSortOrder()) {
            GraphVertex vertex = net.getVertices()[index];
            if (vertex.isInputVertex()) {
                continue;
            }
            List<String> inputs = net.getConfiguration().getVertexInputs().get(vertex.getVertexName());
            if (inputs.size() != 1 || !inputs.get(0).equals(below)) {
                return null;
            }
            chain.add(vertex);
            below = vertex.getVertexName();
        }
        return chain;
    }

    /** softmax(b + x W) into {@code out}, W as rows ({@link #rowMajor}). */
    static void softmax(float[] x, float[][] w, float[] b, float[] out) {
        int v = out.length;
        System.arraycopy(b, 0, out, 0, v);
        for (int k = 0; k < x.length; k++) {
            axpy(x[k], w[k], out, 0, v);
        }
        softmax(out);
    }

    /** The softmax of {@code out}'s values (logits), in place. */
    static void softmax(float[] out) {
        int v = out.length;
        float max = Float.NEGATIVE_INFINITY;
        for (float p : out) {
            max = Math.max(max, p);
        }
        float total = 0f;
        for (int i = 0; i < v; i++) {
            out[i] = (float) Math.exp(out[i] - max);
            total += out[i];
        }
        for (int i = 0; i < v; i++) {
            out[i] /= total;
        }
    }
}
