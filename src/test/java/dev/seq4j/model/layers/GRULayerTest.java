package dev.seq4j.model.layers;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import dev.seq4j.DoublePrecision;
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

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our GRU against an independent scalar implementation, and step-by-step streaming (its gradient checks are in RecurrentStackTest). */
@ExtendWith(DoublePrecision.class)
class GRULayerTest {
    private static ComputationGraph net(Layer recurrent, int nIn, int nOut, int classes) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(12345).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in").setInputTypes(InputType.recurrent(nIn))
                .addLayer("rnn", recurrent, "in")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nOut(classes).build(), "rnn")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    private static GRU gru(int nIn, int nOut) {
        return new GRU.Builder().nIn(nIn).nOut(nOut).build();
    }

    /** The equations of Cho et al. 2014 in plain doubles, one example at a time: an independent reference. */
    private static double[][] reference(double[][] x, double[][] w, double[][] u, double[] b, int n) {
        int steps = x.length;
        double[] h = new double[n];
        double[][] out = new double[steps][];
        for (int t = 0; t < steps; t++) {
            double[] r = new double[n];
            double[] z = new double[n];
            double[] c = new double[n];
            for (int j = 0; j < n; j++) {
                double ar = b[j];
                double az = b[n + j];
                for (int i = 0; i < x[t].length; i++) {
                    ar += x[t][i] * w[i][j];
                    az += x[t][i] * w[i][n + j];
                }
                for (int k = 0; k < n; k++) {
                    ar += h[k] * u[k][j];
                    az += h[k] * u[k][n + j];
                }
                r[j] = 1 / (1 + Math.exp(-ar));
                z[j] = 1 / (1 + Math.exp(-az));
            }
            for (int j = 0; j < n; j++) {
                double an = b[2 * n + j];
                for (int i = 0; i < x[t].length; i++) {
                    an += x[t][i] * w[i][2 * n + j];
                }
                for (int k = 0; k < n; k++) {
                    an += r[k] * h[k] * u[k][2 * n + j];
                }
                c[j] = Math.tanh(an);
            }
            double[] next = new double[n];
            for (int j = 0; j < n; j++) {
                next[j] = (1 - z[j]) * c[j] + z[j] * h[j];
            }
            h = next;
            out[t] = h;
        }
        return out;
    }

    @Test
    void forwardMatchesTheEquationsAndStreamingMatchesTheFullSequence() {
        int nIn = 3;
        int n = 2;
        int steps = 6;
        ComputationGraph net = net(gru(nIn, n), nIn, n, 2);
        // Fixed, hand-chosen weights rather than random ones.
        double[][] w = new double[nIn][3 * n];
        double[][] u = new double[n][3 * n];
        double[] b = new double[3 * n];
        for (int i = 0; i < nIn; i++) {
            for (int j = 0; j < 3 * n; j++) {
                w[i][j] = 0.1 * (i + 1) - 0.05 * j;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3 * n; j++) {
                u[i][j] = 0.2 - 0.07 * (i + 2 * j);
            }
        }
        for (int j = 0; j < 3 * n; j++) {
            b[j] = 0.01 * j - 0.02;
        }
        var layer = net.getLayer("rnn");
        layer.setParam(GRUParamInitializer.WEIGHT_KEY, Nd4j.createFromArray(w));
        layer.setParam(GRUParamInitializer.RECURRENT_WEIGHT_KEY, Nd4j.createFromArray(u));
        layer.setParam(GRUParamInitializer.BIAS_KEY, Nd4j.createFromArray(new double[][]{b}));

        double[][] x = new double[steps][nIn];
        INDArray input = Nd4j.zeros(DataType.DOUBLE, 1, nIn, steps);
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < nIn; i++) {
                x[t][i] = Math.sin(1.0 + t + 2.0 * i);
                input.putScalar(0, i, t, x[t][i]);
            }
        }
        double[][] expected = reference(x, w, u, b, n);
        INDArray hidden = net.feedForward(new INDArray[]{input}, false).get("rnn"); // [1, n, T]
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < n; j++) {
                assertEquals(expected[t][j], hidden.getDouble(0, j, t), 1e-5, "t=" + t + " j=" + j);
            }
        }
        INDArray full = net.outputSingle(input);
        net.rnnClearPreviousState();
        for (int t = 0; t < steps; t++) {
            INDArray step = input.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1));
            INDArray streamed = net.rnnTimeStep(step)[0];
            assertArrayEquals(full.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t)).toDoubleVector(),
                    streamed.reshape(streamed.length()).toDoubleVector(), 1e-12, "step " + t);
        }
    }

    @Test
    void truncatedBpttCarriesTheStateAcrossSegmentsAndCutsTheBackwardPass() {
        ComputationGraph net = net(gru(3, 4), 3, 4, 2);
        GRULayer layer = (GRULayer) net.getLayer("rnn");
        LayerWorkspaceMgr noWs = LayerWorkspaceMgr.noWorkspaces();
        INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 3, 8);
        INDArray full = layer.activate(in, false, noWs).dup();
        layer.rnnClearPreviousState();
        INDArray first = layer.rnnActivateUsingStoredState(
                in.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 5)), false, true, noWs).dup();
        INDArray second = layer.rnnActivateUsingStoredState(
                in.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(5, 8)), false, true, noWs).dup();
        assertEquals(full, Nd4j.concat(2, first, second));

        // Backward over the whole sequence equals truncated backward with a length covering it; a shorter
        // truncation sends no gradient to the steps before it.
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 2, 4, 8);
        net.initGradientsView(); // what fit() does before the first backward pass
        layer.rnnClearPreviousState();
        layer.activate(in, true, noWs);
        INDArray wholeGrad = layer.backpropGradient(eps, noWs).getFirst().gradient().dup();
        layer.activate(in, true, noWs);
        INDArray coveringGrad = layer.tbpttBackpropGradient(eps, 8, noWs).getFirst().gradient().dup();
        assertEquals(wholeGrad, coveringGrad);
        layer.activate(in, true, noWs);
        INDArray epsIn = layer.tbpttBackpropGradient(eps, 3, noWs).getSecond();
        assertEquals(0.0, epsIn.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 5))
                .amaxNumber().doubleValue());
        assertTrue(epsIn.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(5, 8))
                .amaxNumber().doubleValue() > 0);
    }

    /** The float kernel (fast tanh, vectorised loops) against the double one, which the gradient checks cover. */
    @Test
    void floatKernelMatchesTheDoubleOneWithMasksAndChangingShapes() {
        for (int[] shape : new int[][]{{5, 1}, {1, 3}, {5, 3}, {4, 30}, {2, 7}}) {
            assertFloatMatchesDouble(8, shape);
        }
    }

    /**
     * A training minibatch of at least {@link Gemms#splitRows} rows runs its forward pass in two halves of its
     * rows, one per core (the double kernel does not split: the reference), for odd minibatches and odd numbers of
     * units, masked, after smaller and larger ones.
     */
    @Test
    void floatKernelInTwoHalvesOfTheRowsMatchesTheDoubleOne() {
        int machines = Gemms.splitRows;
        Gemms.splitRows = 2;
        try {
            for (int[] shape : new int[][]{{1, 3}, {6, 4}, {3, 7}, {9, 5}, {2, 1}, {6, 4}}) {
                assertFloatMatchesDouble(8, shape);
            }
            assertFloatMatchesDouble(7, new int[]{5, 6});
            assertFloatMatchesDouble(1, new int[]{4, 5});
        } finally {
            Gemms.splitRows = machines;
        }
    }

    /** A truncated backward pass after a forward pass in halves: the gradients and input gradient as the double kernel's. */
    @Test
    void truncatedBackwardInTwoHalvesMatchesTheDoubleKernel() {
        int machines = Gemms.splitRows;
        Gemms.splitRows = 2;
        try {
            ComputationGraph precise = net(gru(3, 6), 3, 6, 2);
            ComputationGraph fast = floatCopy(precise);
            INDArray in = Nd4j.rand(DataType.DOUBLE, 5, 3, 8).subi(0.5).muli(4);
            INDArray eps = Nd4j.rand(DataType.DOUBLE, 5, 6, 8).subi(0.5);
            LayerWorkspaceMgr noWs = LayerWorkspaceMgr.noWorkspaces();
            INDArray[] gradients = new INDArray[2];
            INDArray[] inputGradients = new INDArray[2];
            for (ComputationGraph g : new ComputationGraph[]{precise, fast}) {
                DataType type = g == fast ? DataType.FLOAT : DataType.DOUBLE;
                int k = g == fast ? 1 : 0;
                GRULayer layer = (GRULayer) g.getLayer("rnn");
                g.initGradientsView();
                layer.rnnClearPreviousState();
                layer.activate(in.castTo(type), true, noWs);
                var result = layer.tbpttBackpropGradient(eps.castTo(type), 3, noWs);
                gradients[k] = result.getFirst().gradient().castTo(DataType.DOUBLE).dup();
                inputGradients[k] = result.getSecond().castTo(DataType.DOUBLE).dup();
            }
            for (INDArray[] pair : List.of(gradients, inputGradients)) {
                double error = relativeError(pair[0], pair[1]);
                assertTrue(error < 1e-5, "relative error " + error);
            }
            assertEquals(0.0, inputGradients[1].get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 5))
                    .amaxNumber().doubleValue());
        } finally {
            Gemms.splitRows = machines;
        }
    }

    /** At 256 units [Ur Uz] has 512 columns, which AVX2 machines pad to 528 (Gemms.paddedWidth): so here too. */
    @Test
    void floatKernelWithPaddedGatesMatchesTheDoubleOne() {
        int machines = Gemms.padding;
        Gemms.padding = 16;
        try {
            assertFloatMatchesDouble(256, new int[]{3, 4});
            assertFloatMatchesDouble(256, new int[]{2, 6});
        } finally {
            Gemms.padding = machines;
        }
    }

    /** The same network in single precision, with the same weights. */
    private static ComputationGraph floatCopy(ComputationGraph precise) {
        ComputationGraph fast = new ComputationGraph(precise.getConfiguration().clone());
        fast.getConfiguration().setDataType(DataType.FLOAT);
        fast.init(precise.params().castTo(DataType.FLOAT), true);
        return fast;
    }

    /** The largest difference over the largest expected magnitude. */
    private static double relativeError(INDArray expected, INDArray actual) {
        return expected.sub(actual).amaxNumber().doubleValue() / expected.amaxNumber().doubleValue();
    }

    /** Loss and gradients of a GRU of {@code units} in float against double, over {@code shape} = {mb, steps}. */
    private static void assertFloatMatchesDouble(int units, int[] shape) {
        {
            ComputationGraph precise = net(gru(3, units), 3, units, 4);
            ComputationGraph fast = floatCopy(precise);
            Nd4j.getRandom().setSeed(shape[1]);
            INDArray x = Nd4j.rand(DataType.DOUBLE, shape[0], 3, shape[1]).subi(0.5).muli(4);
            INDArray y = Nd4j.zeros(DataType.DOUBLE, shape[0], 4, shape[1]);
            INDArray mask = Nd4j.ones(DataType.DOUBLE, shape[0], shape[1]);
            for (int b = 0; b < shape[0]; b++) {
                for (int t = 0; t < shape[1]; t++) {
                    y.putScalar(b, (b + t) % 4, t, 1.0);
                    if (t >= shape[1] - b) {
                        mask.putScalar(b, t, 0.0);
                    }
                }
            }
            for (ComputationGraph g : new ComputationGraph[]{precise, fast}) {
                DataType type = g == fast ? DataType.FLOAT : DataType.DOUBLE;
                g.setInputs(x.castTo(type));
                g.setLabels(y.castTo(type));
                g.setLayerMaskArrays(new INDArray[]{mask.castTo(type)}, new INDArray[]{mask.castTo(type)});
                g.computeGradientAndScore();
            }
            assertEquals(precise.score(), fast.score(), 1e-5 * precise.score(), "loss " + java.util.Arrays.toString(shape));
            INDArray expected = precise.gradient().gradient();
            INDArray actual = fast.gradient().gradient().castTo(DataType.DOUBLE);
            double error = relativeError(expected, actual);
            assertTrue(error < 1e-5, "gradients " + java.util.Arrays.toString(shape) + ": relative error " + error);
        }
    }

    @Test
    void configurationAndModelRoundTrip(@TempDir Path dir) throws Exception {
        ComputationGraph net = net(new Bidirectional(gru(4, 5)), 4, 5, 3);
        ComputationGraphConfiguration conf = net.getConfiguration();
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
        File file = dir.resolve("gru.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        ComputationGraph loaded = ModelSerializer.restoreComputationGraph(file, true);
        INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 4, 7);
        assertEquals(net.outputSingle(in), loaded.outputSingle(in));
    }
}
