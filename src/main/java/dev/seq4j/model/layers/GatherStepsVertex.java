package dev.seq4j.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer of {@link GatherSteps}: {@code out[b, :, w] = states[b, :, at[b, 0, w]]}, and its gradient scattered
 * back. Copies run over plain Java arrays (a few thousand rows of a few hundred values a minibatch), in double so
 * that a double-precision network's gradient check holds.
 */
public final class GatherStepsVertex extends BaseGraphVertex {
    /** The last forward pass's indices, {@code [mb][Tw]}, and the shape of the states it read. */
    private int[][] at;
    private long[] statesShape;

    GatherStepsVertex(ComputationGraph graph, String name, int index, DataType dataType) {
        super(graph, name, index, null, null, dataType);
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("GatherSteps " + vertexName + ": inputs not set");
        }
        INDArray states = inputs[0];
        statesShape = states.shape();
        int mb = (int) statesShape[0];
        int h = (int) statesShape[1];
        int tc = (int) statesShape[2];
        at = indices(inputs[1], tc);
        int tw = at.length == 0 ? 0 : at[0].length;
        double[] from = states.dup('c').data().asDouble();                          // [mb, H, Tc]
        double[] to = new double[mb * h * tw];                                      // [mb, H, Tw]
        for (int b = 0; b < mb; b++) {
            for (int w = 0; w < tw; w++) {
                int step = at[b][w];
                for (int k = 0; k < h; k++) {
                    to[(b * h + k) * tw + w] = from[(b * h + k) * tc + step];
                }
            }
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, states.dataType(), mb, h, tw);
        out.assign(Nd4j.create(to, new long[]{mb, h, tw}, 'c'));
        return out;
    }

    /** The indices of {@code at [mb, 1, Tw]}, each checked to lie in {@code 0..steps-1}. */
    private int[][] indices(INDArray positions, int steps) {
        long[] shape = positions.shape();
        if (positions.rank() != 3 || shape[1] != 1 || shape[0] != inputs[0].size(0)) {
            throw new IllegalStateException("GatherSteps " + vertexName + ": indices must be [mb, 1, T], got "
                    + java.util.Arrays.toString(shape));
        }
        float[] values = positions.dup('c').data().asFloat();
        int mb = (int) shape[0];
        int tw = (int) shape[2];
        int[][] out = new int[mb][tw];
        for (int b = 0; b < mb; b++) {
            for (int w = 0; w < tw; w++) {
                int step = Math.round(values[b * tw + w]);
                if (step < 0 || step >= steps) {
                    throw new IllegalStateException("GatherSteps " + vertexName + ": index " + step + " outside 0.."
                            + (steps - 1));
                }
                out[b][w] = step;
            }
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("GatherSteps " + vertexName + ": epsilon not set");
        }
        int mb = (int) statesShape[0];
        int h = (int) statesShape[1];
        int tc = (int) statesShape[2];
        int tw = at.length == 0 ? 0 : at[0].length;
        double[] eps = epsilon.dup('c').data().asDouble();                           // [mb, H, Tw]
        double[] grad = new double[mb * h * tc];                                     // [mb, H, Tc]
        for (int b = 0; b < mb; b++) {
            for (int w = 0; w < tw; w++) {
                int step = at[b][w];
                for (int k = 0; k < h; k++) {
                    grad[(b * h + k) * tc + step] += eps[(b * h + k) * tw + w];
                }
            }
        }
        INDArray toStates = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), mb, h, tc);
        toStates.assign(Nd4j.create(grad, new long[]{mb, h, tc}, 'c'));
        INDArray toIndices = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, inputs[1].dataType(), inputs[1].shape());
        return new Pair<>(null, new INDArray[]{toStates, toIndices});
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("GatherSteps has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                           int minibatchSize) {
        // the output has the indices' steps, so their mask
        if (maskArrays == null || maskArrays.length < 2 || maskArrays[1] == null) {
            return null;
        }
        return new Pair<>(maskArrays[1], currentMaskState);
    }

    @Override
    public String toString() {
        return "GatherStepsVertex(name=" + vertexName + ")";
    }
}
