package dev.seq4j.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.base.Preconditions;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The GRU layer itself (see {@link GRU} for the equations), computed by {@link GruKernel}: masks (a masked
 * step outputs zeros and passes a zero state on, as DL4J's own recurrent layers do), truncated BPTT and
 * {@code rnnTimeStep} state. The backward pass reuses the training forward pass that ran just before it on
 * the same input, from the state that pass started from.
 */
public class GRULayer extends BaseRecurrentLayer<GRU> {
    static final String STATE = "h";

    /** The state the latest forward pass started from, so that backprop recomputes that very pass. */
    private INDArray forwardInitialState;

    private GruKernel kernel;
    /** The input of the training forward pass the kernel still holds, or {@code null}. */
    private INDArray kept;

    public GRULayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean nwc() {
        return layerConf().getRnnDataFormat() == RNNFormat.NWC;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        forwardInitialState = null;
        return forward(null, training, workspaceMgr);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        INDArray out = forward(stateMap.get(STATE), false, workspaceMgr);
        stateMap.put(STATE, kernel.lastState());
        return out;
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        forwardInitialState = tBpttStateMap.get(STATE);
        INDArray out = forward(forwardInitialState, training, workspaceMgr);
        if (storeLastForTBPTT) {
            tBpttStateMap.put(STATE, kernel.lastState());
        }
        return out;
    }

    /** The forward pass ({@link GruKernel}), its output in DL4J's 2-d layout of a time series. */
    private INDArray forward(INDArray initial, boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        Preconditions.checkState(input.rank() == 3, "GRU expects 3d input [mb, nIn, T], got rank %s", input.rank());
        Preconditions.checkState(initial == null || initial.size(0) == input.size(0),
                "GRU state has minibatch %s but input has %s: call rnnClearPreviousState() between batches",
                initial == null ? 0 : initial.size(0), input.size(0));
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray x = permuteIfNWC(input).castTo(dataType);               // [mb, nIn, T]
        INDArray w = getParamWithNoise(GRUParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray rw = getParamWithNoise(GRUParamInitializer.RECURRENT_WEIGHT_KEY, training, workspaceMgr);
        INDArray b = getParamWithNoise(GRUParamInitializer.BIAS_KEY, training, workspaceMgr);
        if (kernel == null) {
            kernel = new GruKernel(dataType);
        }
        kernel.forward(x, w, rw, b, initial == null ? null : initial.castTo(dataType), maskArray);
        kept = training ? input : null;
        long mb = x.size(0);
        long steps = x.size(2);
        long n = layerConf().getNOut();
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[]{steps * mb, n}, 'f');
        kernel.outputs(out);
        INDArray series = out.reshape('f', mb, steps, n);                   // a view: [mb, T, n]
        return nwc() ? series : series.permute(0, 2, 1);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        return tbpttBackpropGradient(epsilon, -1, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
                                                          LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (kept == null || kept != input) {
            forward(forwardInitialState, true, workspaceMgr);
        }
        kept = null;
        INDArray eps = permuteIfNWC(epsilon).castTo(dataType);           // [mb, n, T]
        INDArray w = getParamWithNoise(GRUParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray rw = getParamWithNoise(GRUParamInitializer.RECURRENT_WEIGHT_KEY, true, workspaceMgr);
        long mb = eps.size(0);
        long steps = eps.size(2);
        long nIn = w.size(0);
        int from = tbpttBackLength > 0 ? (int) Math.max(0, steps - tbpttBackLength) : 0;
        INDArray dW = gradientViews.get(GRUParamInitializer.WEIGHT_KEY);
        INDArray dRW = gradientViews.get(GRUParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray db = gradientViews.get(GRUParamInitializer.BIAS_KEY);
        INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                new long[]{steps * mb, nIn}, 'c');
        boolean inputGradient = layerConf().isInputGradient();
        if (!inputGradient) {
            epsOut.assign(0);
        }
        kernel.backward(eps, w, rw, dW, dRW, db, from, inputGradient ? epsOut : null);
        weightNoiseParams.clear();
        Gradient gradient = new DefaultGradient(gradientsFlattened);
        gradient.gradientForVariable().put(GRUParamInitializer.WEIGHT_KEY, dW);
        gradient.gradientForVariable().put(GRUParamInitializer.RECURRENT_WEIGHT_KEY, dRW);
        gradient.gradientForVariable().put(GRUParamInitializer.BIAS_KEY, db);
        INDArray byStep = epsOut.reshape('c', steps, mb, nIn);
        INDArray out = nwc() ? byStep.permute(1, 0, 2) : byStep.permute(1, 2, 0);
        return new Pair<>(gradient, backpropDropOutIfPresent(out));
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }
}
