package dev.seq4j.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.base.Preconditions;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/**
 * The GRU layer itself (see {@link GRU} for the equations): forward and backward through time one step at a
 * time, with masks (a masked step outputs zeros and passes a zero state on, as DL4J's own recurrent layers
 * do), truncated BPTT and {@code rnnTimeStep} state.
 */
public class GRULayer extends BaseRecurrentLayer<GRU> {
    static final String STATE = "h";

    /** The state the latest forward pass started from, so that backprop recomputes that very pass. */
    private INDArray forwardInitialState;

    public GRULayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** One forward pass: outputs, gates and candidates, each {@code [mb, nOut, T]}. */
    private record Pass(INDArray out, INDArray r, INDArray z, INDArray n) {
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        forwardInitialState = null;
        return forward(null, training, false, workspaceMgr).out();
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        INDArray out = forward(stateMap.get(STATE), false, false, workspaceMgr).out();
        stateMap.put(STATE, lastStep(out));
        return out;
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        forwardInitialState = tBpttStateMap.get(STATE);
        INDArray out = forward(forwardInitialState, training, false, workspaceMgr).out();
        if (storeLastForTBPTT) {
            tBpttStateMap.put(STATE, lastStep(out));
        }
        return out;
    }

    private INDArray lastStep(INDArray out) {
        INDArray o = permuteIfNWC(out);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return o.get(all(), all(), point(o.size(2) - 1)).dup();
        }
    }

    private Pass forward(INDArray initial, boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        Preconditions.checkState(input.rank() == 3, "GRU expects 3d input [mb, nIn, T], got rank %s", input.rank());
        Preconditions.checkState(initial == null || initial.size(0) == input.size(0),
                "GRU state has minibatch %s but input has %s: call rnnClearPreviousState() between batches",
                initial == null ? 0 : initial.size(0), input.size(0));
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray x = permuteIfNWC(input.castTo(dataType));
        long mb = x.size(0);
        long steps = x.size(2);
        long n = layerConf().getNOut();
        INDArray w = getParamWithNoise(GRUParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray rw = getParamWithNoise(GRUParamInitializer.RECURRENT_WEIGHT_KEY, training, workspaceMgr);
        INDArray b = getParamWithNoise(GRUParamInitializer.BIAS_KEY, training, workspaceMgr);
        INDArray rwGates = rw.get(all(), interval(0, 2 * n));     // [n, 2n]: reset and update
        INDArray rwCandidate = rw.get(all(), interval(2 * n, 3 * n)); // [n, n]

        INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, dataType, new long[]{mb, n, steps}, 'f');
        INDArray rAll = forBackprop ? workspaceMgr.create(ArrayType.BP_WORKING_MEM, dataType, new long[]{mb, n, steps}, 'f') : null;
        INDArray zAll = forBackprop ? workspaceMgr.create(ArrayType.BP_WORKING_MEM, dataType, new long[]{mb, n, steps}, 'f') : null;
        INDArray nAll = forBackprop ? workspaceMgr.create(ArrayType.BP_WORKING_MEM, dataType, new long[]{mb, n, steps}, 'f') : null;

        INDArray prev = initial != null ? initial.castTo(dataType) : Nd4j.zeros(dataType, mb, n);
        for (int t = 0; t < steps; t++) {
            INDArray xt = x.get(all(), all(), point(t));                  // [mb, nIn]
            INDArray pre = xt.mmul(w).addiRowVector(b);                     // [mb, 3n]: x W + b
            INDArray gates = pre.get(all(), interval(0, 2 * n));
            gates.addi(prev.mmul(rwGates));                                 // + h' [Ur Uz]
            Transforms.sigmoid(gates, false);
            INDArray r = gates.get(all(), interval(0, n));
            INDArray z = gates.get(all(), interval(n, 2 * n));
            INDArray cand = pre.get(all(), interval(2 * n, 3 * n));
            cand.addi(r.mul(prev).mmul(rwCandidate));                      // + (r * h') Un
            Transforms.tanh(cand, false);
            // h = (1 - z) * n + z * h' = n + z * (h' - n)
            INDArray h = prev.sub(cand).muli(z).addi(cand);
            if (maskArray != null) {
                h.muliColumnVector(maskArray.getColumn(t, true).castTo(dataType));
            }
            out.get(all(), all(), point(t)).assign(h);
            if (forBackprop) {
                rAll.get(all(), all(), point(t)).assign(r);
                zAll.get(all(), all(), point(t)).assign(z);
                nAll.get(all(), all(), point(t)).assign(cand);
            }
            prev = h;
        }
        return new Pass(forBackprop ? out : permuteIfNWC(out), rAll, zAll, nAll);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        return tbpttBackpropGradient(epsilon, -1, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
                                                          LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray eps = permuteIfNWC(epsilon);
        INDArray x = permuteIfNWC(input.castTo(dataType));
        Pass pass = forward(forwardInitialState, true, true, workspaceMgr);
        long mb = x.size(0);
        long steps = x.size(2);
        long n = layerConf().getNOut();
        INDArray w = getParamWithNoise(GRUParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray rw = getParamWithNoise(GRUParamInitializer.RECURRENT_WEIGHT_KEY, true, workspaceMgr);
        INDArray rwGates = rw.get(all(), interval(0, 2 * n));
        INDArray rwCandidate = rw.get(all(), interval(2 * n, 3 * n));

        gradientsFlattened.assign(0);
        INDArray dW = gradientViews.get(GRUParamInitializer.WEIGHT_KEY);
        INDArray dRW = gradientViews.get(GRUParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray db = gradientViews.get(GRUParamInitializer.BIAS_KEY);
        INDArray dRWGates = dRW.get(all(), interval(0, 2 * n));
        INDArray dRWCandidate = dRW.get(all(), interval(2 * n, 3 * n));

        INDArray epsOut = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'f');
        INDArray initial = forwardInitialState != null ? forwardInitialState.castTo(dataType) : Nd4j.zeros(dataType, mb, n);
        long end = tbpttBackLength > 0 ? Math.max(0, steps - tbpttBackLength) : 0;
        INDArray dNext = Nd4j.zeros(dataType, mb, n);                     // dL/dh_t arriving from step t+1
        for (long t = steps - 1; t >= end; t--) {
            INDArray dh = eps.get(all(), all(), point(t)).add(dNext);       // [mb, n]
            if (maskArray != null) {
                dh.muliColumnVector(maskArray.getColumn(t, true).castTo(dataType));
            }
            INDArray prev = t > 0 ? pass.out().get(all(), all(), point(t - 1)) : initial;
            INDArray r = pass.r().get(all(), all(), point(t));
            INDArray z = pass.z().get(all(), all(), point(t));
            INDArray cand = pass.n().get(all(), all(), point(t));

            INDArray da = Nd4j.create(dataType, mb, 3 * n);                 // dL/d(pre-activations) [r, z, n]
            INDArray dar = da.get(all(), interval(0, n));
            INDArray daz = da.get(all(), interval(n, 2 * n));
            INDArray dan = da.get(all(), interval(2 * n, 3 * n));
            // candidate: dn = dh (1 - z), through tanh
            dan.assign(dh.mul(z.rsub(1.0)).muli(cand.mul(cand).rsubi(1.0)));
            // update gate: dz = dh (h' - n), through sigmoid
            daz.assign(dh.mul(prev.sub(cand)).muli(z.mul(z.rsub(1.0))));
            // reset gate: d(r h') = dan Un^T; dr = d(r h') h', through sigmoid
            INDArray drh = dan.mmul(rwCandidate.transpose());
            dar.assign(drh.mul(prev).muli(r.mul(r.rsub(1.0))));

            INDArray dPrev = dh.mul(z);                                      // h' reaches h directly through z
            dPrev.addi(drh.mul(r));                                          // ... through r * h'
            dPrev.addi(da.get(all(), interval(0, 2 * n)).mmul(rwGates.transpose())); // ... through the gates

            INDArray xt = x.get(all(), all(), point(t));
            dW.addi(xt.transpose().mmul(da));
            db.addi(da.sum(true, 0));
            dRWGates.addi(prev.transpose().mmul(da.get(all(), interval(0, 2 * n))));
            dRWCandidate.addi(r.mul(prev).transpose().mmul(dan));
            epsOut.get(all(), all(), point(t)).assign(da.mmul(w.transpose()));
            dNext = dPrev;
        }

        weightNoiseParams.clear();
        Gradient gradient = new DefaultGradient(gradientsFlattened);
        gradient.gradientForVariable().put(GRUParamInitializer.WEIGHT_KEY, dW);
        gradient.gradientForVariable().put(GRUParamInitializer.RECURRENT_WEIGHT_KEY, dRW);
        gradient.gradientForVariable().put(GRUParamInitializer.BIAS_KEY, db);
        epsOut = backpropDropOutIfPresent(epsOut);
        return new Pair<>(gradient, permuteIfNWC(epsOut));
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }
}
