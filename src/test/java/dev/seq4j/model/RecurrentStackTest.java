package dev.seq4j.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seq4j.config.ConfigException;
import dev.seq4j.config.ConfigLoader;
import dev.seq4j.config.ModelSpec;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import dev.seq4j.DoublePrecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every cell and stack option: DL4J's gradient check, masks, the Bidirectional wrapper, residual links, saving. */
@ExtendWith(DoublePrecision.class)
class RecurrentStackTest {
    static List<String> cells() {
        return dev.seq4j.config.OptionValue.ids(ModelSpec.Cell.class);
    }

    private static ModelSpec spec(String cell, List<Integer> layers, String bidirectional, boolean residual) {
        return new ModelSpec(ModelSpec.Cell.of(cell), layers, 0.0, ModelSpec.Direction.of(bidirectional), residual, 1.0, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** input [mb, nIn, T] -> the stack -> softmax over {@code classes} per step, double precision, no updater. */
    private static ComputationGraph net(ModelSpec spec, int nIn, int classes) {
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .graphBuilder().addInputs("in").setInputTypes(InputType.recurrent(nIn));
        String top = RecurrentStack.addLayers(graph, spec, "in", nIn);
        graph.addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX).nIn(RecurrentStack.outputSize(spec)).nOut(classes).build(), top)
                .setOutputs("out");
        ComputationGraph net = new ComputationGraph(graph.build());
        net.init();
        return net;
    }

    private static boolean gradientsOk(ComputationGraph net, int mb, int nIn, int classes, int steps, boolean masked) {
        return gradientsOk(net, mb, nIn, classes, steps, masked, 0);
    }

    /** @param maxPerParam check at most this many entries of each parameter array (0: all of them) */
    private static boolean gradientsOk(ComputationGraph net, int mb, int nIn, int classes, int steps, boolean masked,
                                       int maxPerParam) {
        Nd4j.getRandom().setSeed(3);
        INDArray in = Nd4j.rand(DataType.DOUBLE, mb, nIn, steps).subi(0.5);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, mb, classes, steps);
        for (int i = 0; i < mb; i++) {
            for (int t = 0; t < steps; t++) {
                labels.putScalar(i, (i + t) % classes, t, 1.0);
            }
        }
        INDArray mask = null;
        if (masked) {
            mask = Nd4j.ones(DataType.DOUBLE, mb, steps);
            for (int i = 1; i < mb; i++) {
                for (int t = steps - i; t < steps; t++) {
                    mask.putScalar(i, t, 0.0);
                }
            }
        }
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[]{in}).labels(new INDArray[]{labels})
                .inputMask(mask == null ? null : new INDArray[]{mask})
                .labelMask(mask == null ? null : new INDArray[]{mask})
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .subset(maxPerParam > 0).maxPerParam(maxPerParam));
    }

    @ParameterizedTest
    @MethodSource("cells")
    void gradientsPassForEveryCellWithAndWithoutMasksAndBidirectional(String cell) {
        assertTrue(gradientsOk(net(spec(cell, List.of(3), "none", false), 3, 2), 3, 3, 2, 4, false), cell);
        assertTrue(gradientsOk(net(spec(cell, List.of(3), "none", false), 3, 2), 3, 3, 2, 4, true), cell + " masked");
        assertTrue(gradientsOk(net(spec(cell, List.of(3), "concat", false), 3, 2), 3, 3, 2, 4, true),
                cell + " bidirectional");
    }

    @Test
    void gradientsPassThroughAResidualBidirectionalStack() {
        ComputationGraph net = net(spec("gru", List.of(2, 3, 3), "add", true), 2, 2);
        assertTrue(net.getConfiguration().getVertices().containsKey("proj1"), "2 -> 3 needs a projection");
        assertTrue(!net.getConfiguration().getVertices().containsKey("proj2"), "3 -> 3 adds directly");
        assertTrue(gradientsOk(net, 2, 2, 2, 3, true, 8)); // 8 entries of each parameter array
    }

    @Test
    void stacksMapShapesAsDocumented() {
        ComputationGraph net = net(spec("lstm", List.of(4, 6, 6), "concat", true), 3, 5);
        assertEquals(List.of("rnn2", "res1"), net.getConfiguration().getVertexInputs().get("res2"));
        assertEquals(List.of("rnn1", "proj1"), net.getConfiguration().getVertexInputs().get("res1"));
        INDArray hidden = net.feedForward(new INDArray[]{Nd4j.rand(DataType.DOUBLE, 2, 3, 7)}, false).get("res2");
        assertArrayEquals(new long[]{2, 12, 7}, hidden.shape());
    }

    @ParameterizedTest
    @MethodSource("cells")
    void savingAndLoadingKeepsPredictionsExactly(String cell, @TempDir Path dir) throws Exception {
        ComputationGraph net = net(spec(cell, List.of(5, 4), "none", true), 3, 4);
        ComputationGraphConfiguration conf = net.getConfiguration();
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
        File file = dir.resolve(cell + ".zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 3, 6);
        assertEquals(net.outputSingle(in), ModelSerializer.restoreComputationGraph(file, true).outputSingle(in));
    }

    @Test
    void aCharLmRefusesBidirectionalLayers() {
        ObjectNode root = (ObjectNode) ConfigLoader.YAML.valueToTree(Map.of("task", "charlm", "seed", 1,
                "data", Map.of("train", "x"), "model", Map.of("bidirectional", "concat")));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromTree(root));
        assertEquals("model.bidirectional", e.key());
    }
}
