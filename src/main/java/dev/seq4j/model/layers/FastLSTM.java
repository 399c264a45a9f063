package dev.seq4j.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * DL4J's {@link LSTM} configuration (no peepholes; Hochreiter and Schmidhuber 1997 with the forget gate of Gers
 * et al. 2000) whose layer is {@link FastLSTMLayer}: the same parameters and results, a faster CPU
 * implementation. Being an {@code LSTM}, it goes wherever the stock one does (ComputationGraph,
 * MultiLayerNetwork, Bidirectional, LastTimeStep) and serialises with the model under its own class name.
 */
public class FastLSTM extends LSTM {
    /** Whether backprop computes the gradient with respect to the layer's input (not needed for a network input). */
    private boolean inputGradient = true;

    /** For JSON deserialisation; build one with {@link #of}. */
    public FastLSTM() {
    }

    /** A fast LSTM with every setting of {@code stock} (built with DL4J's {@code LSTM.Builder}). */
    public static FastLSTM of(LSTM stock) {
        return Settings.copy(LSTM.class, stock, new FastLSTM());
    }

    /**
     * With {@code false}, backprop returns zeros for the gradient with respect to the input instead of computing
     * it: for a first layer fed by a network input, where DL4J computes and discards it (about 4 % of
     * charlm-256's training time).
     */
    public FastLSTM inputGradient(boolean compute) {
        this.inputGradient = compute;
        return this;
    }

    public boolean isInputGradient() {
        return inputGradient;
    }

    public void setInputGradient(boolean inputGradient) {
        this.inputGradient = inputGradient;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNInNOutSet("LSTM", getLayerName(), layerIndex, getNIn(), getNOut());
        return Settings.wire(new FastLSTMLayer(conf, networkDataType), conf, initializer(), trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }
}
