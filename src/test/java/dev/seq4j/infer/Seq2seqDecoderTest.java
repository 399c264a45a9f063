package dev.seq4j.infer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seq4j.config.ConfigLoader;
import dev.seq4j.config.RunConfig;
import dev.seq4j.model.RecurrentStack;
import dev.seq4j.model.Seq2seqModel;
import dev.seq4j.model.layers.DecoderStepper;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decoder in plain Java ({@link DecoderStepper}) against DL4J's one-step graph ({@code rnnTimeStep}) on the same
 * parameters: each step's distributions, with the rows reordered as a beam search does, and whole decodings.
 */
class Seq2seqDecoderTest {
    private static final int SOURCE_VOCAB = 9;
    private static final int V = 7;

    private static RunConfig config(String cell, String attention, boolean bidirectional, int seed) {
        return ConfigLoader.fromTree((ObjectNode) ConfigLoader.YAML.valueToTree(Map.of("task", "seq2seq", "seed", seed,
                "data", Map.of("train", "unused.tsv", "sourceTokens", "char", "targetTokens", "char"),
                "model", Map.of("cell", cell, "layers", List.of(12), "embedding", 6, "attention", attention,
                        "bidirectional", bidirectional ? "concat" : "none", "decoder", 10),
                "train", Map.of("epochs", 1))));
    }

    /** An untrained model whose output weights are scaled up, so that its distributions are far from uniform. */
    private static ComputationGraph model(RunConfig config) {
        ComputationGraph net = new ComputationGraph(Seq2seqModel.training(config, SOURCE_VOCAB, V));
        net.init();
        net.getLayer(Seq2seqModel.OUTPUT).getParam("W").muli(6);
        net.getLayer(Seq2seqModel.OUTPUT).getParam("b").assign(Nd4j.rand(DataType.FLOAT, 1, V).subi(0.5));
        return net;
    }

    private static DecoderStepper stepper(ComputationGraph net, boolean attention) {
        return DecoderStepper.of(net, Seq2seqModel.TARGET_EMBEDDING, Seq2seqModel.DECODER,
                attention ? Seq2seqModel.ATTENTION : null, attention ? Seq2seqModel.DECODER_TOP : null,
                Seq2seqModel.OUTPUT);
    }

    @Test
    void eachStepsDistributionsAreTheGraphsWithRowsReorderedAsABeamReordersThem() {
        for (String cell : List.of("lstm", "gru")) {
            for (String attention : List.of("dot", "none")) {
                RunConfig config = config(cell, attention, cell.equals("lstm"), 3);
                boolean attends = !attention.equals("none");
                ComputationGraph net = model(config);
                DecoderStepper stepper = stepper(net, attends);
                assertNotNull(stepper, cell + " " + attention);
                // the encoder in Java: seq4j's LSTM, one- or two-directional; a GRU encoder stays DL4J's
                assertEquals(cell.equals("lstm"), DecoderStepper.of(net, Seq2seqModel.TARGET_EMBEDDING,
                        Seq2seqModel.DECODER, attends ? Seq2seqModel.ATTENTION : null,
                        attends ? Seq2seqModel.DECODER_TOP : null, Seq2seqModel.OUTPUT, Seq2seqModel.SOURCE_EMBEDDING,
                        RecurrentStack.chain(config.model())).encodes(), cell + " " + attention);
                int h = RecurrentStack.outputSize(config.model());
                ComputationGraph step = new ComputationGraph(Seq2seqModel.step(config, V, h));
                step.init();
                Seq2seqModel.copyParameters(net, step);

                int sources = 3;
                int steps = 4;
                INDArray last = Nd4j.rand(DataType.FLOAT, sources, h).subi(0.5).muli(2);
                INDArray memory = Nd4j.rand(DataType.FLOAT, sources, h, steps).subi(0.5).muli(2);
                int[] source = {0, 0, 1, 1, 2, 2};
                int n = source.length;
                DecoderStepper.Rows rows = stepper.rows(stepper.encode(last, attends ? memory : null), source);
                INDArray lastRows = last.getRows(source);
                INDArray memoryRows = rows3(memory, source);
                Random random = new Random(11);
                for (int t = 0; t < 5; t++) {
                    int[] previous = new int[n];
                    INDArray prev = Nd4j.create(DataType.FLOAT, n, 1, 1);
                    for (int r = 0; r < n; r++) {
                        previous[r] = random.nextInt(V);
                        prev.putScalar(r, 0, 0, previous[r]);
                    }
                    rows.step(previous);
                    INDArray expected = step.rnnTimeStep(attends ? new INDArray[]{prev, lastRows, memoryRows}
                            : new INDArray[]{prev, lastRows})[0].reshape(n, V);
                    for (int r = 0; r < n; r++) {
                        float[] p = rows.probabilities(r);
                        for (int v = 0; v < V; v++) {
                            assertEquals(expected.getFloat(r, v), p[v], 2e-5, cell + " " + attention + " step " + t
                                    + " row " + r + " token " + v);
                        }
                    }
                    // the second row of each source continues the first from here on
                    int[] parents = {0, 0, 3, 3, 4, 5};
                    rows.reorder(parents);
                    for (String layer : attends ? List.of(Seq2seqModel.DECODER, Seq2seqModel.DECODER_TOP)
                            : List.of(Seq2seqModel.DECODER)) {
                        Map<String, INDArray> state = new HashMap<>();
                        step.rnnGetPreviousState(layer).forEach((k, a) -> state.put(k, a.getRows(parents)));
                        step.rnnSetPreviousState(layer, state);
                    }
                }
            }
        }
    }

