package dev.seq4j.model.layers;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A vertex that reads one time step of a sequence for each step of another, shorter one: {@code states [mb, H, Tc]}
 * and {@code at [mb, 1, Tw]} (step indices into {@code states}, as numbers) give {@code [mb, H, Tw]} with
 * {@code out[b, :, w] = states[b, :, at[b, 0, w]]}. The gradient flows back to the states it read (summed where two
 * steps read the same one); the indices get none. The output takes the mask of {@code at}.
 * <p>
 * A tagger that fine-tunes its character language models ({@code model.charLmTrainable}, issue 30) runs each LM over
 * the sentence's characters inside its own graph and reads each word's state with this vertex.
 */
public class GatherSteps extends GraphVertex {

    @Override
    public GatherSteps clone() {
        return new GatherSteps();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GatherSteps;
    }

    @Override
    public int hashCode() {
        return GatherSteps.class.hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        return new GatherStepsVertex(graph, name, idx, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 2 || vertexInputs[0].getType() != InputType.Type.RNN) {
            throw new InvalidInputTypeException("GatherSteps reads a recurrent input and step indices, got "
                    + java.util.Arrays.toString(vertexInputs));
        }
        InputType.InputTypeRecurrent states = (InputType.InputTypeRecurrent) vertexInputs[0];
        return InputType.recurrent(states.getSize());
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, GatherSteps.class, inputTypes[0], out).standardMemory(0, 0)
                .workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }
}
