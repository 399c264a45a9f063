package dev.seq4j.model.layers;

import dev.seq4j.config.ModelSpec;
import dev.seq4j.model.RecurrentStack;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The Java stepper against DL4J's rnnTimeStep through the same network, symbol by symbol, state carried. */
class RecurrentStepperTest {
    private static final int V = 11;

    /** one-hot [V] -> cells of {@code sizes} -> softmax [V], weights random but for the output's bias. */
    private static ComputationGraph charLm(ModelSpec.Cell cell, List<Integer> sizes, DataType type, boolean bidirectional) {
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(type).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("chars").setInputTypes(InputType.recurrent(V));
        String below = "chars";
        int size = V;
        for (int i = 0; i < sizes.size(); i++) {
            org.deeplearning4j.nn.conf.layers.Layer layer = RecurrentStack.cell(cell, size, sizes.get(i), 0, 1.0);
            if (bidirectional) {
                layer = new Bidirectional(Bidirectional.Mode.ADD, layer);
            }
            graph.addLayer("rnn" + i, layer, below);
            below = "rnn" + i;
            size = sizes.get(i);
        }
        graph.addLayer("out", FastRnnOutputLayer.of(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX).nIn(size).nOut(V).build()), below).setOutputs("out");
        ComputationGraph net = new ComputationGraph(graph.build());
        net.init();
        net.getParam("out_b").assign(Nd4j.rand(type, 1, V).subi(0.5));
        return net;
    }

    private static void assertSameAsRnnTimeStep(ComputationGraph net) {
        RecurrentStepper stepper = RecurrentStepper.of(net);
        assertNotNull(stepper);
        Random random = new Random(3);
        for (int sequence = 0; sequence < 2; sequence++) {       // reset: the second starts from a zero state again
            net.rnnClearPreviousState();
            stepper.reset();
            for (int t = 0; t < 30; t++) {
                int symbol = random.nextInt(V);
                INDArray x = Nd4j.zeros(DataType.FLOAT, 1, V, 1);
                x.putScalar(0, symbol, 0, 1.0);
                float[] expected = net.rnnTimeStep(x)[0].reshape(V).toFloatVector();
                float[] actual = stepper.step(symbol);
                for (int v = 0; v < V; v++) {
                    assertEquals(expected[v], actual[v], 2e-6, "step " + t + ", symbol " + v);
                }
            }
        }
    }

    @Test
    void lstmStacksStepAsRnnTimeStepDoes() {
        assertSameAsRnnTimeStep(charLm(ModelSpec.Cell.LSTM, List.of(16, 9), DataType.FLOAT, false));
    }

    @Test
    void gruStacksStepAsRnnTimeStepDoes() {
        assertSameAsRnnTimeStep(charLm(ModelSpec.Cell.GRU, List.of(13, 8), DataType.FLOAT, false));
    }

    @Test
    void otherNetworksAreLeftToDl4j() {
        assertNull(RecurrentStepper.of(charLm(ModelSpec.Cell.LSTM, List.of(8), DataType.DOUBLE, false)));
        assertNull(RecurrentStepper.of(charLm(ModelSpec.Cell.LSTM, List.of(8), DataType.FLOAT, true)));
        assertNull(RecurrentStepper.of(charLm(ModelSpec.Cell.SIMPLE_RNN, List.of(8), DataType.FLOAT, false)));
        assertNull(RecurrentStepper.of(charLm(ModelSpec.Cell.PEEPHOLE_LSTM, List.of(8), DataType.FLOAT, false)));
    }
}
