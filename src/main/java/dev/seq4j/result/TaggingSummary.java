package dev.seq4j.result;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.seq4j.config.ModelSpec;
import dev.seq4j.config.TaggingDataSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sequence tagging run's {@code summary.json}: the best model's token accuracy, out-of-vocabulary accuracy and (for
 * span tags) conlleval's span F1 on validation (and test) data, next to the most-frequent-tag baseline's.
 * <p>
 * The {@code test...} keys are there only with a test split; {@code testOovAccuracy}, like {@code validOovAccuracy},
 * is then written even when it is {@code null} (no test word is out of vocabulary), as runs of this version wrote it.
 *
 * @param task               {@code tagging}
 * @param status             {@code complete} or {@code pruned}
 * @param stopReason         why training stopped
 * @param epochs             epochs trained
 * @param bestEpoch          the epoch whose model was kept
 * @param model              the network's settings and size
 * @param tags               the tags, in the model's output order
 * @param scheme             the data's span scheme ({@code none}, {@code io}, {@code bio}, {@code bioes})
 * @param trainScheme        the scheme the model was trained in (its tags are turned into {@code scheme})
 * @param validTokenAccuracy the best model's validation token accuracy
 * @param validOovAccuracy   its accuracy on validation tokens whose word is not in the training data, or {@code null}
 *                           when there are none (written as {@code null})
 * @param validSpanF1        its validation span F1, or {@code null} when the tags mark no spans
 * @param testTokenAccuracy  its test token accuracy, or {@code null} without a test split
 * @param testOovAccuracy    its test OOV accuracy, or {@code null} without a test split or without OOV test tokens
 * @param testSpanF1         its test span F1, or {@code null}
 * @param objective          the metric the run was judged by, at the best epoch
 * @param baseline           the most-frequent-tag baseline's scores on the same splits
 * @param trivial            what always answering the most frequent training tag scores
 * @param warnings           what train warned about (empty for none)
 * @param valid              the best model's full validation report
 * @param test               its full test report, or {@code null} without a test split
 * @param trainSeconds       seconds spent in training epochs
 * @param tokensPerSecond    training tokens per second of training
 * @param runSeconds         seconds of the whole run
 */