    @Test
    void greedyAndBeamDecodingsAreTheGraphsForOneModelAndAnEnsemble() {
        for (String attention : List.of("dot", "none")) {
            RunConfig config = config("lstm", attention, true, 5);
            List<ComputationGraph> members = List.of(model(config), model(config("lstm", attention, true, 6)));
            Random random = new Random(2);
            int[][] sources = new int[40][];
            for (int i = 0; i < sources.length; i++) {
                sources[i] = random.ints(1 + random.nextInt(5), 0, SOURCE_VOCAB).toArray();
            }
            for (List<ComputationGraph> ensemble : List.of(members.subList(0, 1), members)) {
                Seq2seqDecoder java = new Seq2seqDecoder(config, ensemble, V);
                Seq2seqDecoder graphs = Seq2seqDecoder.throughGraphs(config, ensemble, V);
                assertTrue(java.java());
                assertFalse(graphs.java());
                for (int beam : new int[]{1, 3}) {
                    List<Seq2seqDecoder.Output> expected = graphs.decode(sources, beam, 1.0, 6);
                    List<Seq2seqDecoder.Output> actual = java.decode(sources, beam, 1.0, 6);
                    for (int i = 0; i < sources.length; i++) {
                        String what = attention + " members " + ensemble.size() + " beam " + beam + " source " + i;
                        assertArrayEquals(expected.get(i).tokens(), actual.get(i).tokens(), what);
                        assertEquals(expected.get(i).logProb(), actual.get(i).logProb(), 1e-4, what);
                        assertEquals(expected.get(i).ended(), actual.get(i).ended(), what);
                    }
                }
            }
        }
    }

    @Test
    void aDecoderWithACellTheJavaPathDoesNotComputeStepsThroughTheGraphs() {
        RunConfig config = config("simple_rnn", "dot", false, 3);
        ComputationGraph net = model(config);
        assertNull(stepper(net, true));
        assertFalse(new Seq2seqDecoder(config, List.of(net), V).java());
    }

    @Test
    void rowsRejectTokensAndParentsOutsideTheirRange() {
        RunConfig config = config("lstm", "dot", false, 3);
        DecoderStepper stepper = stepper(model(config), true);
        int h = RecurrentStack.outputSize(config.model());
        DecoderStepper.Rows rows = stepper.rows(stepper.encode(Nd4j.rand(DataType.FLOAT, 2, h),
                Nd4j.rand(DataType.FLOAT, 2, h, 3)), new int[]{0, 1});
        assertThrows(IllegalArgumentException.class, () -> rows.step(new int[]{0, V}));
        assertThrows(IllegalArgumentException.class, () -> rows.step(new int[]{0}));
        assertThrows(IllegalArgumentException.class, () -> rows.reorder(new int[]{1, 1})); // another source's row
        assertThrows(IllegalArgumentException.class, () -> stepper.rows(stepper.encode(Nd4j.rand(DataType.FLOAT, 2, h),
                Nd4j.rand(DataType.FLOAT, 2, h, 3)), new int[]{2}));
    }

    private static INDArray rows3(INDArray a, int[] rows) {
        long[] shape = a.shape();
        return a.reshape('c', shape[0], shape[1] * shape[2]).getRows(rows).reshape('c', rows.length, shape[1], shape[2]);
    }
}
