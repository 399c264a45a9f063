package dev.seq4j.model.layers;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast output layer against DL4J's RnnOutputLayer on identical weights: loss, weight gradients and the
 * gradient passed down, with the stock and the fast LSTM below it, masks, soft labels and both formats.
 */
class FastRnnOutputTest {
    private static final int N_IN = 4;
    private static final int HIDDEN = 6;
    private static final int CLASSES = 5;

    private static RnnOutputLayer stockOutput(RNNFormat format) {
        return new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nIn(HIDDEN).nOut(CLASSES).dataFormat(format).build();
    }

    private static LSTM lstm(RNNFormat format) {
        return new LSTM.Builder().nIn(N_IN).nOut(HIDDEN).activation(Activation.TANH).dataFormat(format).build();
    }

    private static ComputationGraph net(Layer recurrent, Layer output, RNNFormat format) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(3).dataType(DataType.DOUBLE).updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in").setInputTypes(InputType.recurrent(N_IN, format))
                .addLayer("rnn", recurrent, "in")
                .addLayer("out", output, "rnn")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    private static INDArray series(int mb, int width, int steps, RNNFormat format, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray ncw = Nd4j.rand(DataType.DOUBLE, mb, width, steps).subi(0.5).muli(3);
        return format == RNNFormat.NWC ? ncw.permute(0, 2, 1).dup() : ncw;
    }

