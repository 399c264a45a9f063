package dev.seq4j.result;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * A tagger's metrics on one split (a summary's {@code valid} and {@code test}): token accuracy, accuracy on words that
 * never occur in the training data, per-tag precision, recall and support with the confusion matrix and, where the
 * tags mark spans, conlleval's span scores.
 *
 * @param tokenAccuracy the share of tokens tagged right
 * @param oovAccuracy   the same over out-of-vocabulary tokens, or {@code null} when there are none (written as
 *                      {@code null}, not left out)
 * @param spanF1        the span F1, or {@code null} when the tags mark no spans
 * @param tokens        how many tokens were scored
 * @param oovTokens     how many of them are out of vocabulary
 * @param macroF1       the mean over tags of F1
 * @param perTag        by tag, sorted: the tags of the gold or the predicted tags
 * @param spans         the span scores, or {@code null} when the tags mark no spans
 * @param confusion     the counts, rows the true tag and columns the predicted one
 */
public record TaggingReport(double tokenAccuracy, Double oovAccuracy,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Double spanF1, long tokens, long oovTokens,
                            double macroF1, Map<String, ClassifierReport.ClassScore> perTag,
                            @JsonInclude(JsonInclude.Include.NON_NULL) SpanReport spans,
                            ClassifierReport.Confusion confusion) {
}
