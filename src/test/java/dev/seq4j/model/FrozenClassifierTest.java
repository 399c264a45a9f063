package dev.seq4j.model;

import dev.seq4j.model.layers.FrozenClassifier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The Java classifier against DL4J's output for the same network, one text at a time, over the topologies it takes. */
class FrozenClassifierTest {
    private static final int VOCAB = 30;
    private static final int CLASSES = 3;

    private static ComputationGraph net(String... overrides) {
        ComputationGraph net = new ComputationGraph(ClassifierModel.textConfiguration(
                MemoryEstimateTest.config("textclass", overrides), VOCAB, CLASSES, null));
        net.init();
        Nd4j.getRandom().setSeed(5);
        net.params().assign(Nd4j.rand(DataType.FLOAT, 1, net.numParams()).subi(0.5));   // biases too, not zeros
        return net;
    }

    /** With the first layer's projection tables (this vocabulary is small) and without. */
    private static void assertSameAsDl4j(ComputationGraph net) {
        assertSameAsDl4j(net, FrozenClassifier.of(net));
        assertSameAsDl4j(net, FrozenClassifier.of(net, 0));
    }

    private static void assertSameAsDl4j(ComputationGraph net, FrozenClassifier frozen) {
        assertNotNull(frozen);
        Random random = new Random(9);
        for (int length : new int[]{1, 2, 7, 13}) {
            int[] ids = random.ints(length, 0, VOCAB).toArray();
            INDArray x = Nd4j.create(DataType.FLOAT, 1, 1, length);
            for (int t = 0; t < length; t++) {
                x.putScalar(0, 0, t, ids[t]);
            }
            float[] expected = net.output(false, new INDArray[]{x}, new INDArray[]{Nd4j.ones(DataType.FLOAT, 1, length)})[0]
                    .reshape(CLASSES).toFloatVector();
            float[] actual = frozen.probabilities(ids);
            for (int c = 0; c < CLASSES; c++) {
                assertEquals(expected[c], actual[c], 2e-6, "length " + length + ", class " + c);
            }
        }
    }

    @Test
    void bidirectionalLstmsWithEachPooling() {
        for (String pooling : new String[]{"avg", "max", "last"}) {
            assertSameAsDl4j(net("model.layers=[8]", "model.embedding=6", "model.bidirectional=concat",
                    "model.pooling=" + pooling));
        }
        assertSameAsDl4j(net("model.layers=[8, 5]", "model.embedding=6", "model.bidirectional=add"));
    }

    @Test
    void oneDirectionAndGru() {
        assertSameAsDl4j(net("model.layers=[9, 4]", "model.embedding=5", "model.pooling=last"));
        assertSameAsDl4j(net("model.cell=gru", "model.layers=[7]", "model.embedding=5", "model.bidirectional=concat",
                "model.pooling=max"));
    }

    @Test
    void otherNetworksAreLeftToDl4j() {
        assertNull(FrozenClassifier.of(net("model.cell=simple_rnn", "model.layers=[6]")));
        assertNull(FrozenClassifier.of(net("model.layers=[6, 6]", "model.residual=true")));
        assertNull(FrozenClassifier.of(net("model.cell=peephole_lstm", "model.layers=[6]")));
    }
}
