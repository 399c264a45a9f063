package dev.seq4j.model.layers;

import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast LSTM against DL4J's own LSTM on identical weights: outputs, gradients (with and without masks,
 * bidirectional, truncated BPTT), streaming state and serialisation. DL4J's gradient checks for it run in
 * {@code RecurrentStackTest} with every other cell.
 */
class FastLSTMTest {
    private static final int N_IN = 5;
    private static final int HIDDEN = 7;
    private static final int CLASSES = 3;

    private static LSTM stock() {
        return new LSTM.Builder().nIn(N_IN).nOut(HIDDEN).forgetGateBiasInit(1.0).activation(Activation.TANH).build();
    }

    private static ComputationGraph net(Layer recurrent, DataType dataType, int tbptt) {
        ComputationGraphConfiguration.GraphBuilder builder = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(dataType).updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in").setInputTypes(InputType.recurrent(N_IN))
                .addLayer("rnn", recurrent, "in")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nOut(CLASSES).build(), "rnn")
                .setOutputs("out");
        if (tbptt > 0) {
            builder.backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(tbptt).tBPTTBackwardLength(tbptt);
        }
        ComputationGraph net = new ComputationGraph(builder.build());
        net.init();
        return net;
    }

    /** A stock and a fast network with the same weights. */
    private static ComputationGraph[] pair(boolean bidirectional, DataType dataType, int tbptt) {
        Layer s = bidirectional ? new Bidirectional(stock()) : stock();
        Layer f = bidirectional ? new Bidirectional(FastLSTM.of(stock())) : FastLSTM.of(stock());
        ComputationGraph stockNet = net(s, dataType, tbptt);
        ComputationGraph fastNet = net(f, dataType, tbptt);
        fastNet.setParams(stockNet.params().dup());
        return new ComputationGraph[]{stockNet, fastNet};
    }

    private static INDArray features(int mb, int steps, DataType dataType, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(dataType, mb, N_IN, steps).muli(4).subi(2);              // uniform in [-2, 2)
    }

    private static INDArray labels(int mb, int steps, DataType dataType, long seed) {
        Random random = new Random(seed);
        INDArray labels = Nd4j.zeros(dataType, mb, CLASSES, steps);
        for (int b = 0; b < mb; b++) {
            for (int t = 0; t < steps; t++) {
                labels.putScalar(b, random.nextInt(CLASSES), t, 1.0);
            }
        }
        return labels;
    }

    /** Sequences of lengths steps, steps-1, ... (at least 1), padded at the end. */
    private static INDArray mask(int mb, int steps, DataType dataType) {
        INDArray mask = Nd4j.zeros(dataType, mb, steps);
        for (int b = 0; b < mb; b++) {
            for (int t = 0; t < Math.max(1, steps - b); t++) {
                mask.putScalar(b, t, 1.0);
            }
        }
        return mask;
    }

    /** Largest difference relative to the largest magnitude of the two arrays. */
    private static double relativeError(INDArray expected, INDArray actual) {
        double scale = Math.max(expected.amaxNumber().doubleValue(), actual.amaxNumber().doubleValue());
        if (scale == 0) {
            return 0;                                  // both zero, e.g. the recurrent gradient of a single step
        }
        return expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue() / scale;
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double error = relativeError(expected, actual);
        assertTrue(error <= tolerance, what + ": relative error " + error + " > " + tolerance);
    }

    private static void assertSameGradients(ComputationGraph stockNet, ComputationGraph fastNet, INDArray x,
                                            INDArray y, INDArray mask, double tolerance) {
        MultiDataSet data = new MultiDataSet(new INDArray[]{x}, new INDArray[]{y},
                mask == null ? null : new INDArray[]{mask}, mask == null ? null : new INDArray[]{mask});
        stockNet.setInputs(x);
        stockNet.setLabels(y);
        stockNet.setLayerMaskArrays(data.getFeaturesMaskArrays(), data.getLabelsMaskArrays());
        stockNet.computeGradientAndScore();
        fastNet.setInputs(x);
        fastNet.setLabels(y);
        fastNet.setLayerMaskArrays(data.getFeaturesMaskArrays(), data.getLabelsMaskArrays());
        fastNet.computeGradientAndScore();
        assertEquals(stockNet.score(), fastNet.score(), tolerance * Math.abs(stockNet.score()), "loss");
        stockNet.gradient().gradientForVariable().forEach((key, expected) ->
                assertClose(expected, fastNet.gradient().gradientForVariable().get(key), tolerance, "gradient " + key));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void outputsAndGradientsEqualTheStockLstmInDouble(boolean bidirectional) {
        ComputationGraph[] nets = pair(bidirectional, DataType.DOUBLE, 0);
        INDArray x = features(4, 9, DataType.DOUBLE, 1);
        INDArray y = labels(4, 9, DataType.DOUBLE, 2);
        assertClose(nets[0].outputSingle(x), nets[1].outputSingle(x), 1e-12, "output");
        assertSameGradients(nets[0], nets[1], x, y, null, 1e-10);
        INDArray mask = mask(4, 9, DataType.DOUBLE);
        assertClose(nets[0].output(false, new INDArray[]{x}, new INDArray[]{mask})[0],
                nets[1].output(false, new INDArray[]{x}, new INDArray[]{mask})[0], 1e-12, "masked output");
        assertSameGradients(nets[0], nets[1], x, y, mask, 1e-10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DOUBLE", "FLOAT"})
    void batchesOfChangingShapeReuseTheBuffersCorrectly(DataType dataType) {
        ComputationGraph[] nets = pair(false, dataType, 0);
        // one step with a large batch first (only the first step's buffers grow), then longer and smaller ones
        int[][] shapes = {{6, 1}, {1, 3}, {6, 3}, {4, 9}, {2, 5}, {3, 12}, {4, 9}};
        double tolerance = dataType == DataType.DOUBLE ? 1e-10 : 1e-5;
        for (int[] shape : shapes) {
            INDArray x = features(shape[0], shape[1], dataType, shape[1]);
            INDArray y = labels(shape[0], shape[1], dataType, shape[0]);
            assertSameGradients(nets[0], nets[1], x, y, mask(shape[0], shape[1], dataType), tolerance);
        }
    }

    @Test
    void outputsAndGradientsMatchTheStockLstmInFloatWithinTheIssuesTolerance() {
        ComputationGraph[] nets = pair(false, DataType.FLOAT, 0);
        INDArray x = features(16, 50, DataType.FLOAT, 3);
        INDArray y = labels(16, 50, DataType.FLOAT, 4);
        assertClose(nets[0].outputSingle(x), nets[1].outputSingle(x), 1e-5, "output");
        assertSameGradients(nets[0], nets[1], x, y, mask(16, 50, DataType.FLOAT), 1e-5);
    }

    /**
     * Inference calls of up to {@link LstmKernel#CELL_RECURRENCE_ROWS} rows do their recurrent products in the
     * cell, in Java; larger ones and training passes in ND4J. Both give the stock layer's outputs, masked and
     * bidirectional, whichever ran before (the two paths share the kernel's buffers), and stepping through time
     * from a carried state gives the whole sequence's.
     */
    @Test
    void inferenceInTheCellAndInNd4jBothEqualTheStockLstmInFloat() {
        ComputationGraph[] nets = pair(true, DataType.FLOAT, 0);
        int limit = LstmKernel.CELL_RECURRENCE_ROWS;
        int[][] shapes = {{1, 7}, {limit + 1, 5}, {3, 11}, {limit, 4}, {2, 1}, {limit + 9, 12}, {5, 6}};
        for (int[] shape : shapes) {
            INDArray x = features(shape[0], shape[1], DataType.FLOAT, shape[0] * 31L + shape[1]);
            INDArray mask = mask(shape[0], shape[1], DataType.FLOAT);
            String what = "minibatch " + shape[0] + " x " + shape[1] + " steps";
            assertClose(nets[0].outputSingle(x), nets[1].outputSingle(x), 1e-5, what);
            assertClose(nets[0].output(false, new INDArray[]{x}, new INDArray[]{mask})[0],
                    nets[1].output(false, new INDArray[]{x}, new INDArray[]{mask})[0], 1e-5, what + ", masked");
        }
        assertSteppingEqualsTheWholeSequence(DataType.FLOAT, 1e-5);
    }

    /**
     * Within one segment truncated BPTT is plain BPTT, and the fast layer trains to the stock layer's weights.
     * Across segments they part on purpose: ComputationGraph (M2.1) calls {@code backpropGradient} for each
     * segment, and the stock layer then recomputes its forward pass from a zero state instead of the state
     * carried from the previous segment, so its gradient is not that of the loss it reported. The fast layer
     * backpropagates through the pass it ran; {@link #backwardFromACarriedStateEqualsTheStockLstm} checks
     * that gradient against the stock layer given the carried state.
     */
    @Test
    void truncatedBpttWithinOneSegmentTrainsToTheStockWeights() {
        ComputationGraph[] nets = pair(false, DataType.DOUBLE, 4);
        INDArray x = features(3, 4, DataType.DOUBLE, 5);
        INDArray y = labels(3, 4, DataType.DOUBLE, 6);
        for (int i = 0; i < 3; i++) {
            nets[0].fit(new INDArray[]{x}, new INDArray[]{y});
            nets[1].fit(new INDArray[]{x}, new INDArray[]{y});
        }
        assertClose(nets[0].params(), nets[1].params(), 1e-10, "weights after 3 fits");
        INDArray longer = features(3, 8, DataType.DOUBLE, 5);            // two segments
        INDArray longerLabels = labels(3, 8, DataType.DOUBLE, 6);
        nets[0].fit(new INDArray[]{longer}, new INDArray[]{longerLabels});
        nets[1].fit(new INDArray[]{longer}, new INDArray[]{longerLabels});
        assertEquals(nets[0].score(), nets[1].score(), 1e-10, "loss of the last segment, reached through the carried state");
    }

    @Test
    void backwardFromACarriedStateEqualsTheStockLstm() {
        ComputationGraph[] nets = pair(false, DataType.DOUBLE, 0);
        INDArray x = features(3, 6, DataType.DOUBLE, 9);
        Nd4j.getRandom().setSeed(10);
        Map<String, INDArray> state = Map.of(
                org.deeplearning4j.nn.layers.recurrent.LSTM.STATE_KEY_PREV_ACTIVATION, Nd4j.rand(DataType.DOUBLE, 3, HIDDEN).subi(0.5),
                org.deeplearning4j.nn.layers.recurrent.LSTM.STATE_KEY_PREV_MEMCELL, Nd4j.rand(DataType.DOUBLE, 3, HIDDEN).muli(2).subi(1));
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 3, HIDDEN, 6).subi(0.5);
        List<Pair<Gradient, INDArray>> results = new ArrayList<>();
        for (ComputationGraph net : nets) {
            net.initGradientsView();
            RecurrentLayer layer = (RecurrentLayer) net.getLayer("rnn");
            layer.rnnSetPreviousState(state);          // the stock layer's backward pass starts from this one
            layer.rnnSetTBPTTState(state);             // and its forward pass from this one
            layer.rnnActivateUsingStoredState(x, true, false, LayerWorkspaceMgr.noWorkspaces());
            results.add(layer.tbpttBackpropGradient(eps.dup(), 100, LayerWorkspaceMgr.noWorkspaces()));
        }
        assertClose(results.get(0).getSecond(), results.get(1).getSecond(), 1e-10, "input gradient");
        results.get(0).getFirst().gradientForVariable().forEach((key, expected) ->
                assertClose(expected, results.get(1).getFirst().gradientForVariable().get(key), 1e-10, "gradient " + key));
    }

    @Test
    void steppingThroughTimeEqualsTheWholeSequence() {
        assertSteppingEqualsTheWholeSequence(DataType.DOUBLE, 1e-12);
    }

    /** Feeding a sequence one step at a time through {@code rnnTimeStep} gives the whole sequence's outputs. */
    private static void assertSteppingEqualsTheWholeSequence(DataType dataType, double tolerance) {
        ComputationGraph net = pair(false, dataType, 0)[1];
        INDArray x = features(2, 6, dataType, 7);
        INDArray whole = net.outputSingle(x);
        net.rnnClearPreviousState();
        for (int t = 0; t < 6; t++) {
            INDArray step = net.rnnTimeStep(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(t, t + 1)))[0];
            assertClose(whole.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(t, t + 1)), step, tolerance, dataType + " step " + t);
        }
    }

    @Test
    void savedModelKeepsTheFastLayerAndItsOutputs(@TempDir Path dir) throws Exception {
        ComputationGraph net = pair(false, DataType.DOUBLE, 0)[1];
        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, file, false);
        ComputationGraph loaded = ModelSerializer.restoreComputationGraph(file, false);
        assertInstanceOf(FastLSTMLayer.class, loaded.getLayer("rnn"));
        assertTrue(((FastLSTMLayer) loaded.getLayer("rnn")).isFast());
        INDArray x = features(2, 5, DataType.DOUBLE, 8);
        assertClose(net.outputSingle(x), loaded.outputSingle(x), 0, "output after reload");
    }

    @Test
    void withoutTheInputGradientTheWeightGradientsStayAndTheSettingIsSaved(@TempDir Path dir) throws Exception {
        ComputationGraph withInput = net(FastLSTM.of(stock()), DataType.DOUBLE, 0);
        ComputationGraph without = net(FastLSTM.of(stock()).inputGradient(false), DataType.DOUBLE, 0);
        without.setParams(withInput.params().dup());
        INDArray x = features(3, 7, DataType.DOUBLE, 11);
        INDArray y = labels(3, 7, DataType.DOUBLE, 12);
        assertSameGradients(withInput, without, x, y, null, 1e-12);
        LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 3, HIDDEN, 7);
        for (ComputationGraph net : new ComputationGraph[]{withInput, without}) {
            net.initGradientsView();
            net.getLayer("rnn").activate(x, true, none);
        }
        INDArray inputGradient = withInput.getLayer("rnn").backpropGradient(eps, none).getSecond();
        assertTrue(inputGradient.amaxNumber().doubleValue() > 0);
        assertEquals(0.0, without.getLayer("rnn").backpropGradient(eps, none).getSecond().amaxNumber().doubleValue());
        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(without, file, false);
        FastLSTM loaded = (FastLSTM) ModelSerializer.restoreComputationGraph(file, false).getLayer("rnn").conf().getLayer();
        assertTrue(!loaded.isInputGradient());
    }

    @Test
    void floatTanhIsWithinAFewUlpOfTheExactOne() {
        double worst = 0;
        for (float v = -20f; v <= 20f; v += 1e-4f) {
            worst = Math.max(worst, Math.abs(LstmCellFloat.tanh(v) - Math.tanh(v)));
        }
        assertTrue(worst < 5e-7, "max error " + worst);
    }
}
