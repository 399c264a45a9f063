package dev.seq4j.result;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Locale;
import java.util.Map;

/**
 * {@code eval} of a tagging run: the model's token accuracy, out-of-vocabulary accuracy and (for span tags) conlleval's
 * span F1 on a CoNLL file, next to the most-frequent-tag baseline's, with the model's per-tag and per-span-type scores.
 *
 * @param task                  {@code tagging}
 * @param data                  the file evaluated on
 * @param sentences             how many sentences it holds
 * @param tokens                how many tokens
 * @param oovTokens             how many tokens' words are not in the training data
 * @param tokenAccuracy         the model's token accuracy
 * @param oovAccuracy           its OOV accuracy, or {@code null} without OOV tokens (written as {@code null})
 * @param spanF1                its span F1, or {@code null} when the tags mark no spans
 * @param loss                  its mean cross-entropy per token, in nats
 * @param baseline              which baseline: {@code most frequent tag per word}
 * @param baselineTokenAccuracy the baseline's token accuracy
 * @param baselineOovAccuracy   its OOV accuracy, or {@code null} (written as {@code null})
 * @param baselineSpanF1        its span F1, or {@code null} when the tags mark no spans
 * @param perTag                the model's scores per tag
 * @param spans                 the model's span scores, or {@code null} when the tags mark no spans
 * @param confusion             the model's confusion matrix
 */
public record TaggingEvaluation(String task, String data, int sentences, long tokens, long oovTokens,
                                double tokenAccuracy, Double oovAccuracy,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Double spanF1, double loss,
                                String baseline, double baselineTokenAccuracy, Double baselineOovAccuracy,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Double baselineSpanF1,
                                Map<String, ClassifierReport.ClassScore> perTag,
                                @JsonInclude(JsonInclude.Include.NON_NULL) SpanReport spans,
                                ClassifierReport.Confusion confusion) implements Evaluation {
    /**
     * The model's scores next to the baseline's.
     *
     * @return {@code N tokens (M unseen): token accuracy A, OOV accuracy B[, span F1 C] (baseline: ...)}
     */
    @Override
    public String headline() {
        return String.format(Locale.ROOT, "%,d tokens (%,d unseen): %s (%s: %s)", tokens, oovTokens,
                TaggingSummary.scores(tokenAccuracy, oovAccuracy, spanF1), baseline,
                TaggingSummary.scores(baselineTokenAccuracy, baselineOovAccuracy, baselineSpanF1));
    }
}
