package dev.seq4j.eval;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.io.IOException;

/**
 * Multinomial logistic regression, the classifiers' classical baseline: a one-layer DL4J network (softmax of
 * {@code x W + b}) trained full-batch with Adam and L2. The epoch count is chosen on the validation split, as
 * the RNN's early stopping is. Feature extraction is the caller's ({@link BagOfWordsBaseline},
 * {@link BagOfValuesBaseline}).
 */
public final class LogisticRegression {
    static final int MAX_EPOCHS = 200;
    private final MultiLayerNetwork net;

    private LogisticRegression(MultiLayerNetwork net) {
        this.net = net;
    }

    /**
     * @param x      training features {@code [n, D]}
     * @param y      training classes, {@code n} of them
     * @param validX validation features {@code [m, D]}, for the epoch count
     */
    public static LogisticRegression train(INDArray x, int[] y, INDArray validX, int[] validY, int classes, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(0.01))
                .l2(1e-4)
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(x.size(1)).nOut(classes).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray oneHot = Nd4j.zeros(y.length, classes);
        for (int i = 0; i < y.length; i++) {
            oneHot.putScalar(i, y[i], 1);
        }
        double best = -1;
        INDArray bestParams = net.params().dup();
        for (int epoch = 0; epoch < MAX_EPOCHS; epoch++) {
            net.fit(x, oneHot);
            double accuracy = accuracy(ClassifierMetrics.argmax(net.output(validX)), validY);
            if (accuracy > best) {
                best = accuracy;
                bestParams = net.params().dup();
            }
        }
        net.setParams(bestParams);
        return new LogisticRegression(net);
    }

    private static double accuracy(int[] predicted, int[] truth) {
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            right += predicted[i] == truth[i] ? 1 : 0;
        }
        return right / (double) truth.length;
    }

    /** Class probabilities {@code [n, C]}. */
    public INDArray probabilities(INDArray x) {
        return net.output(x);
    }

    /** The number of input features {@code D}. */
    public int inputs() {
        return (int) net.getLayer(0).getParam("W").size(0);
    }

    public void save(File file) throws IOException {
        dev.seq4j.run.ModelFile.write(net, file.toPath(), false, java.util.Map.of());
    }

    /** Reads a saved model through {@link dev.seq4j.run.ModelFile} (no Java deserialization). */
    public static LogisticRegression load(File file) throws IOException {
        return new LogisticRegression(dev.seq4j.run.ModelFile.network(file.toPath()));
    }
}
