package dev.seq4j.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A single-precision char LM ({@code one-hot input -> LSTM or GRU layers -> softmax}) one symbol at a time in plain
 * Java, with its state kept here: what generation does thousands of times a text. Through DL4J's
 * {@code rnnTimeStep} one such step costs about a millisecond for a few hundred thousand multiply-adds -- the graph's
 * bookkeeping, a dozen native calls, and the recurrent layer copying its weights into the layout its kernel reads on
 * every call, because it cannot know that inference does not change them (issue 28: 44 % of generation). A stepper
 * copies the weights once, row-major, when it is made, so it must be made again after the network's parameters
 * change (a generation call makes its own). It computes what {@link LstmCellFloat} and {@link GruCellFloat} compute,
 * with their tanh and sigmoid.
 */
public final class RecurrentStepper {
    /** One recurrent layer's weights, row-major, and its state. */
    private abstract static class Recurrent {
        final int nIn;
        final int n;
        final int gates;
        final float[][] w;    // [nIn][gates * n]
        final float[][] rw;   // [n][gates * n]
        final float[] b;      // [gates * n]
        final float[] h;
        final float[] z;

        Recurrent(Layer layer, int gates) {
            INDArray wp = layer.getParam("W");
            this.nIn = (int) wp.size(0);
            this.n = (int) layer.getParam("RW").size(0);
            this.gates = gates;
            this.w = rowMajor(wp);
            this.rw = rowMajor(layer.getParam("RW"));
            this.b = layer.getParam("b").castTo(DataType.FLOAT).dup().reshape(-1).toFloatVector();
            this.h = new float[n];
            this.z = new float[gates * n];
        }

        /** z = b + x W + h RW, with x one-hot at {@code symbol} (when {@code x} is null) or dense. */
        void preActivations(float[] x, int symbol) {
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

        abstract void step(float[] x, int symbol);

        void reset() {
            Arrays.fill(h, 0f);
        }
    }

    /** DL4J's LSTM: gate blocks [a f o i], a = tanh, the others sigmoid; c = f c' + i a, h = o tanh(c). */
    private static final class Lstm extends Recurrent {
        private final float[] c;

        Lstm(Layer layer) {
            super(layer, 4);
            c = new float[n];
        }

        @Override
        void step(float[] x, int symbol) {
            preActivations(x, symbol);
            int width = 4 * n;
            for (int k = 0; k < n; k++) {
                axpy(h[k], rw[k], z, 0, width);
            }
            for (int j = 0; j < n; j++) {
                float a = LstmCellFloat.tanh(z[j]);
                float f = sigmoid(z[n + j]);
                float o = sigmoid(z[2 * n + j]);
                float i = sigmoid(z[3 * n + j]);
                c[j] = f * c[j] + i * a;
                h[j] = o * LstmCellFloat.tanh(c[j]);
            }
        }

        @Override
        void reset() {
            super.reset();
            Arrays.fill(c, 0f);
        }
    }

    /** seq4j's GRU ({@link GRU}): blocks [r z n]; n = tanh(x Wn + (r h') Un + bn), h = (1 - z) n + z h'. */
    private static final class Gru extends Recurrent {
        private final float[] rh;
        private final float[] u;

        Gru(Layer layer) {
            super(layer, 3);
            rh = new float[n];
            u = new float[3 * n];
        }

