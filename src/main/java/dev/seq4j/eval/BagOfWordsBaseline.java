package dev.seq4j.eval;

import dev.seq4j.data.text.TextClassData;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.io.IOException;

/**
 * The classical baseline for text classification: {@link LogisticRegression} on a binary bag of words (which
 * vocabulary tokens a text contains, order ignored).
 */
public final class BagOfWordsBaseline {
    private final LogisticRegression model;
    private final int vocabulary;

    private BagOfWordsBaseline(LogisticRegression model, int vocabulary) {
        this.model = model;
        this.vocabulary = vocabulary;
    }

    public static BagOfWordsBaseline train(TextClassData.Split train, TextClassData.Split valid, int vocabulary,
                                           int classes, long seed) {
        return new BagOfWordsBaseline(LogisticRegression.train(features(train, vocabulary), train.classes(),
                features(valid, vocabulary), valid.classes(), classes, seed), vocabulary);
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
        return model.probabilities(features(split, vocabulary));
    }

    public int[] predict(TextClassData.Split split) {
        return ClassifierMetrics.argmax(probabilities(split));
    }

    public void save(File file) throws IOException {
        model.save(file);
    }

    public static BagOfWordsBaseline load(File file) throws IOException {
        LogisticRegression model = LogisticRegression.load(file);
        return new BagOfWordsBaseline(model, model.inputs());
    }
}
