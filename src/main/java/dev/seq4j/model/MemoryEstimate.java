package dev.seq4j.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.Locale;

/**
 * What training a network takes in memory, from its configuration alone, before {@code init()} allocates anything.
 * Weights, gradients and the updater's state are exact: each layer's parameters are counted by its own
 * {@code ParamInitializer} (so our GRU and fast LSTM count as DL4J would allocate them), the updater's state by its
 * {@code stateSize} (Adam: two values per parameter). Activations are an estimate per layer and time step, scaled by
 * the minibatch ({@link #valuesPerStep}); DL4J's own memory report cannot be used, as most of our graphs declare no
 * input types and our GRU has no report.
 *
 * @param parameters      the network's parameters
 * @param weightBytes     the parameters, at the network's data type
 * @param gradientBytes   one gradient per parameter
 * @param updaterBytes    the updater's state
 * @param activationBytes values kept for backpropagation through one minibatch of {@code batch} x {@code steps}
 * @param batch           examples per minibatch
 * @param steps           time steps of the longest sequence
 */
public record MemoryEstimate(long parameters, long weightBytes, long gradientBytes, long updaterBytes,
                             long activationBytes, int batch, int steps) {

    /** Everything together. */
    public long total() {
        return weightBytes + gradientBytes + updaterBytes + activationBytes;
    }

    /** The part that grows with the model's size rather than with the minibatch. */
    public long modelBytes() {
        return weightBytes + gradientBytes + updaterBytes;
    }

    /** The estimate for training {@code conf} on minibatches of {@code batch} sequences of up to {@code steps} steps. */
    public static MemoryEstimate of(ComputationGraphConfiguration conf, int batch, int steps) {
        long parameters = 0;
        long updater = 0;
        long perStep = 0;
        for (GraphVertex vertex : conf.getVertices().values()) {
            if (!(vertex instanceof LayerVertex layerVertex)) {
                continue;
            }
            Layer layer = layerVertex.getLayerConf().getLayer();
            long n = layer.initializer().numParams(layerVertex.getLayerConf());
            parameters += n;
            IUpdater u = updater(layer);
            updater += u == null ? 0 : u.stateSize(n);
            perStep += valuesPerStep(layer);
        }
        long bytes = conf.getDataType().width();
        return new MemoryEstimate(parameters, parameters * bytes, parameters * bytes, updater * bytes,
                perStep * batch * steps * bytes, batch, steps);
    }

    /** The updater of a layer's parameters (every parameter of ours has the network's updater). */
    private static IUpdater updater(Layer layer) {
        if (layer instanceof BaseWrapperLayer w) {
            return updater(w.getUnderlying());
        }
        if (layer instanceof Bidirectional b) {
            return updater(b.getFwd());
        }
        return layer instanceof BaseLayer base ? base.getIUpdater() : null;
    }

    /**
     * Values a layer takes per example and time step while a minibatch is trained, counting what DL4J's workspaces
     * hold besides the values themselves: a recurrent layer 24 per unit (its gates, cell state and output kept for
     * backpropagation through time, their gradients, and per-step temporaries) plus its input's gradient, an output
     * layer 8 per class, another layer 6 per output. Calibrated on the peak resident memory of char LMs trained for four
     * minibatches (LSTM [1024, 1024] x 64 x 100 steps, [256] x 512 x 200, [2048] x 32 x 100, GRU [512, 512] x 128 x
     * 100): the estimates (1.4, 2.4, 0.86, 1.2 GiB) were 0.4 to 1.0 times the growth measured (2.1, 2.6, 2.2, 1.2 GB),
     * which includes garbage not yet collected; it is a floor, meant to refuse what cannot fit, not to pack memory.
     */
    static long valuesPerStep(Layer layer) {
        if (layer instanceof Bidirectional b) {
            return 2 * valuesPerStep(b.getFwd());
        }
        if (layer instanceof BaseWrapperLayer w) {
            return valuesPerStep(w.getUnderlying());
        }
        if (layer instanceof BaseRecurrentLayer r) {
            return 24 * r.getNOut() + r.getNIn();
        }
        if (layer instanceof BaseOutputLayer o) {
            return 8 * o.getNOut();
        }
        if (layer instanceof FeedForwardLayer f) {
            return 6 * f.getNOut();
        }
        return 0;
    }

    /** "about 61.2 GiB to train: 3,604,950,028 parameters (...) and activations for 32 x 100 steps (...)". */
    public String describe() {
        return String.format(Locale.ROOT, "about %s to train: %,d parameters (weights %s, gradients %s, updater state %s)"
                        + " and activations for minibatches of %d x %d steps (%s)", size(total()), parameters,
                size(weightBytes), size(gradientBytes), size(updaterBytes), batch, steps, size(activationBytes));
    }

    /** Bytes for people: MiB below a GiB, else GiB, one decimal. */
    public static String size(long bytes) {
        double mib = bytes / (double) (1L << 20);
        return mib < 1024 ? String.format(Locale.ROOT, "%.1f MiB", mib)
                : String.format(Locale.ROOT, "%.1f GiB", mib / 1024);
    }
}
