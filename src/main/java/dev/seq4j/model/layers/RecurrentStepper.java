package dev.seq4j.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * A single-precision char LM ({@code one-hot input -> LSTM or GRU layers -> softmax}) one symbol at a time in plain
 * Java ({@link JavaCell}), with its state kept here: what generation does thousands of times a text. Through DL4J's
 * {@code rnnTimeStep} one such step cost about a millisecond for a few hundred thousand multiply-adds -- the graph's
 * bookkeeping, a dozen native calls, and the recurrent layer copying its weights into the layout its kernel reads on
 * every call, because it cannot know that inference does not change them (issue 28: 44 % of generation). A stepper
 * copies the weights once, when it is made, so it must be made again after the network's parameters change (a
 * generation call makes its own). Not thread-safe: it holds one sequence's state.
 */
public final class RecurrentStepper {
    private final List<JavaCell> cells;
    private final List<JavaCell.State> states = new ArrayList<>();
    private final float[][] outW;      // [nIn][V]
    private final float[] outB;
    private final float[] probabilities;

    private RecurrentStepper(List<JavaCell> cells, Layer output) {
        this.cells = cells;
        cells.forEach(c -> states.add(c.state()));
        this.outW = JavaCell.rowMajor(output.getParam("W"));
        this.outB = JavaCell.bias(output);
        this.probabilities = new float[outB.length];
    }

    /**
     * A stepper for {@code net}, or {@code null} when it is not a graph this class steps: exactly
     * {@code input -> rnn0 -> ... -> output} of single-precision LSTM layers (sigmoid gates, tanh) and
     * {@link GRULayer}s, the output a {@link FastRnnOutput} softmax (no residual connections, no bidirectional
     * layers, no other data type). Those go through DL4J as before.
     */
    public static RecurrentStepper of(ComputationGraph net) {
        List<GraphVertex> chain = JavaCell.chain(net);
        if (chain == null) {
            return null;
        }
        List<JavaCell> cells = new ArrayList<>();
        Layer output = null;
        for (GraphVertex vertex : chain) {
            if (output != null || !vertex.hasLayer()) {
                return null;
            }
            Layer layer = vertex.getLayer();
            JavaCell cell = layer.numParams() == 0 ? null : JavaCell.of(layer.conf().getLayer(), layer, "");
            if (cell != null) {
                cells.add(cell);
            } else if (layer instanceof FastRnnOutput out && layer.numParams() > 0
                    && layer.getParam("W").dataType() == DataType.FLOAT
                    && out.layerConf().getActivationFn() instanceof ActivationSoftmax) {
                output = layer;
            } else {
                return null;
            }
        }
        if (output == null || cells.isEmpty()) {
            return null;
        }
        for (int i = 1; i < cells.size(); i++) {
            if (cells.get(i).nIn != cells.get(i - 1).n) {
                return null;
            }
        }
        return output.getParam("W").size(0) == cells.get(cells.size() - 1).n ? new RecurrentStepper(cells, output) : null;
    }

    /** Forgets the state: the next step starts a sequence. */
    public void reset() {
        states.forEach(JavaCell.State::reset);
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
        if (symbol < 0 || symbol >= cells.get(0).nIn) {
            throw new IllegalArgumentException("symbol " + symbol + " outside the vocabulary of " + cells.get(0).nIn);
        }
        float[] x = null;
        for (int i = 0; i < cells.size(); i++) {
            JavaCell.State state = states.get(i);
            cells.get(i).step(x, symbol, state);
            x = state.h;
        }
        JavaCell.softmax(x, outW, outB, probabilities);
        return probabilities;
    }
}
