package dev.seq4j.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seq4j.config.ConfigLoader;
import dev.seq4j.config.RunConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The one-step decoding graph, fed the same previous tokens a step at a time, must give exactly the distributions
 * the training graph gives all at once (teacher forcing): otherwise decoding would run another model than the one
 * trained.
 */
class Seq2seqModelTest {
    static RunConfig config(String attention, String bidirectional) {
        return ConfigLoader.fromTree((ObjectNode) ConfigLoader.YAML.valueToTree(Map.of("task", "seq2seq", "seed", 7,
                "data", Map.of("train", "unused.tsv"),
                "model", Map.of("layers", List.of(6, 5), "embedding", 4, "attention", attention, "decoder", 7,
                        "bidirectional", bidirectional))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none/none", "dot/none", "dot/concat"})
    void stepByStepDecodingEqualsTheTrainingGraph(String variant) {
        RunConfig config = config(variant.split("/")[0], variant.split("/")[1]);
        int sv = 9;
        int tv = 8;
        ComputationGraph net = new ComputationGraph(Seq2seqModel.training(config, sv, tv));
        net.init();
        int n = 3;
        int ts = 5;
        int tt = 4;
        INDArray source = Nd4j.createFromArray(new float[][]{{3, 4, 5, 6, 7}, {8, 3, 3, 4, 5}, {6, 6, 7, 8, 3}})
                .reshape(n, 1, ts);
        INDArray previous = Nd4j.createFromArray(new float[][]{{1, 3, 4, 5}, {1, 7, 7, 3}, {1, 4, 6, 2}}).reshape(n, 1, tt);
        INDArray all = net.output(source, previous)[0];                                    // [n, V, Tt]
        assertArrayEquals(new long[]{n, tv, tt}, all.shape());

        Map<String, INDArray> acts = net.feedForward(new INDArray[]{source, previous}, false);
        INDArray encoded = acts.get(Seq2seqModel.LAST);
        INDArray memory = acts.get(RecurrentStack.top(config.model()));
        assertArrayEquals(new long[]{n, RecurrentStack.outputSize(config.model())}, encoded.shape());
        ComputationGraph step = new ComputationGraph(Seq2seqModel.step(config, tv));
        step.init();
        Seq2seqModel.copyParameters(net, step);
        assertEquals(net.numParams() - step.numParams(), encoderParams(net, config), "the step graph holds the whole decoder");
        boolean attention = config.model().attention() != dev.seq4j.config.ModelSpec.Attention.NONE;
        for (int t = 0; t < tt; t++) {
            INDArray prev = previous.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1)).dup();
            INDArray[] in = attention ? new INDArray[]{prev, encoded, memory} : new INDArray[]{prev, encoded};
            INDArray out = step.rnnTimeStep(in)[0].reshape(n, tv);
            INDArray expected = all.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t));
            for (int i = 0; i < n; i++) {
                for (int v = 0; v < tv; v++) {
                    assertEquals(expected.getDouble(i, v), out.getDouble(i, v), 1e-5, variant + " step " + t);
                }
            }
        }
    }

    /**
     * A padded, masked batch must give each pair what it would get alone: padding past a source's end must reach
     * neither the encoder's last step nor the attention, and padding past a target's end nothing at all. Not so for
     * a bidirectional encoder (DL4J's wrapper reverses a padded sequence whole), which is why
     * {@link dev.seq4j.data.pairs.PairsIterator} never pads sources.
     */
    @ParameterizedTest
    @ValueSource(strings = {"none/none", "dot/none"})
    void paddingIsInvisible(String variant) {
        RunConfig config = config(variant.split("/")[0], variant.split("/")[1]);
        ComputationGraph net = new ComputationGraph(Seq2seqModel.training(config, 9, 8));
        net.init();
        int[][] sources = {{3, 4, 5, 6, 7}, {8, 3}};
        int[][] previous = {{1, 3, 4}, {1, 7, 7, 3, 5}};
        INDArray[] src = dev.seq4j.data.pairs.PairsIterator.ids(sources);
        INDArray[] prev = dev.seq4j.data.pairs.PairsIterator.ids(previous);
        INDArray batch = net.output(false, new INDArray[]{src[0], prev[0]}, new INDArray[]{src[1], prev[1]}, null)[0];
        for (int i = 0; i < 2; i++) {
            INDArray[] s1 = dev.seq4j.data.pairs.PairsIterator.ids(new int[][]{sources[i]});
            INDArray[] p1 = dev.seq4j.data.pairs.PairsIterator.ids(new int[][]{previous[i]});
            net.setLayerMaskArrays(new INDArray[]{s1[1], p1[1]}, null);
            INDArray alone = net.output(false, new INDArray[]{s1[0], p1[0]}, new INDArray[]{s1[1], p1[1]}, null)[0];
            for (int t = 0; t < previous[i].length; t++) {
                for (int v = 0; v < 8; v++) {
                    assertEquals(alone.getDouble(0, v, t), batch.getDouble(i, v, t), 1e-5,
                            variant + ": pair " + i + " step " + t + " token " + v);
                }
            }
        }
    }

    /** Parameters of the source embedding and the encoder stack. */
    private static long encoderParams(ComputationGraph net, RunConfig config) {
        long p = net.getLayer("sourceEmbed").numParams();
        for (int i = 0; i < config.model().layers().size(); i++) {
            p += net.getLayer("rnn" + i).numParams();
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void theCaptionModelWritesADistributionPerStep(int steps) {
        RunConfig config = ConfigLoader.fromTree((ObjectNode) ConfigLoader.YAML.valueToTree(Map.of("task", "caption",
                "seed", 7, "data", Map.of("train", "unused.tsv"),
                "model", Map.of("layers", List.of(10), "embedding", 4, "decoder", 6))));
        ComputationGraph net = new ComputationGraph(CaptionModel.training(config, 3, 9, 13, 5));
        net.init();
        INDArray images = Nd4j.rand(DataType.FLOAT, 2, 3, 9, 13);
        INDArray previous = Nd4j.ones(DataType.FLOAT, 2, 1, steps);
        INDArray out = net.output(images, previous)[0];
        assertArrayEquals(new long[]{2, 5, steps}, out.shape());
        assertEquals(2.0 * steps, out.sumNumber().doubleValue(), 1e-4);
    }
}
