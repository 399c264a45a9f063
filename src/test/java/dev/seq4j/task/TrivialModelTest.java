package dev.seq4j.task;

import dev.seq4j.config.TrainSpec;
import dev.seq4j.data.pairs.Pair;
import dev.seq4j.data.pairs.PairsData;
import dev.seq4j.eval.ClassifierMetrics;
import dev.seq4j.result.SequenceSummary;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trivial models a run is compared with, and when its summary warns (issue 23, case 10). */
class TrivialModelTest {
    private static final TrainSpec TRAIN = dev.seq4j.TestConfigs.charlm(1, Map.of("train", "x"),
            "train.learningRate=0.5", "train.clipNorm=0", "train.epochs=3").train();
    private static final String ADVICE = ": the model learned nothing it can use; try a lower train.learningRate (now "
            + "0.500), gradient clipping (train.clipNorm, now 0.00) or more train.epochs (now 3)";

    @Test
    void worseMeansBelowOrAboveTheTrivialValueOrNotFinite() {
        assertNull(RunSummary.worse("valid bits/char", 4.0, 4.0, true), "a tie is not worse");
        assertEquals("the best model's valid bits/char 4.5000 is worse than the 4.0000",
                RunSummary.worse("valid bits/char", 4.5, 4.0, true));
        assertEquals("the best model's accuracy 0.3000 is worse than the 0.5000",
                RunSummary.worse("accuracy", 0.3, 0.5, false));
        assertTrue(RunSummary.worse("test MAE", Double.NaN, 1.0, true).contains("NaN"));
        assertTrue(RunSummary.worse("test MAE", Double.POSITIVE_INFINITY, 1.0, true) != null);
    }

    @Test
    void aClassifierWarnsOnlyWhenBelowTheMajorityClassInAccuracyAndMacroF1Both() {
        List<String> labels = List.of("a", "b", "c");
        int[] truth = {0, 0, 0, 1, 2};
        // always 'a': accuracy 3/5; macro-F1 (2 * 0.6 / 1.6) / 3 = 0.25
        dev.seq4j.result.ClassificationSummary.Trivial trivial = Classification.trivial(labels, 0, truth);
        assertEquals(Map.of("model", "always 'a', the training set's majority class", "validAccuracy", 0.6,
                "validMacroF1", 0.25), roundedValues(new com.fasterxml.jackson.databind.ObjectMapper().convertValue(trivial, Map.class)));
        assertEquals(List.of("the best model's valid accuracy 0.2000 and macro-F1 0.1111 are worse than the 0.6000 and "
                + "0.2500 of the trivial model (always 'a', the training set's majority class)" + ADVICE),
                Classification.warnings(TRAIN, trivial, ClassifierMetrics.of(truth, new int[]{1, 1, 0, 0, 0}, labels)));
        // accuracy 0.2, macro-F1 1/9 above

        // below in accuracy, above in macro-F1 (the small classes found, as balanced class weights aim to): no warning
        assertEquals(List.of(), Classification.warnings(TRAIN, trivial,
                ClassifierMetrics.of(truth, new int[]{1, 2, 1, 1, 2}, labels))); // accuracy 0.4, macro-F1 0.389
    }

    private static Map<?, ?> roundedValues(Object map) {
        Map<Object, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) map).forEach((k, v) -> out.put(k, v instanceof Double d ? Math.round(d * 1e12) / 1e12 : v));
        return out;
    }

    private static PairsData.Split split(String... targets) {
        List<Pair> pairs = new java.util.ArrayList<>();
        for (int i = 0; i < targets.length; i++) {
            pairs.add(new Pair(i + 1, List.of("x"), targets[i].isEmpty() ? List.of() : List.of(targets[i].split(" "))));
        }
        return new PairsData.Split(pairs, null, null, null);
    }

    @Test
    void seq2seqIsComparedWithTheBetterOfTheEmptyAndTheMostFrequentOutput() {
        // "a b" is the most frequent training target; on validation it is right once in four (WER 0.75) with 5 edits
        // to 8 reference tokens, where the empty output is never right (WER 1) with 8 edits
        PairsData.Split train = split("a b", "c", "a b", "d e f", "c");
        PairsData.Split valid = split("a b", "a c", "b b b", "c");
        SequenceSummary.Trivial trivial = Seq2seqTask.trivial(train, valid);
        assertEquals("the most frequent training target for every input, 'a b'", trivial.model());
        assertEquals(0.75, trivial.validWordErrorRate(), 1e-12);
        assertEquals(0.625, trivial.validTokenErrorRate(), 1e-12);
        assertEquals(List.of(), Seq2seqTask.warnings(TRAIN, trivial, 0.5, 0.3));

        // the same WER, more token errors: worse in the objective's order
        assertEquals(List.of("the best model's greedy valid word error rate 0.7500 and token error rate 0.7000 are "
                + "worse than the 0.7500 and 0.6250 of the trivial model (the most frequent training target for every "
                + "input, 'a b')" + ADVICE), Seq2seqTask.warnings(TRAIN, trivial, 0.75, 0.7));

        // where no output is ever right, saying nothing beats a wrong frequent answer
        SequenceSummary.Trivial nothing = Seq2seqTask.trivial(split("x y", "z"), split("a", "b c"));
        assertEquals("the empty output for every input", nothing.model());
        assertEquals(1.0, nothing.validTokenErrorRate());
        assertEquals(1, Seq2seqTask.warnings(TRAIN, nothing, 1.0, 1.2).size());
    }
}
