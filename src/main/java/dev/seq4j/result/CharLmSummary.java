package dev.seq4j.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.seq4j.config.ModelSpec;

import java.util.List;
import java.util.Locale;

/**
 * A character language model run's {@code summary.json}: the best model's bits per character and perplexity on the
 * held-out text, next to an interpolated Kneser-Ney character 5-gram's (Chen and Goodman 1999) and a uniform guess's.
 *
 * @param task             {@code charlm}
 * @param status           {@code complete} or {@code pruned}
 * @param stopReason       why training stopped
 * @param epochs           epochs trained
 * @param bestEpoch        the epoch whose model was kept
 * @param model            the network's settings and size
 * @param validBitsPerChar the best model's bits per character on the validation text
 * @param validPerplexity  its perplexity per character, {@code 2^validBitsPerChar}
 * @param objective        the metric the run was judged by, at the best epoch ({@code null} in a run written before
 *                         summaries recorded it)
 * @param trivial          what a uniform guess over the vocabulary scores ({@code null} in a run written before
 *                         summaries recorded it)
 * @param warnings         what train warned about (empty for none)
 * @param testBitsPerChar  the best model's bits per character on the test text, or {@code null} without one
 * @param testPerplexity   its test perplexity, or {@code null}
 * @param baseline         the 5-gram on the same split, or {@code null} when the training text was too long to count
 * @param trainSeconds     seconds spent in training epochs
 * @param tokensPerSecond  training characters per second of training
 * @param sample           text generated from {@code "The "} at the end of training, or {@code null} with
 *                         {@code train.sampleLength: 0}
 * @param runSeconds       seconds of the whole run (0 in a run written before summaries recorded it)
 */
public record CharLmSummary(String task, String status, String stopReason, int epochs, int bestEpoch, Model model,
                            double validBitsPerChar, double validPerplexity,
                            @JsonInclude(JsonInclude.Include.NON_NULL) ObjectiveValue objective,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Trivial trivial,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Double testBitsPerChar,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Double testPerplexity,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Baseline baseline, double trainSeconds,
                            double tokensPerSecond, @JsonInclude(JsonInclude.Include.NON_NULL) String sample,
                            double runSeconds) implements Summary {
    /**
     * Compact constructor: a missing list of warnings (a run without any) is an empty one.
     *
     * @param task             the task id
     * @param status           how training ended
     * @param stopReason       why it stopped
     * @param epochs           epochs trained
     * @param bestEpoch        the kept epoch
     * @param model            the network
     * @param validBitsPerChar validation bits per character
     * @param validPerplexity  validation perplexity
     * @param objective        the objective
     * @param trivial          the uniform guess
     * @param warnings         the warnings
     * @param testBitsPerChar  test bits per character or {@code null}
     * @param testPerplexity   test perplexity or {@code null}
     * @param baseline         the 5-gram or {@code null}
     * @param trainSeconds     training seconds
     * @param tokensPerSecond  training throughput
     * @param sample           the generated sample or {@code null}
     * @param runSeconds       run seconds
     */
    public CharLmSummary {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /**
     * {@code valid: B bits/char, perplexity P}, then the 5-gram's bits per character when the run has it, and the same
     * for the test text when there is one.
     */
    @Override
    public String headline() {
        String versus = baseline == null ? ""
                : String.format(Locale.ROOT, " (%s: %.4f bits/char)", baseline.model(), baseline.validBitsPerChar());
        String test = testBitsPerChar == null ? "" : String.format(Locale.ROOT, "; test: %.4f bits/char%s",
                testBitsPerChar, baseline == null || baseline.testBitsPerChar() == null ? ""
                        : String.format(Locale.ROOT, " (%s: %.4f)", baseline.model(), baseline.testBitsPerChar()));
        return String.format(Locale.ROOT, "valid: %.4f bits/char, perplexity %.3f%s%s", validBitsPerChar,
                validPerplexity, versus, test);
    }

    /**
     * The settings that shape a char LM's network, and its size.
     *
     * @param cell          the recurrent cell
     * @param layers        the recurrent layers' widths
     * @param bidirectional always {@code none}: a char LM reads forwards only
     * @param residual      whether each stacked layer adds its input to its output
     * @param parameters    the number of trainable parameters
     */
    public record Model(ModelSpec.Cell cell, List<Integer> layers, ModelSpec.Direction bidirectional, boolean residual,
                        long parameters) {
    }

    /**
     * A uniform guess over the vocabulary: what a model that learned nothing scores, {@code log2 V} bits.
     *
     * @param model            what it is, e.g. {@code a uniform guess over the 30 symbols}
     * @param validBitsPerChar its bits per character
     */
    public record Trivial(String model, double validBitsPerChar) {
    }

    /**
     * The classical model counted on the same training text.
     *
     * @param model            which, e.g. {@code interpolated Kneser-Ney 5-gram}
     * @param validBitsPerChar its bits per character on the validation text
     * @param testBitsPerChar  on the test text, or {@code null} without one (or in a run written before summaries
     *                         recorded it)
     */
    public record Baseline(String model, double validBitsPerChar,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Double testBitsPerChar) {
    }
}
