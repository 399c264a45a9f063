package dev.seq4j.bench;

import dev.seq4j.model.RecurrentStack;
import dev.seq4j.model.layers.FastLSTM;
import dev.seq4j.model.layers.FastRnnOutputLayer;
import dev.seq4j.model.layers.GRU;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Times training iterations (forward, backward, Adam update) of one {@link BenchCase} in this JVM, the same
 * step as the PyTorch peer: random one-hot inputs and targets, cross-entropy, Adam with learning rate 1e-3.
 */
public final class RecurrentBench {
    private RecurrentBench() {
    }

    /** The case's network: {@code [mb, V, T] -> rnn [mb, H, T] -> softmax [mb, V, T]}. */
    static ComputationGraph network(BenchCase c) {
        Layer rnn = c.cell().equals("lstm_stock")
                ? new LSTM.Builder().nIn(c.vocab()).nOut(c.hidden()).activation(Activation.TANH).build()
                : RecurrentStack.cell(dev.seq4j.config.ModelSpec.Cell.of(c.cell()), c.vocab(), c.hidden(), 0, 1.0);
        if (rnn instanceof FastLSTM fast) {
            fast.inputGradient(false);                     // its input is the network's, as in RecurrentStack
        } else if (rnn instanceof GRU gru) {
            gru.inputGradient(false);
        }
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.FLOAT).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in").setInputTypes(InputType.recurrent(c.vocab()))
                .addLayer("rnn", rnn, "in")
                .addLayer("out", output(c), "rnn")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** Softmax over the vocabulary: seq4j's output layer, or DL4J's own beside its own LSTM. */
    private static Layer output(BenchCase c) {
        RnnOutputLayer stock = new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX).nIn(c.hidden()).nOut(c.vocab()).build();
        return c.cell().equals("lstm_stock") ? stock : FastRnnOutputLayer.of(stock);
    }

    private static INDArray oneHot(BenchCase c, Random random) {
        INDArray a = Nd4j.zeros(DataType.FLOAT, c.batch(), c.vocab(), c.steps());
        for (int b = 0; b < c.batch(); b++) {
            for (int t = 0; t < c.steps(); t++) {
                a.putScalar(b, random.nextInt(c.vocab()), t, 1f);
            }
        }
        return a;
    }

    /**
     * Runs untimed training iterations of the case, at least {@code warmup} of them and for at least
     * {@code warmupSeconds}, then {@code iterations} timed ones. A count alone is not enough: the JIT compiles the
     * per-step methods of the cells (called a hundred times an iteration) for seconds, and 20 iterations of charlm-256
     * under the AVX2 limits were measured at 57-61 ms against 49 once the compiler had settled.
     */
    public static BenchResult run(BenchCase c, int warmup, double warmupSeconds, int iterations) {
        ComputationGraph net = network(c);
        Random random = new Random(1);
        INDArray[] x = {oneHot(c, random)};
        INDArray[] y = {oneHot(c, random)};
        long warmStart = System.nanoTime();
        for (int i = 0; i < warmup || System.nanoTime() - warmStart < warmupSeconds * 1e9; i++) {
            net.fit(x, y);
        }
        double[] ms = new double[iterations];
        double first = Double.NaN;
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            net.fit(x, y);
            ms[i] = (System.nanoTime() - start) / 1e6;
            if (i == 0) {
                first = net.score();
            }
        }
        double median = median(ms);
        double seconds = median / 1e3;
        return new BenchResult(c.cell().equals("lstm_stock") ? "dl4j" : "seq4j", median,
                c.batch() * c.steps() / seconds, c.flops() / seconds / 1e9, sgemmGflops(), peakRssMb(),
                first, net.score(), Isa.ofThisProcess());
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    /** The best of 20 SGEMMs of 1024 x 1024 x 1024 through ND4J, in GFLOP/s. */
    static double sgemmGflops() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        INDArray b = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        INDArray c = Nd4j.create(DataType.FLOAT, 1024, 1024);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 23; i++) {
            long start = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            if (i >= 3) {
                best = Math.min(best, System.nanoTime() - start);
            }
        }
        return 2.0 * 1024 * 1024 * 1024 / best;
    }

    /** Peak resident memory of this process (Linux {@code VmHWM}), or {@code NaN} where it cannot be read. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
