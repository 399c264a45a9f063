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
        return stock(HIDDEN);
    }

    private static LSTM stock(int hidden) {
        return Settings.copy(LSTM.class, settings(hidden), new MaskedStockLstm());
    }

    private static LSTM settings() {
        return settings(HIDDEN);
    }

    private static LSTM settings(int hidden) {
        return new LSTM.Builder().nIn(N_IN).nOut(hidden).forgetGateBiasInit(1.0).activation(Activation.TANH).build();
    }

    /**
     * DL4J's own LSTM layer, keeping its input mask as {@link FastLSTMLayer} does (DL4J's passes the mask on in a
     * ComputationGraph without keeping it, and then runs through the padding): the reference for masked inputs.
     */
    static final class MaskedStockLstm extends LSTM {
        @Override
        public org.deeplearning4j.nn.api.Layer instantiate(org.deeplearning4j.nn.conf.NeuralNetConfiguration conf,
                java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> listeners, int layerIndex,
                INDArray params, boolean initializeParams, DataType dataType) {
            return Settings.wire(new org.deeplearning4j.nn.layers.recurrent.LSTM(conf, dataType) {
                @Override
                public Pair<INDArray, org.deeplearning4j.nn.api.MaskState> feedForwardMaskArray(INDArray mask,
                        org.deeplearning4j.nn.api.MaskState state, int minibatchSize) {
                    this.maskArray = mask;
                    this.maskState = state;
                    return super.feedForwardMaskArray(mask, state, minibatchSize);
                }
            }, conf, initializer(), listeners, layerIndex, params, initializeParams);
        }
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
        return pair(bidirectional, dataType, tbptt, HIDDEN);
    }

    private static ComputationGraph[] pair(boolean bidirectional, DataType dataType, int tbptt, int hidden) {
        Layer s = bidirectional ? new Bidirectional(stock(hidden)) : stock(hidden);
        Layer f = bidirectional ? new Bidirectional(FastLSTM.of(settings(hidden))) : FastLSTM.of(settings(hidden));
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
        if (bidirectional) {
            // DL4J's masked backward pass is wrong where the padding comes first, as the backward direction reads it
            // (its gradients were off by up to 3x against the loss's slope): the reference is the loss itself
            assertGradientsAreTheSlopeOfTheLoss(nets[1], x, y, mask);
        } else {
            assertSameGradients(nets[0], nets[1], x, y, mask, 1e-10);
        }
    }

    /**
     * Every parameter array's gradient, at a few entries, against the central difference of the loss (DL4J's
     * gradients are sums over the minibatch, its loss the mean).
     */
    private static void assertGradientsAreTheSlopeOfTheLoss(ComputationGraph net, INDArray x, INDArray y, INDArray mask) {
        net.setInputs(x);
        net.setLabels(y);
        net.setLayerMaskArrays(new INDArray[]{mask}, new INDArray[]{mask});
        net.computeGradientAndScore();
        Map<String, INDArray> gradients = new java.util.LinkedHashMap<>();
        net.gradient().gradientForVariable().forEach((key, g) -> gradients.put(key, g.dup()));
        double h = 1e-6;
        gradients.forEach((key, gradient) -> {
            INDArray g = gradient;
            INDArray p = net.getParam(key);
            if (p.rank() == 1) {                                       // the biases: a row of the same memory
                p = p.reshape(1, p.length());
                g = g.reshape(1, g.length());
            }
            for (long k = 0; k < 6; k++) {
                long r = k % p.size(0);
                long c = k * 5 % p.size(1);
                double v = p.getDouble(r, c);
                p.putScalar(r, c, v + h);
                net.computeGradientAndScore();
                double up = net.score();
                p.putScalar(r, c, v - h);
                net.computeGradientAndScore();
                double down = net.score();
                p.putScalar(r, c, v);
                double slope = (up - down) / (2 * h) * x.size(0);
                assertEquals(slope, g.getDouble(r, c), 1e-6 + 1e-5 * Math.abs(slope),
                        "gradient " + key + "[" + r + ", " + c + "]");
            }
        });
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

    /**
     * A training minibatch of at least {@link Gemms#splitRows} rows runs its forward pass in two halves of its
     * rows, one per core: still the stock layer's outputs and gradients, for odd minibatches, masked, after smaller
     * and larger ones (the halves' products are made per shape), and from a carried state.
     */
    @Test
    void aForwardPassInTwoHalvesOfTheRowsEqualsTheStockLstm() {
        int machines = Gemms.splitRows;
        Gemms.splitRows = 2;
        try {
            ComputationGraph[] nets = pair(false, DataType.FLOAT, 0);
            int[][] shapes = {{1, 4}, {6, 3}, {3, 7}, {9, 5}, {2, 1}, {6, 3}};
            for (int[] shape : shapes) {
                INDArray x = features(shape[0], shape[1], DataType.FLOAT, shape[0] * 7L + shape[1]);
                INDArray y = labels(shape[0], shape[1], DataType.FLOAT, shape[1]);
                assertSameGradients(nets[0], nets[1], x, y, null, 1e-5);
                assertSameGradients(nets[0], nets[1], x, y, mask(shape[0], shape[1], DataType.FLOAT), 1e-5);
            }
            INDArray x = features(5, 6, DataType.FLOAT, 9);
            Nd4j.getRandom().setSeed(10);
            Map<String, INDArray> state = Map.of(
                    org.deeplearning4j.nn.layers.recurrent.LSTM.STATE_KEY_PREV_ACTIVATION,
                    Nd4j.rand(DataType.FLOAT, 5, HIDDEN).subi(0.5),
                    org.deeplearning4j.nn.layers.recurrent.LSTM.STATE_KEY_PREV_MEMCELL,
                    Nd4j.rand(DataType.FLOAT, 5, HIDDEN).muli(2).subi(1));
            List<INDArray> outputs = new ArrayList<>();
            for (ComputationGraph net : nets) {
                RecurrentLayer layer = (RecurrentLayer) net.getLayer("rnn");
                layer.rnnSetTBPTTState(state);
                outputs.add(layer.rnnActivateUsingStoredState(x, true, false, LayerWorkspaceMgr.noWorkspaces()));
            }
            assertClose(outputs.get(0), outputs.get(1), 1e-5, "outputs from a carried state");
        } finally {
            Gemms.splitRows = machines;
        }
    }

    /**
     * A gradient that is a time-major view ({@code [mb, n, T]} over {@code [T*mb, n]} rows, as FastRnnOutput passes it)
     * is read in place, also from an offset into its buffer: the same weight and input gradients as the stock layer's.
     */
    @ParameterizedTest
    @ValueSource(strings = {"DOUBLE", "FLOAT"})
    void aTimeMajorGradientAtAnOffsetIsReadInPlace(DataType dataType) {
        ComputationGraph[] nets = pair(false, dataType, 0);
        int mb = 3;
        int steps = 5;
        INDArray x = features(mb, steps, dataType, 21);
        Nd4j.getRandom().setSeed(22);
        INDArray block = Nd4j.rand(dataType, steps * mb + 2, HIDDEN).subi(0.5);           // two spare rows first
        INDArray eps = Gemms.rows(block, 2, steps * mb + 2).reshape('c', steps, mb, HIDDEN).permute(1, 2, 0);
        assertTrue(Gemms.timeMajor(eps) && eps.offset() == 2L * HIDDEN, "a time-major view at an offset");
        List<Pair<Gradient, INDArray>> results = new ArrayList<>();
        for (ComputationGraph net : nets) {
            net.initGradientsView();
            org.deeplearning4j.nn.api.Layer layer = net.getLayer("rnn");
            layer.setInput(x, LayerWorkspaceMgr.noWorkspaces());
            layer.activate(true, LayerWorkspaceMgr.noWorkspaces());
            results.add(layer.backpropGradient(net == nets[0] ? eps.dup() : eps, LayerWorkspaceMgr.noWorkspaces()));
        }
        double tolerance = dataType == DataType.DOUBLE ? 1e-10 : 1e-5;
        results.get(0).getFirst().gradientForVariable().forEach((key, expected) ->
                assertClose(expected, results.get(1).getFirst().gradientForVariable().get(key), tolerance, "gradient " + key));
        if (results.get(0).getSecond() != null && results.get(1).getSecond() != null) {
            assertClose(results.get(0).getSecond(), results.get(1).getSecond(), tolerance, "input gradient");
        }
    }

    /**
     * The halves of a pass are a rule of the shape: run one after the other on one thread (an ensemble member, or a
     * single core) they give exactly the numbers they give on two, with our output layer above (its logits in halves
     * too from 64 rows), so that results do not depend on the machine or on timing.
     */
    @Test
    void halvesOnOneThreadGiveExactlyTheNumbersOfTwo() {
        int machines = Gemms.splitRows;
        Gemms.splitRows = 2;
        try {
            ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                    .seed(5).dataType(DataType.FLOAT).updater(new org.nd4j.linalg.learning.config.Adam(0.01))
                    .weightInit(WeightInit.XAVIER).graphBuilder()
                    .addInputs("in").setInputTypes(InputType.recurrent(N_IN))
                    .addLayer("rnn", FastLSTM.of(settings(HIDDEN)), "in")
                    .addLayer("gru", new GRU.Builder().nIn(HIDDEN).nOut(HIDDEN).build(), "rnn")
                    .addLayer("out", FastRnnOutputLayer.of(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                            .activation(Activation.SOFTMAX).nIn(HIDDEN).nOut(CLASSES).build()), "gru")
                    .setOutputs("out").build();
            ComputationGraph alone = new ComputationGraph(conf);
            alone.init();
            ComputationGraph sideBySide = new ComputationGraph(conf.clone());
            sideBySide.init(alone.params().dup(), true);
            INDArray x = features(7, 12, DataType.FLOAT, 31);
            INDArray y = labels(7, 12, DataType.FLOAT, 32);
            for (int i = 0; i < 2; i++) {
                alone.fit(new INDArray[]{x}, new INDArray[]{y});
                HelperThread.sideBySide(() -> {
                    sideBySide.fit(new INDArray[]{x}, new INDArray[]{y});
                    return null;
                });
            }
            assertEquals(alone.params(), sideBySide.params(), "the same weights after two steps, bit for bit");
            assertEquals(alone.score(), sideBySide.score(), 0.0);
        } finally {
            Gemms.splitRows = machines;
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
     * At 128 units the gates are 512 wide, and in single precision the kernel gives its pre-activations and its copy of
     * the recurrent weights 16 columns more ({@link Gemms#paddedWidth}: oneDNN's AVX2 products are slow at such
     * widths); outputs and gradients still equal the stock layer's, training and in both inference paths.
     */
    @Test
    void gatesGivenPaddedColumnsStillEqualTheStockLstmInFloat() {
        int machines = Gemms.padding;                                   // 0 where oneDNN runs AVX-512 kernels
        Gemms.padding = 16;
        try {
            paddedGatesEqualTheStockLstm();
        } finally {
            Gemms.padding = machines;
        }
    }

    private void paddedGatesEqualTheStockLstm() {
        assertEquals(528, Gemms.paddedWidth(4 * 128));
        assertEquals(4 * 100, Gemms.paddedWidth(4 * 100));
        INDArray x = features(6, 9, DataType.FLOAT, 11);
        INDArray y = labels(6, 9, DataType.FLOAT, 12);
        ComputationGraph[] both = pair(true, DataType.FLOAT, 0, 128);
        assertSameGradients(both[0], both[1], x, y, null, 1e-4);
        ComputationGraph[] nets = pair(false, DataType.FLOAT, 0, 128);
        assertSameGradients(nets[0], nets[1], x, y, mask(6, 9, DataType.FLOAT), 1e-4);
        for (int mb : new int[]{3, LstmKernel.CELL_RECURRENCE_ROWS + 5}) { // the recurrence in the cell, then in ND4J
            INDArray in = features(mb, 7, DataType.FLOAT, mb);
            INDArray m = mask(mb, 7, DataType.FLOAT);
            assertClose(nets[0].output(false, new INDArray[]{in}, new INDArray[]{m})[0],
                    nets[1].output(false, new INDArray[]{in}, new INDArray[]{m})[0], 1e-5, "minibatch " + mb);
            assertClose(both[0].outputSingle(in), both[1].outputSingle(in), 1e-5, "bidirectional, minibatch " + mb);
        }
    }

    /** A mask of {@code lengths}, each sequence padded at its end, or at its start with {@code paddedFirst}. */
    private static INDArray mask(int[] lengths, int steps, boolean paddedFirst) {
        INDArray mask = Nd4j.zeros(DataType.FLOAT, lengths.length, steps);
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                mask.putScalar(b, paddedFirst ? steps - 1 - t : t, 1.0);
            }
        }
        return mask;
    }

    /**
     * An inference pass of a few rows sorts them by length and computes each only as far as its mask goes: rows
     * of mixed lengths in any order, padded at the end or at the start, still give the stock layer's outputs, and
     * a mask it cannot sort (a gap inside a sequence) falls back to the full computation.
     */
    @Test
    void inferenceSkipsThePaddingOfRowsInAnyOrder() {
        ComputationGraph[] nets = pair(true, DataType.FLOAT, 0);
        int[] lengths = {3, 10, 1, 7, 7, 2, 10, 5, 4};
        INDArray x = features(lengths.length, 10, DataType.FLOAT, 12);
        INDArray gap = mask(lengths, 10, false);
        gap.putScalar(3, 2, 0.0);                                   // row 3 keeps steps 0, 1 and 3..6
        Object[][] cases = {{mask(lengths, 10, false), true}, {mask(lengths, 10, true), true}, {gap, false}};
        for (Object[] c : cases) {
            INDArray mask = (INDArray) c[0];
            long before = LstmCellFloat.PACKED_PASSES.sum();
            INDArray fast = nets[1].output(false, new INDArray[]{x}, new INDArray[]{mask})[0];
            assertEquals(c[1], LstmCellFloat.PACKED_PASSES.sum() > before, "sorted by length: " + mask);
            assertClose(nets[0].output(false, new INDArray[]{x}, new INDArray[]{mask})[0], fast, 1e-5,
                    "mask " + mask);
        }
    }

    /**
     * What a user sees: a sequence batched with longer ones, padded and masked, gets the outputs it gets alone, through
     * both directions, in training and inference passes (before the layers kept their masks, the backward
     * direction ran through the padding first and the outputs changed with the batch).
     */
    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru"})
    void aSequenceGetsTheSameOutputsAloneAsInAPaddedBatch(String cell) {
        Layer recurrent = cell.equals("lstm") ? FastLSTM.of(settings())
                : new GRU.Builder().nIn(N_IN).nOut(HIDDEN).build();
        ComputationGraph net = net(new Bidirectional(recurrent), DataType.FLOAT, 0);
        int[] lengths = {4, 9, 2, 9, 1};
        INDArray x = features(lengths.length, 9, DataType.FLOAT, 5);
        INDArray mask = mask(lengths, 9, false);
        for (boolean training : new boolean[]{false, true}) {
            net.setLayerMaskArrays(new INDArray[]{mask}, null);
            INDArray batch = net.feedForward(new INDArray[]{x}, training, false).get("rnn").dup();
            net.clearLayerMaskArrays();
            for (int b = 0; b < lengths.length; b++) {
                org.nd4j.linalg.indexing.INDArrayIndex[] own = {org.nd4j.linalg.indexing.NDArrayIndex.interval(b, b + 1),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, lengths[b])};
                INDArray alone = net.feedForward(new INDArray[]{x.get(own).dup()}, training, false).get("rnn");
                assertClose(alone, batch.get(own), 1e-5, cell + ", training " + training + ", sequence " + b);
            }
        }
    }

    /** A packed pass leaves the same outputs and final states, row for row, as the full masked computation. */
    @Test
    void aPackedPassLeavesTheStatesOfTheFullComputation() {
        int mb = 6;
        int steps = 9;
        int n = HIDDEN;
        Nd4j.getRandom().setSeed(21);
        INDArray x = Nd4j.rand(DataType.FLOAT, mb, N_IN, steps).subi(0.5);
        INDArray w = Nd4j.rand(DataType.FLOAT, N_IN, 4 * n).subi(0.5);
        INDArray rw = Nd4j.rand(DataType.FLOAT, n, 4 * n).subi(0.5);
        INDArray b = Nd4j.rand(DataType.FLOAT, 1, 4 * n).subi(0.5);
        INDArray h0 = Nd4j.rand(DataType.FLOAT, mb, n).subi(0.5);
        INDArray c0 = Nd4j.rand(DataType.FLOAT, mb, n).subi(0.5);
        INDArray mask = mask(new int[]{2, 9, 4, 9, 1, 6}, steps, false);
        INDArray[][] results = new INDArray[2][];
        for (int k = 0; k < 2; k++) {
            LstmKernel kernel = new LstmKernel(DataType.FLOAT);
            long before = LstmCellFloat.PACKED_PASSES.sum();
            kernel.forward(x, w, rw, b, h0, c0, mask, k == 0);          // training: the full, masked computation
            assertEquals(k == 1, LstmCellFloat.PACKED_PASSES.sum() > before, "packed");
            INDArray out = Nd4j.create(DataType.FLOAT, new long[]{(long) steps * mb, n}, 'f');
            kernel.outputs(out);
            results[k] = new INDArray[]{out, kernel.lastState(), kernel.lastCell()};
        }
        String[] names = {"outputs", "last state", "last cell state"};
        for (int k = 0; k < names.length; k++) {
            assertClose(results[0][k], results[1][k], 1e-5, names[k]);
        }
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
        ComputationGraph withInput = net(FastLSTM.of(settings()), DataType.DOUBLE, 0);
        ComputationGraph without = net(FastLSTM.of(settings()).inputGradient(false), DataType.DOUBLE, 0);
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
