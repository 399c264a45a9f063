package dev.seq4j.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.seq4j.config.ModelSpec;

import java.util.List;

/**
 * An image captioning run's {@code summary.json}: the beam and greedy decoders' scores on the validation (and
 * test) images.
 *
 * @param task                      {@code caption}
 * @param status                    {@code complete} or {@code pruned}
 * @param stopReason                why training stopped
 * @param epochs                    epochs trained
 * @param bestEpoch                 the epoch whose model was kept
 * @param model                     the network's settings and size
 * @param width                     the image width the model reads, in pixels
 * @param height                    the image height
 * @param maxTargetLength           the longest caption (in words) it writes
 * @param beam                      the beam width of the beam-search scores
 * @param lengthNorm                beam search's length normalisation exponent
 * @param validLoss                 the best model's teacher-forced validation loss, nats per target token
 * @param validExactMatch           beam search's validation exact match
 * @param validWordErrorRate        its validation word error rate
 * @param validTokenErrorRate       its validation token error rate
 * @param validBleu                 its validation BLEU-4
 * @param greedyValidExactMatch     greedy decoding's validation exact match
 * @param greedyValidWordErrorRate  its validation word error rate (the objective)
 * @param greedyValidTokenErrorRate its validation token error rate
 * @param greedyValidBleu           its validation BLEU-4
 * @param testExactMatch            beam search's test exact match, or {@code null} without a test split
 * @param testWordErrorRate         its test word error rate, or {@code null}
 * @param testTokenErrorRate        its test token error rate, or {@code null}
 * @param testBleu                  its test BLEU-4, or {@code null}
 * @param greedyTestExactMatch      greedy decoding's test exact match, or {@code null}
 * @param greedyTestWordErrorRate   its test word error rate, or {@code null}
 * @param greedyTestTokenErrorRate  its test token error rate, or {@code null}
 * @param greedyTestBleu            its test BLEU-4, or {@code null}
 * @param objective                 the metric the run was judged by, at the best epoch
 * @param trivial                   what an output that ignores the input scores
 * @param warnings                  what train warned about (empty for none)
 * @param trainSeconds              seconds spent in training epochs
 * @param runSeconds                seconds of the whole run
 */
public record CaptionSummary(String task, String status, String stopReason, int epochs, int bestEpoch, Model model,
                             int width, int height, int maxTargetLength, int beam, double lengthNorm,
                             double validLoss, double validExactMatch, double validWordErrorRate,
                             double validTokenErrorRate, double validBleu, double greedyValidExactMatch,
                             double greedyValidWordErrorRate, double greedyValidTokenErrorRate,
                             double greedyValidBleu, @JsonInclude(JsonInclude.Include.NON_NULL) Double testExactMatch,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Double testWordErrorRate,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Double testTokenErrorRate,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Double testBleu,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Double greedyTestExactMatch,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Double greedyTestWordErrorRate,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Double greedyTestTokenErrorRate,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Double greedyTestBleu,
                             ObjectiveValue objective, Trivial trivial,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings, double trainSeconds,
                             double runSeconds) implements SequenceSummary {
    /**
     * Compact constructor: a missing list of warnings (a run without any) is an empty one.
     *
     * @param task                      {@code caption}
     * @param status                    {@code complete} or {@code pruned}
     * @param stopReason                why training stopped
     * @param epochs                    epochs trained
     * @param bestEpoch                 the epoch whose model was kept
     * @param model                     the network's settings and size
     * @param width                     the image width the model reads, in pixels
     * @param height                    the image height
     * @param maxTargetLength           the longest caption (in words) it writes
     * @param beam                      the beam width of the beam-search scores
     * @param lengthNorm                beam search's length normalisation exponent
     * @param validLoss                 the best model's teacher-forced validation loss, nats per target token
     * @param validExactMatch           beam search's validation exact match
     * @param validWordErrorRate        its validation word error rate
     * @param validTokenErrorRate       its validation token error rate
     * @param validBleu                 its validation BLEU-4
     * @param greedyValidExactMatch     greedy decoding's validation exact match
     * @param greedyValidWordErrorRate  its validation word error rate (the objective)
     * @param greedyValidTokenErrorRate its validation token error rate
     * @param greedyValidBleu           its validation BLEU-4
     * @param testExactMatch            beam search's test exact match, or {@code null} without a test split
     * @param testWordErrorRate         its test word error rate, or {@code null}
     * @param testTokenErrorRate        its test token error rate, or {@code null}
     * @param testBleu                  its test BLEU-4, or {@code null}
     * @param greedyTestExactMatch      greedy decoding's test exact match, or {@code null}
     * @param greedyTestWordErrorRate   its test word error rate, or {@code null}
     * @param greedyTestTokenErrorRate  its test token error rate, or {@code null}
     * @param greedyTestBleu            its test BLEU-4, or {@code null}
     * @param objective                 the metric the run was judged by, at the best epoch
     * @param trivial                   what an output that ignores the input scores
     * @param warnings                  what train warned about (empty for none)
     * @param trainSeconds              seconds spent in training epochs
     * @param runSeconds                seconds of the whole run
     */
    public CaptionSummary {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /**
     * The settings that shape the captioner, and its size.
     *
     * @param encoder    the image encoder, e.g. {@code cnn [16, 32] -> dense 128}
     * @param cell       the decoder's recurrent cell
     * @param embedding  the word embedding's width
     * @param decoder    the decoder's width
     * @param parameters the number of trainable parameters
     */
    public record Model(String encoder, ModelSpec.Cell cell, int embedding, int decoder, long parameters) {
    }
}
