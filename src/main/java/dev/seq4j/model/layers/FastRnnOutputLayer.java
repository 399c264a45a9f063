package dev.seq4j.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * DL4J's {@link RnnOutputLayer} configuration whose layer is {@link FastRnnOutput}: the same parameters,
 * outputs, loss and gradients; for a softmax with cross-entropy (every classifier over time steps here) the
 * training step computes the logits once and reuses them for the loss and the gradient, without DL4J's
 * layout conversions (which made its RnnOutputLayer about a quarter of charlm-256's training time).
 */
public class FastRnnOutputLayer extends RnnOutputLayer {

    /** For JSON deserialisation; build one with {@link #of}. */
    public FastRnnOutputLayer() {
    }

    /** A fast output layer with every setting of {@code stock} (built with DL4J's {@code RnnOutputLayer.Builder}). */
    public static FastRnnOutputLayer of(RnnOutputLayer stock) {
        return Settings.copy(RnnOutputLayer.class, stock, new FastRnnOutputLayer());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNInNOutSet("RnnOutputLayer", getLayerName(), layerIndex, getNIn(), getNOut());
        return Settings.wire(new FastRnnOutput(conf, networkDataType), conf, initializer(), trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }
}