        @Override
        void step(float[] x, int symbol) {
            preActivations(x, symbol);
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

    private final List<Recurrent> layers;
    private final float[][] outW;      // [nIn][V]
    private final float[] outB;
    private final float[] probabilities;

    private RecurrentStepper(List<Recurrent> layers, Layer output) {
        this.layers = layers;
        this.outW = rowMajor(output.getParam("W"));
        INDArray bias = output.getParam("b");
        int v = (int) output.getParam("W").size(1);
        this.outB = bias == null ? new float[v] : bias.castTo(DataType.FLOAT).dup().reshape(-1).toFloatVector();
        this.probabilities = new float[v];
    }

    /**
     * A stepper for {@code net}, or {@code null} when it is not a graph this class steps: exactly
     * {@code input -> rnn0 -> ... -> output} of single-precision {@link FastLSTMLayer}s on their fast path and
     * {@link GRULayer}s, the output a {@link FastRnnOutput} softmax (no residual connections, no bidirectional
     * layers, no other data type). Those go through DL4J as before.
     */
    public static RecurrentStepper of(ComputationGraph net) {
        if (net.getConfiguration().getNetworkInputs().size() != 1 || net.getNumOutputArrays() != 1) {
            return null;
        }
        List<Recurrent> layers = new ArrayList<>();
        Layer output = null;
        String below = net.getConfiguration().getNetworkInputs().get(0);
        for (int index : net.topologicalSortOrder()) {
            GraphVertex vertex = net.getVertices()[index];
            if (vertex.isInputVertex()) {
                continue;
            }
            List<String> inputs = net.getConfiguration().getVertexInputs().get(vertex.getVertexName());
            if (output != null || !vertex.hasLayer() || inputs.size() != 1 || !inputs.get(0).equals(below)
                    || vertex.getLayer().getParam("W") == null
                    || vertex.getLayer().getParam("W").dataType() != DataType.FLOAT) {
                return null;
            }
            Layer layer = vertex.getLayer();
            if (layer instanceof FastLSTMLayer lstm
                    && FastLSTMLayer.supported(lstm.layerConf(), DataType.FLOAT)) {
                layers.add(new Lstm(layer));
            } else if (layer instanceof GRULayer) {
                layers.add(new Gru(layer));
            } else if (layer instanceof FastRnnOutput out
                    && out.layerConf().getActivationFn() instanceof ActivationSoftmax) {
                output = layer;
            } else {
                return null;
            }
            below = vertex.getVertexName();
        }
        if (output == null || layers.isEmpty()) {
            return null;
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).nIn != layers.get(i - 1).n) {
                return null;
            }
        }
        if (output.getParam("W").size(0) != layers.get(layers.size() - 1).n) {
            return null;
        }
        return new RecurrentStepper(layers, output);
    }

    /** Forgets the state: the next step starts a sequence. */
    public void reset() {
        layers.forEach(Recurrent::reset);
    }

    /** Size of the vocabulary: of the one-hot input and of the distribution {@link #step} returns. */
    public int vocabulary() {
        return probabilities.length;
    }

    /**
     * One step: {@code symbol} in (one-hot), the state carried; returns the next symbol's probabilities, an array
     * this stepper overwrites on its next step.
     */
    public float[] step(int symbol) {
        if (symbol < 0 || symbol >= layers.get(0).nIn) {
            throw new IllegalArgumentException("symbol " + symbol + " outside the vocabulary of " + layers.get(0).nIn);
        }
        float[] x = null;
        for (Recurrent layer : layers) {
            layer.step(x, symbol);
            x = layer.h;
        }
        int v = probabilities.length;
        System.arraycopy(outB, 0, probabilities, 0, v);
        for (int k = 0; k < x.length; k++) {
            axpy(x[k], outW[k], probabilities, 0, v);
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float p : probabilities) {
            max = Math.max(max, p);
        }
        float total = 0f;
        for (int i = 0; i < v; i++) {
            probabilities[i] = (float) Math.exp(probabilities[i] - max);
            total += probabilities[i];
        }
        for (int i = 0; i < v; i++) {
            probabilities[i] /= total;
        }
        return probabilities;
    }

    private static float sigmoid(float x) {
        return 0.5f + 0.5f * LstmCellFloat.tanh(0.5f * x);
    }

    /**
     * y[from, to) += a * x[from, to): one index for both arrays, so that the JIT vectorises the loop (with two
     * offsets it must assume that x and y may overlap at an unknown distance, and did not: 71 against 31-39 us a step of the quick-start model).
     */
    private static void axpy(float a, float[] x, float[] y, int from, int to) {
        for (int j = from; j < to; j++) {
            y[j] += a * x[j];
        }
    }

    /** A {@code [rows, cols]} parameter (DL4J keeps them 'f'-ordered) as an array per row. */
    private static float[][] rowMajor(INDArray matrix) {
        return matrix.castTo(DataType.FLOAT).toFloatMatrix();
    }
}
