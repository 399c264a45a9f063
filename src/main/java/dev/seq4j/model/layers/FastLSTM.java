package dev.seq4j.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;

/**
 * DL4J's {@link LSTM} configuration (no peepholes; Hochreiter and Schmidhuber 1997 with the forget gate of Gers
 * et al. 2000) whose layer is {@link FastLSTMLayer}: the same parameters and results, a faster CPU
 * implementation. Being an {@code LSTM}, it goes wherever the stock one does (ComputationGraph,
 * MultiLayerNetwork, Bidirectional, LastTimeStep) and serialises with the model under its own class name.
 */
public class FastLSTM extends LSTM {

    /** For JSON deserialisation; build one with {@link #of}. */
    public FastLSTM() {
    }

    /** A fast LSTM with every setting of {@code stock} (built with DL4J's {@code LSTM.Builder}). */
    public static FastLSTM of(LSTM stock) {
        FastLSTM fast = new FastLSTM();
        // LSTM's builder constructor is private, so the builder's result is copied field by field.
        for (Class<?> type = LSTM.class; type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                try {
                    field.set(fast, field.get(stock));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot copy LSTM setting " + field.getName(), e);
                }
            }
        }
        return fast;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNInNOutSet("LSTM", getLayerName(), layerIndex, getNIn(), getNOut());
        FastLSTMLayer layer = new FastLSTMLayer(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(paramTable);
        layer.setConf(conf);
        return layer;
    }
}
