package dev.seq4j.eval;

import dev.seq4j.data.text.TextClassData;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.io.IOException;

/**
 * The classical baseline for text classification: multinomial logistic regression on a binary bag of words
 * (which vocabulary tokens a text contains, order ignored), as a one-layer DL4J network trained full-batch
 * with Adam and L2. The epoch count is chosen on the validation split, as the RNN's early stopping is.
 */
public final class BagOfWordsBaseline {
    static final int MAX_EPOCHS = 200;
    private final MultiLayerNetwork net;
    private final int vocabulary;

    private BagOfWordsBaseline(MultiLayerNetwork net, int vocabulary) {
        this.net = net;
        this.vocabulary = vocabulary;
    }

    public static BagOfWordsBaseline train(TextClassData.Split train, TextClassData.Split valid, int vocabulary,
                                           int classes, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(0.01))
                .l2(1e-4)
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(vocabulary).nOut(classes).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = features(train, vocabulary);
        INDArray y = Nd4j.zeros(train.size(), classes);
        for (int i = 0; i < train.size(); i++) {
            y.putScalar(i, train.classes()[i], 1);
        }
        INDArray validX = features(valid, vocabulary);
        BagOfWordsBaseline model = new BagOfWordsBaseline(net, vocabulary);
        double best = -1;
        INDArray bestParams = net.params().dup();
        for (int epoch = 0; epoch < MAX_EPOCHS; epoch++) {
            net.fit(x, y);
            double accuracy = accuracy(ClassifierMetrics.argmax(net.output(validX)), valid.classes());
            if (accuracy > best) {
                best = accuracy;
                bestParams = net.params().dup();
            }
        }
        net.setParams(bestParams);
        return model;
    }

    private static double accuracy(int[] predicted, int[] truth) {
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            right += predicted[i] == truth[i] ? 1 : 0;
        }
        return right / (double) truth.length;
    }

    /** Binary bag of words {@code [n, V]}: 1 where the text contains the token. */
    static INDArray features(TextClassData.Split split, int vocabulary) {
        INDArray x = Nd4j.zeros(split.size(), vocabulary);
        for (int i = 0; i < split.size(); i++) {
            for (int id : split.texts()[i]) {
                x.putScalar(i, id, 1);
            }
        }
        return x;
    }

    /** Class probabilities {@code [n, C]}. */
    public INDArray probabilities(TextClassData.Split split) {
        return net.output(features(split, vocabulary));
    }

    public int[] predict(TextClassData.Split split) {
        return ClassifierMetrics.argmax(probabilities(split));
    }

    public void save(File file) throws IOException {
        ModelSerializer.writeModel(net, file, false);
    }

    public static BagOfWordsBaseline load(File file) throws IOException {
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(file, false);
        return new BagOfWordsBaseline(net, (int) net.getLayer(0).getParam("W").size(0));
    }
}
