package dev.seq4j.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.seq4j.config.ModelSpec;

import java.util.List;

/**
 * A sequence-to-sequence run's {@code summary.json}: the beam and greedy decoders' scores, and each ensemble
 * member's alone.
 *
 * @param task                      {@code seq2seq}
 * @param status                    {@code complete} or {@code pruned}
 * @param stopReason                why training stopped
 * @param epochs                    epochs trained
 * @param bestEpoch                 the epoch whose model was kept
 * @param model                     the network's settings and size
 * @param maxSourceLength           the longest source (in tokens) the model reads
 * @param maxTargetLength           the longest output (in tokens) it writes
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
 * @param members                   each ensemble member alone, or {@code null} for a single model
 * @param objective                 the metric the run was judged by, at the best epoch
 * @param trivial                   what an output that ignores the input scores
 * @param warnings                  what train warned about (empty for none)
 * @param trainSeconds              seconds spent in training epochs
 * @param tokensPerSecond           training target tokens per second of training
 * @param runSeconds                seconds of the whole run
 */
public record Seq2seqSummary(String task, String status, String stopReason, int epochs, int bestEpoch, Model model,
                             int maxSourceLength, int maxTargetLength, int beam, double lengthNorm, double validLoss,
                             double validExactMatch, double validWordErrorRate, double validTokenErrorRate,
                             double validBleu, double greedyValidExactMatch, double greedyValidWordErrorRate,
                             double greedyValidTokenErrorRate, double greedyValidBleu,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Double testExactMatch,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Double testWordErrorRate,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Double testTokenErrorRate,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Double testBleu,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Double greedyTestExactMatch,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Double greedyTestWordErrorRate,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Double greedyTestTokenErrorRate,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Double greedyTestBleu,
                             @JsonInclude(JsonInclude.Include.NON_NULL) List<Member> members,
                             ObjectiveValue objective, Trivial trivial,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings, double trainSeconds,
                             double tokensPerSecond, double runSeconds) implements SequenceSummary {
    /**
     * Compact constructor: a missing list of warnings (a run without any) is an empty one.
     *
     * @param task                      {@code seq2seq}
     * @param status                    {@code complete} or {@code pruned}
     * @param stopReason                why training stopped
     * @param epochs                    epochs trained
     * @param bestEpoch                 the epoch whose model was kept
     * @param model                     the network's settings and size
     * @param maxSourceLength           the longest source (in tokens) the model reads
     * @param maxTargetLength           the longest output (in tokens) it writes
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
     * @param members                   each ensemble member alone, or {@code null} for a single model
     * @param objective                 the metric the run was judged by, at the best epoch
     * @param trivial                   what an output that ignores the input scores
     * @param warnings                  what train warned about (empty for none)
     * @param trainSeconds              seconds spent in training epochs
     * @param tokensPerSecond           training target tokens per second of training
     * @param runSeconds                seconds of the whole run
     */
    public Seq2seqSummary {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /**
     * The settings that shape the encoder-decoder, and its size.
     *
     * @param cell          the recurrent cell
     * @param layers        the encoder's layer widths
     * @param bidirectional how the encoder reads in both directions, or {@code none}
     * @param embedding     the source and target embeddings' width
     * @param decoder       the decoder's width
     * @param attention     how the decoder attends to the encoder's states, or {@code none}
     * @param parameters    the number of trainable parameters (of one member)
     * @param ensemble      how many models were trained and decode together
     */
    public record Model(ModelSpec.Cell cell, List<Integer> layers, ModelSpec.Direction bidirectional, int embedding,
                        int decoder, ModelSpec.Attention attention, long parameters, int ensemble) {
    }

    /**
     * One ensemble member alone: its training and its greedy word error rates, to compare with the ensemble's.
     *
     * @param member                   its number, from 1
     * @param directory                its run directory, relative to the run's ({@code .} for the first)
     * @param seed                     the seed it was trained from
     * @param epochs                   epochs it trained
     * @param bestEpoch                the epoch whose model it kept
     * @param stopReason               why its training stopped
     * @param greedyValidWordErrorRate its greedy validation word error rate
     * @param greedyTestWordErrorRate  its greedy test word error rate, or {@code null} without a test split
     */
    public record Member(int member, String directory, long seed, int epochs, int bestEpoch, String stopReason,
                         double greedyValidWordErrorRate,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double greedyTestWordErrorRate) {
    }
}
