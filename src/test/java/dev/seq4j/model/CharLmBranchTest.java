package dev.seq4j.model;

import dev.seq4j.DoublePrecision;
import dev.seq4j.config.ModelSpec;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A char LM inside another graph ({@code model.charLmTrainable}): {@link dev.seq4j.model.layers.GatherSteps} reads
 * each word's step of the LM's states, its gradient passes DL4J's check (two words reading one step included, the
 * words masked, the characters not), and the graph saves and loads with it.
 */
@ExtendWith(DoublePrecision.class)
class CharLmBranchTest {
    private static final int MB = 3;
    private static final int CHARS = 5;
    private static final int STEPS = 7;
    private static final int WORDS = 4;
    private static final int CLASSES = 3;

    /** chars [mb, 5, 7], at [mb, 1, 4] -> an LSTM [3] branch -> softmax over 3 per word, double, no updater. */
    private static ComputationGraph net(String cell) {
        ModelSpec lm = new ModelSpec(ModelSpec.Cell.of(cell), List.of(3), 0.0, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
        CharLmBranch branch = new CharLmBranch("lm_", lm, CHARS);
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .graphBuilder().addInputs(branch.inputs().toArray(String[]::new));
        String words = branch.addTo(graph);
        graph.addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nIn(branch.width()).nOut(CLASSES).dataFormat(RNNFormat.NCW).build(), words).setOutputs("out");
        ComputationGraph net = new ComputationGraph(graph.build());
        net.init();
        return net;
    }

    /** Each row's word steps: row 1's first two words read the same step; row 2 has two words, then padding. */
    private static final int[][] AT = {{0, 2, 4, 6}, {3, 3, 5, 6}, {1, 6, 0, 0}};

    private static INDArray[] inputs() {
        Nd4j.getRandom().setSeed(3);
        INDArray chars = Nd4j.rand(DataType.DOUBLE, MB, CHARS, STEPS);
        INDArray at = Nd4j.zeros(DataType.DOUBLE, MB, 1, WORDS);
        for (int b = 0; b < MB; b++) {
            for (int w = 0; w < WORDS; w++) {
                at.putScalar(b, 0, w, AT[b][w]);
            }
        }
        return new INDArray[]{chars, at};
    }

    private static INDArray wordMask() {
        INDArray mask = Nd4j.ones(DataType.DOUBLE, MB, WORDS);
        mask.putScalar(2, 2, 0.0);
        mask.putScalar(2, 3, 0.0);
        return mask;
    }

    @Test
    void eachWordGetsTheStateAtItsStep() {
        ComputationGraph net = net("lstm");
        Map<String, INDArray> acts = net.feedForward(inputs(), false, false);
        INDArray states = acts.get("lm_rnn0");
        INDArray words = acts.get("lm_words");
        assertEquals(List.of((long) MB, 3L, (long) WORDS), List.of(words.shape()[0], words.shape()[1], words.shape()[2]));
        for (int b = 0; b < MB; b++) {
            for (int w = 0; w < WORDS; w++) {
                assertEquals(states.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.point(AT[b][w])),
                        words.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.point(w)), b + "," + w);
            }
        }
    }

    @Test
    void gradientsPassWithMaskedWordsAndSharedSteps() {
        for (String cell : List.of("lstm", "gru")) {
            ComputationGraph net = net(cell);
            INDArray labels = Nd4j.zeros(DataType.DOUBLE, MB, CLASSES, WORDS);
            for (int b = 0; b < MB; b++) {
                for (int w = 0; w < WORDS; w++) {
                    labels.putScalar(b, (b + w) % CLASSES, w, 1.0);
                }
            }
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                    .inputs(inputs()).labels(new INDArray[]{labels})
                    .inputMask(new INDArray[]{null, wordMask()}).labelMask(new INDArray[]{wordMask()})
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)), cell);
        }
    }

    @Test
    void savesAndLoads(@TempDir Path dir) throws Exception {
        ComputationGraph net = net("lstm");
        java.io.File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, file, false);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(file, false);
        assertEquals(net.output(false, inputs(), new INDArray[]{null, wordMask()})[0],
                back.output(false, inputs(), new INDArray[]{null, wordMask()})[0]);
    }
}
