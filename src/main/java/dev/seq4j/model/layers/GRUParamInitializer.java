package dev.seq4j.model.layers;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * The GRU's parameters, gates side by side in the order reset, update, candidate:
 * {@code W [nIn, 3 nOut]} (input weights), {@code RW [nOut, 3 nOut]} (recurrent weights),
 * {@code b [1, 3 nOut]} (biases, zero at the start).
 */
public final class GRUParamInitializer implements ParamInitializer {
    public static final GRUParamInitializer INSTANCE = new GRUParamInitializer();
    public static final String WEIGHT_KEY = "W";
    public static final String RECURRENT_WEIGHT_KEY = "RW";
    public static final String BIAS_KEY = "b";

    private GRUParamInitializer() {
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        GRU c = (GRU) layer;
        long nIn = c.getNIn();
        long nOut = c.getNOut();
        return 3 * nOut * (nIn + nOut + 1);
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY, BIAS_KEY);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of(BIAS_KEY);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHT_KEY.equals(key) || RECURRENT_WEIGHT_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        GRU c = (GRU) conf.getLayer();
        long nIn = c.getNIn();
        long nOut = c.getNOut();
        Map<String, INDArray> m = subsets(paramsView, nIn, nOut);
        if (initializeParams) {
            // Each gate's block is initialised as its own [fanIn, nOut] matrix.
            IWeightInit recurrent = c.getWeightInitFnRecurrent() != null ? c.getWeightInitFnRecurrent() : c.getWeightInitFn();
            for (int g = 0; g < 3; g++) {
                INDArray w = m.get(WEIGHT_KEY).get(org.nd4j.linalg.indexing.NDArrayIndex.all(), interval(g * nOut, (g + 1) * nOut));
                w.assign(c.getWeightInitFn().init(nIn, nOut, new long[]{nIn, nOut}, 'f',
                        org.nd4j.linalg.factory.Nd4j.createUninitialized(w.dataType(), new long[]{nIn, nOut}, 'f')));
                INDArray rw = m.get(RECURRENT_WEIGHT_KEY).get(org.nd4j.linalg.indexing.NDArrayIndex.all(), interval(g * nOut, (g + 1) * nOut));
                rw.assign(recurrent.init(nOut, nOut, new long[]{nOut, nOut}, 'f',
                        org.nd4j.linalg.factory.Nd4j.createUninitialized(rw.dataType(), new long[]{nOut, nOut}, 'f')));
            }
            m.get(BIAS_KEY).assign(c.getBiasInit());
        }
        conf.addVariable(WEIGHT_KEY);
        conf.addVariable(RECURRENT_WEIGHT_KEY);
        conf.addVariable(BIAS_KEY);
        return m;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        GRU c = (GRU) conf.getLayer();
        return subsets(gradientView, c.getNIn(), c.getNOut());
    }

    /** Views into the flat parameter (or gradient) vector: W, RW and b, in 'f' order. */
    private static Map<String, INDArray> subsets(INDArray flat, long nIn, long nOut) {
        INDArray v = flat.reshape(flat.length());
        long w = nIn * 3 * nOut;
        long rw = nOut * 3 * nOut;
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(WEIGHT_KEY, v.get(interval(0, w)).reshape('f', nIn, 3 * nOut));
        m.put(RECURRENT_WEIGHT_KEY, v.get(interval(w, w + rw)).reshape('f', nOut, 3 * nOut));
        m.put(BIAS_KEY, v.get(interval(w + rw, w + rw + 3 * nOut)).reshape(1, 3 * nOut));
        return m;
    }
}
