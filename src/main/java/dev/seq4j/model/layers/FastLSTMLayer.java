package dev.seq4j.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.base.Preconditions;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's LSTM layer with its forward and backward pass done by {@link LstmKernel}: the same parameters,
 * state keys, masking and truncated BPTT, several times faster on CPUs. The backward pass reuses the
 * training forward pass that ComputationGraph and MultiLayerNetwork run just before it on the same input
 * (the stock layer runs the forward pass a second time); when the input differs it runs it again.
 *
 * <p>Falls back to the stock implementation where ours is not the same model or not faster: gate activations
 * other than sigmoid, a block activation other than tanh, data types other than float and double, and the
 * CUDA backend (where DL4J's cuDNN helper is the fast path).
 */
public class FastLSTMLayer extends LSTM {
    private final boolean fast;
    private LstmKernel kernel;
    /** The input of the training forward pass the kernel still holds, or {@code null}. */
    private INDArray kept;
    private INDArray keptH0;
    private INDArray keptC0;

    public FastLSTMLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        fast = supported(layerConf(), dataType);
    }

    /** Whether the fast path computes exactly what the stock layer would. */
    static boolean supported(org.deeplearning4j.nn.conf.layers.LSTM conf, DataType dataType) {
        return (dataType == DataType.FLOAT || dataType == DataType.DOUBLE)
                && conf.getGateActivationFn() instanceof ActivationSigmoid
                && conf.getActivationFn() instanceof ActivationTanH
                && availableHere();
    }

    /** Whether this backend takes the fast path at all (the CPU one; on CUDA, DL4J's cuDNN helper is faster). */
    public static boolean availableHere() {
        return "CPU".equalsIgnoreCase(Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend"));
    }

    /**
     * Keeps the input mask, so that padded steps neither produce outputs nor carry state. DL4J's LSTM (M2.1) passes
     * the mask on without keeping it, and a ComputationGraph sets a hidden layer's mask only this way: its LSTMs ran
     * through the padding as if it were input. Inside {@code Bidirectional}, whose backward direction reads each
     * padded sequence reversed, padding first, that state reached every real step: a sentence's classification
     * changed with the length of the longest sentence batched with it. Masked, each sequence is computed as if it
     * were alone, the way DL4J's GRU and SimpleRnn layers (which keep the mask) already did.
     */
    @Override
    public Pair<INDArray, org.deeplearning4j.nn.api.MaskState> feedForwardMaskArray(INDArray maskArray,
            org.deeplearning4j.nn.api.MaskState currentMaskState, int minibatchSize) {
        this.maskArray = maskArray;
        this.maskState = currentMaskState;
        return super.feedForwardMaskArray(maskArray, currentMaskState, minibatchSize);
    }

    /** Whether this layer runs the fast path (tests, {@code seq4j bench}). */
    public boolean isFast() {
        return fast;
    }

    private boolean nwc() {
        return layerConf().getRnnDataFormat() == RNNFormat.NWC;
    }

    /** {@code [T, mb, k]} time-major to the layer's format: {@code [mb, k, T]} (NCW) or {@code [mb, T, k]}. */
    private INDArray fromTimeMajor(INDArray timeMajor) {
        return nwc() ? timeMajor.permute(1, 0, 2) : timeMajor.permute(1, 2, 0);
    }

    private INDArray forward(INDArray h0, INDArray c0, boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        Preconditions.checkState(input.rank() == 3, "LSTM expects 3d input, got rank %s", input.rank());
        Preconditions.checkState(h0 == null || h0.size(0) == input.size(0),
                "LSTM state has minibatch %s but input has %s: call rnnClearPreviousState() between sequences",
                h0 == null ? 0 : h0.size(0), input.size(0));
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray x = permuteIfNWC(input).castTo(dataType);               // [mb, nIn, T]
        INDArray w = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, training, workspaceMgr);
        INDArray rw = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, training, workspaceMgr);
        INDArray b = getParamWithNoise(LSTMParamInitializer.BIAS_KEY, training, workspaceMgr);
        if (kernel == null) {
            kernel = new LstmKernel(dataType);
        }
        kernel.forward(x, w, rw, b, h0, c0, maskArray, training);
        kept = training ? input : null;
        keptH0 = h0;
        keptC0 = c0;
        long steps = x.size(2);
        long mb = x.size(0);
        long n = layerConf().getNOut();
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[]{steps * mb, n}, 'f');
        kernel.outputs(out);
        INDArray timeSeries = out.reshape('f', mb, steps, n);                // a view: [mb, T, n]
        return nwc() ? timeSeries : timeSeries.permute(0, 2, 1);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!fast) {
            return super.activate(training, workspaceMgr);
        }
        return forward(null, null, training, workspaceMgr);
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        return activate(training, workspaceMgr);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        if (!fast) {
            return super.rnnTimeStep(input, workspaceMgr);
        }
        setInput(input, workspaceMgr);
        INDArray out = forward(stateMap.get(STATE_KEY_PREV_ACTIVATION), stateMap.get(STATE_KEY_PREV_MEMCELL), false,
                workspaceMgr);
        stateMap.put(STATE_KEY_PREV_ACTIVATION, kernel.lastState());
        stateMap.put(STATE_KEY_PREV_MEMCELL, kernel.lastCell());
        return out;
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaceMgr) {
        if (!fast) {
            return super.rnnActivateUsingStoredState(input, training, storeLastForTBPTT, workspaceMgr);
        }
        setInput(input, workspaceMgr);
        INDArray out = forward(tBpttStateMap.get(STATE_KEY_PREV_ACTIVATION),
                tBpttStateMap.get(STATE_KEY_PREV_MEMCELL), training, workspaceMgr);
        if (storeLastForTBPTT) {
            tBpttStateMap.put(STATE_KEY_PREV_ACTIVATION, kernel.lastState());
            tBpttStateMap.put(STATE_KEY_PREV_MEMCELL, kernel.lastCell());
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!fast) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        return backward(epsilon, -1, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackwardLength,
                                                          LayerWorkspaceMgr workspaceMgr) {
        if (!fast) {
            return super.tbpttBackpropGradient(epsilon, tbpttBackwardLength, workspaceMgr);
        }
        return backward(epsilon, tbpttBackwardLength, workspaceMgr);
    }

    private Pair<Gradient, INDArray> backward(INDArray epsilon, int backLength, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (kept == null || kept != input) {
            forward(backLength > 0 ? keptH0 : null, backLength > 0 ? keptC0 : null, true, workspaceMgr);
        }
        kept = null;
        INDArray w = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, true, workspaceMgr);
        INDArray rw = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, true, workspaceMgr);
        INDArray eps = permuteIfNWC(epsilon).castTo(dataType);           // [mb, n, T]
        long mb = eps.size(0);
        long steps = eps.size(2);
        long nIn = w.size(0);
        int from = backLength > 0 ? (int) Math.max(0, steps - backLength) : 0;
        INDArray dW = gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        INDArray dRW = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray db = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
        INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                new long[]{steps * mb, nIn}, 'c');
        boolean inputGradient = !(layerConf() instanceof FastLSTM f) || f.isInputGradient();
        if (!inputGradient) {
            epsOut.assign(0);
        }
        kernel.backward(eps, w, rw, dW, dRW, db, from, inputGradient ? epsOut : null);
        weightNoiseParams.clear();

        Gradient gradient = new DefaultGradient(gradientsFlattened);
        gradient.gradientForVariable().put(LSTMParamInitializer.INPUT_WEIGHT_KEY, dW);
        gradient.gradientForVariable().put(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, dRW);
        gradient.gradientForVariable().put(LSTMParamInitializer.BIAS_KEY, db);
        INDArray out = fromTimeMajor(epsOut.reshape('c', steps, mb, nIn));
        return new Pair<>(gradient, backpropDropOutIfPresent(out));
    }
}
