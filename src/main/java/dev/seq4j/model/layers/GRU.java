package dev.seq4j.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * Configuration of a gated recurrent unit layer (Cho et al. 2014, "Learning Phrase Representations using
 * RNN Encoder-Decoder for Statistical Machine Translation"), which DL4J does not have:
 * <pre>
 * r = sigmoid(x Wr + h' Ur + br)            reset gate
 * z = sigmoid(x Wz + h' Uz + bz)            update gate
 * n = tanh(x Wn + (r * h') Un + bn)         candidate state
 * h = (1 - z) * n + z * h'                  h' is the previous state
 * </pre>
 * Shapes: input {@code [mb, nIn, T]}, output {@code [mb, nOut, T]}. The activation is always tanh and the
 * gates always sigmoid, as in the paper. Works in a ComputationGraph, with masks, truncated BPTT,
 * {@code rnnTimeStep} and DL4J's Bidirectional wrapper, and serialises with the model.
 */
public class GRU extends BaseRecurrentLayer {
    /** Whether backprop computes the gradient with respect to the layer's input (see {@link FastLSTM#inputGradient}). */
    private boolean inputGradient = true;

    protected GRU(Builder builder) {
        super(builder);
    }

    /** For JSON deserialisation. */
    @SuppressWarnings("unused")
    private GRU() {
    }

    /** With {@code false}, backprop returns zeros for the input gradient instead of computing it. */
    public GRU inputGradient(boolean compute) {
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
        LayerValidation.assertNInNOutSet("GRU", getLayerName(), layerIndex, getNIn(), getNOut());
        return Settings.wire(new GRULayer(conf, networkDataType), conf, initializer(), trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return GRUParamInitializer.INSTANCE;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return null;
    }

    /** Builds a {@link GRU}: set {@code nIn}, {@code nOut} and, optionally, weight init and dropout. */
    public static class Builder extends BaseRecurrentLayer.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public GRU build() {
            return new GRU(this);
        }
    }
}