    /** One-hot labels, or labels smoothed by {@code smoothing} as seq2seq training uses them. */
    private static INDArray labels(int mb, int steps, double smoothing, RNNFormat format, long seed) {
        Random random = new Random(seed);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, mb, CLASSES, steps).addi(smoothing / CLASSES);
        for (int b = 0; b < mb; b++) {
            for (int t = 0; t < steps; t++) {
                y.putScalar(b, random.nextInt(CLASSES), t, 1 - smoothing + smoothing / CLASSES);
            }
        }
        return format == RNNFormat.NWC ? y.permute(0, 2, 1).dup() : y;
    }

    private static double relativeError(INDArray expected, INDArray actual) {
        double scale = Math.max(expected.amaxNumber().doubleValue(), actual.amaxNumber().doubleValue());
        return expected.sub(actual).amaxNumber().doubleValue() / Math.max(scale, 1e-300);
    }

    private static void assertSameStep(ComputationGraph stock, ComputationGraph fast, INDArray x, INDArray y,
                                       INDArray mask) {
        for (ComputationGraph net : new ComputationGraph[]{stock, fast}) {
            net.setInputs(x);
            net.setLabels(y);
            net.setLayerMaskArrays(mask == null ? null : new INDArray[]{mask}, mask == null ? null : new INDArray[]{mask});
            net.computeGradientAndScore();
        }
        assertEquals(stock.score(), fast.score(), 1e-10 * Math.abs(stock.score()), "loss");
        stock.gradient().gradientForVariable().forEach((key, expected) -> {
            INDArray actual = fast.gradient().gradientForVariable().get(key);
            assertArrayEquals(expected.shape(), actual.shape(), key);
            double error = relativeError(expected, actual);
            assertTrue(error < 1e-10, "gradient " + key + ": relative error " + error);
        });
    }

    @ParameterizedTest(name = "fast LSTM below: {0}, smoothing {1}, {2}")
    @CsvSource({"false, 0.0, NCW", "true, 0.0, NCW", "true, 0.1, NCW", "false, 0.1, NWC", "true, 0.0, NWC"})
    void lossAndGradientsEqualTheStockLayer(boolean fastBelow, double smoothing, RNNFormat format) {
        ComputationGraph stock = net(lstm(format), stockOutput(format), format);
        ComputationGraph fast = net(fastBelow ? FastLSTM.of(lstm(format)) : lstm(format),
                FastRnnOutputLayer.of(stockOutput(format)), format);
        fast.setParams(stock.params().dup());
        INDArray x = series(3, N_IN, 8, format, 1);
        INDArray y = labels(3, 8, smoothing, format, 2);
        assertSameStep(stock, fast, x, y, null);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 3, 8);
        mask.putScalar(1, 7, 0);
        mask.putScalar(2, 6, 0);
        mask.putScalar(2, 7, 0);
        assertSameStep(stock, fast, x, y, mask);
        assertEquals(0.0, relativeError(stock.outputSingle(x), fast.outputSingle(x)), 1e-12, "inference output");
    }

    /**
     * At least {@link FastRnnOutput#SPLIT_ROWS} rows (steps x minibatch): the logits and softmax in two halves of the
     * rows, one per core, still the stock layer's loss and gradients.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"NCW", "NWC"})
    void aForwardPassInTwoHalvesEqualsTheStockLayer(RNNFormat format) {
        ComputationGraph stock = net(lstm(format), stockOutput(format), format);
        ComputationGraph fast = net(FastLSTM.of(lstm(format)), FastRnnOutputLayer.of(stockOutput(format)), format);
        fast.setParams(stock.params().dup());
        int steps = FastRnnOutput.SPLIT_ROWS / 4 + 3;
        INDArray x = series(5, N_IN, steps, format, 11);
        INDArray y = labels(5, steps, 0.1, format, 12);
        assertSameStep(stock, fast, x, y, null);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 5, steps);
        mask.putScalar(4, steps - 1, 0);
        mask.putScalar(0, steps - 1, 0);
        assertSameStep(stock, fast, x, y, mask);
    }

    /** Over our GRU, which reads the gradient passed down (time-major) in place, as the LSTM does. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"NCW", "NWC"})
    void lossAndGradientsOverTheGruEqualTheStockLayer(RNNFormat format) {
        GRU gru = new GRU.Builder().nIn(N_IN).nOut(HIDDEN).dataFormat(format).build();
        ComputationGraph stock = net(gru, stockOutput(format), format);
        ComputationGraph fast = net(gru.clone(), FastRnnOutputLayer.of(stockOutput(format)), format);
        fast.setParams(stock.params().dup());
        INDArray x = series(4, N_IN, 7, format, 8);
        INDArray y = labels(4, 7, 0.1, format, 9);
        assertSameStep(stock, fast, x, y, null);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 4, 7);
        mask.putScalar(3, 6, 0);
        assertSameStep(stock, fast, x, y, mask);
    }

    @ParameterizedTest(name = "masked: {0}")
    @CsvSource({"false", "true"})
    void aTrainingStepComputesTheOutputOnceAndANewInputAgain(boolean masked) {
        ComputationGraph fast = net(FastLSTM.of(lstm(RNNFormat.NCW)), FastRnnOutputLayer.of(stockOutput(RNNFormat.NCW)),
                RNNFormat.NCW);
        FastRnnOutput out = (FastRnnOutput) fast.getLayer("out");
        INDArray x = series(3, N_IN, 6, RNNFormat.NCW, 5);
        INDArray y = labels(3, 6, 0, RNNFormat.NCW, 6);
        INDArray mask = masked ? Nd4j.ones(DataType.DOUBLE, 3, 6).putScalar(2, 5, 0) : null;
        INDArray[] masks = mask == null ? null : new INDArray[]{mask};
        fast.fit(new INDArray[]{x}, new INDArray[]{y}, masks, masks);
        assertEquals(1, out.forwards(), "one forward pass for the loss and the gradient");
        double first = fast.score();
        // a step's score is the loss before its update: the one the network computes for these weights now
        double expected = fast.score(new MultiDataSet(new INDArray[]{x}, new INDArray[]{y}, masks, masks));
        long before = out.forwards();
        fast.fit(new INDArray[]{x}, new INDArray[]{y}, masks, masks);
        assertEquals(before + 1, out.forwards(), "the next step computes its own");
        assertTrue(expected < first, "the first update lowered the loss: " + first + " -> " + expected);
        assertEquals(expected, fast.score(), 1e-9 * expected, "the second step's loss is its own input's");
    }

    @Test
    void trainingTwoStepsStaysWithTheStockLayerAndTheLayerIsSaved(@TempDir Path dir) throws Exception {
        ComputationGraph stock = net(lstm(RNNFormat.NCW), stockOutput(RNNFormat.NCW), RNNFormat.NCW);
        ComputationGraph fast = net(FastLSTM.of(lstm(RNNFormat.NCW)), FastRnnOutputLayer.of(stockOutput(RNNFormat.NCW)),
                RNNFormat.NCW);
        fast.setParams(stock.params().dup());
        INDArray x = series(2, N_IN, 5, RNNFormat.NCW, 3);
        INDArray y = labels(2, 5, 0, RNNFormat.NCW, 4);
        for (int i = 0; i < 2; i++) {
            stock.fit(new INDArray[]{x}, new INDArray[]{y});
            fast.fit(new INDArray[]{x}, new INDArray[]{y});
        }
        assertTrue(relativeError(stock.params(), fast.params()) < 1e-10);
        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(fast, file, true);
        ComputationGraph loaded = ModelSerializer.restoreComputationGraph(file, true);
        assertInstanceOf(FastRnnOutput.class, loaded.getLayer("out"));
        assertEquals(0.0, relativeError(fast.outputSingle(x), loaded.outputSingle(x)), 0.0);
    }
}