public record TaggingSummary(String task, String status, String stopReason, int epochs, int bestEpoch, Model model,
                             List<String> tags, String scheme, String trainScheme, double validTokenAccuracy,
                             Double validOovAccuracy,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Double validSpanF1,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Double testTokenAccuracy,
                             @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) Double testOovAccuracy,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Double testSpanF1,
                             ObjectiveValue objective, Baseline baseline, Trivial trivial,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings, TaggingReport valid,
                             @JsonInclude(JsonInclude.Include.NON_NULL) TaggingReport test, double trainSeconds,
                             double tokensPerSecond, double runSeconds) implements Summary {
    /**
     * Compact constructor: a missing list of warnings (a run without any) is an empty one.
     *
     * @param task               the task id
     * @param status             how training ended
     * @param stopReason         why it stopped
     * @param epochs             epochs trained
     * @param bestEpoch          the kept epoch
     * @param model              the network
     * @param tags               the tags
     * @param scheme             the data's scheme
     * @param trainScheme        the model's scheme
     * @param validTokenAccuracy validation token accuracy
     * @param validOovAccuracy   validation OOV accuracy or {@code null}
     * @param validSpanF1        validation span F1 or {@code null}
     * @param testTokenAccuracy  test token accuracy or {@code null}
     * @param testOovAccuracy    test OOV accuracy or {@code null}
     * @param testSpanF1         test span F1 or {@code null}
     * @param objective          the objective
     * @param baseline           the baseline
     * @param trivial            the trivial model
     * @param warnings           the warnings
     * @param valid              the validation report
     * @param test               the test report or {@code null}
     * @param trainSeconds       training seconds
     * @param tokensPerSecond    training throughput
     * @param runSeconds         run seconds
     */
    public TaggingSummary {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** {@code testOovAccuracy}, with the other test keys: written (even as {@code null}) when there is a test split. */
    @JsonAnyGetter
    private Map<String, Object> testOov() {
        return testKeys(testTokenAccuracy, testOovAccuracy);
    }

    /**
     * The model's scores next to the baseline's.
     *
     * @return {@code valid: token accuracy A, OOV accuracy B[, span F1 C] (baseline: ...)} and, with a test split, a
     *         {@code test:} line the same
     */
    @Override
    public String headline() {
        String line = "valid: " + scores(validTokenAccuracy, validOovAccuracy, validSpanF1) + " (" + baseline.model()
                + ": " + scores(baseline.validTokenAccuracy(), baseline.validOovAccuracy(), baseline.validSpanF1())
                + ")";
        if (testTokenAccuracy != null) {
            line += "\ntest: " + scores(testTokenAccuracy, testOovAccuracy, testSpanF1) + " (" + baseline.model() + ": "
                    + scores(baseline.testTokenAccuracy(), baseline.testOovAccuracy(), baseline.testSpanF1()) + ")";
        }
        return line;
    }

    /** "token accuracy A, OOV accuracy B (or -)[, span F1 C]". */
    static String scores(double tokenAccuracy, Double oovAccuracy, Double spanF1) {
        String line = String.format(Locale.ROOT, "token accuracy %.4f, OOV accuracy %s", tokenAccuracy,
                oovAccuracy == null ? "-" : String.format(Locale.ROOT, "%.4f", oovAccuracy));
        if (spanF1 != null) {
            line += String.format(Locale.ROOT, ", span F1 %.4f", spanF1);
        }
        return line;
    }

    // with a test split, its OOV accuracy is written even when null; without one, not at all
    private static Map<String, Object> testKeys(Double testTokenAccuracy, Double testOovAccuracy) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (testTokenAccuracy != null) {
            out.put("testOovAccuracy", testOovAccuracy);
        }
        return out;
    }

    /**
     * The settings that shape a tagger's network, and its size.
     *
     * @param cell          the recurrent cell
     * @param layers        the recurrent layers' widths
     * @param embedding     the word embedding's width
     * @param bidirectional how the layers read in both directions, or {@code none}
     * @param parameters    the number of trainable parameters
     * @param charFeatures  the character features beside the words ({@code shape}: shape bits and suffixes)
     */
    public record Model(ModelSpec.Cell cell, List<Integer> layers, int embedding, ModelSpec.Direction bidirectional,
                        long parameters, TaggingDataSpec.CharFeatures charFeatures) {
    }

    /**
     * The most-frequent-tag baseline: each training word's most frequent tag, and the most frequent tag of all for
     * words it never saw; scored as the model is.
     *
     * @param model              {@code most frequent tag per word}
     * @param fallbackTag        the tag for unseen words
     * @param validTokenAccuracy its validation token accuracy
     * @param validOovAccuracy   its validation OOV accuracy, or {@code null} without OOV tokens (written as
     *                           {@code null})
     * @param validSpanF1        its validation span F1, or {@code null} when the tags mark no spans
     * @param testTokenAccuracy  its test token accuracy, or {@code null} without a test split
     * @param testOovAccuracy    its test OOV accuracy, or {@code null} (written as {@code null} with a test split)
     * @param testSpanF1         its test span F1, or {@code null}
     */
    public record Baseline(String model, String fallbackTag, double validTokenAccuracy, Double validOovAccuracy,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Double validSpanF1,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Double testTokenAccuracy,
                           @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) Double testOovAccuracy,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Double testSpanF1) {
        @JsonAnyGetter
        private Map<String, Object> testOov() {
            return testKeys(testTokenAccuracy, testOovAccuracy);
        }
    }

    /**
     * The trivial tagger, always answering the most frequent training tag: what a model that learned nothing scores.
     *
     * @param model              what it answers
     * @param validTokenAccuracy its validation token accuracy
     */
    public record Trivial(String model, double validTokenAccuracy) {
    }
}
