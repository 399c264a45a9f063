package dev.seq4j.api;

import dev.seq4j.result.TextClassSummary;

import java.util.List;

/**
 * A text classification run ({@code task: textclass}): a label and class probabilities per text. A text is tokenised
 * as in training ({@code data.tokens}), its unknown tokens read as the unknown token, and cut to
 * {@code data.maxLength} tokens when the run set one.
 */
public interface TextClassifier extends TrainedModel {
    /**
     * What the model answers.
     *
     * @return the labels, in the order of the model's outputs
     */
    List<String> labels();

    /**
     * What training reported.
     *
     * @return the run's {@code summary.json}: accuracy and macro-F1 against the baselines, the confusion matrix
     */
    @Override
    TextClassSummary summary();

    /**
     * What the model reads of a text: its tokens as training split them ({@code data.tokens}), a token the vocabulary
     * does not hold as {@code <unk>}, cut to {@code data.maxLength} when the run set one.
     *
     * @param text a text
     * @return the tokens the network sees, in order
     */
    List<String> tokens(String text);

    /**
     * Classifies one text.
     *
     * @param text a text
     * @return its prediction
     * @throws InputException when the text has no tokens
     */
    ClassPrediction classify(String text);

    /**
     * Classifies texts as minibatches of at most {@value TrainedModel#MAX_BATCH} (padded to the longest and masked, as in
     * training): far faster per text than one at a time.
     *
     * @param texts the texts
     * @return one prediction per text, in order
     * @throws InputException naming the first text without tokens
     */
    List<ClassPrediction> classify(List<String> texts);
}
