package dev.seq4j.result;

import java.util.Locale;

/**
 * What the summaries of the tasks that write a sequence ({@link Seq2seqSummary}, {@link CaptionSummary}) have in
 * common: exact match, word error rate, token error rate and BLEU of beam search and of greedy decoding on the
 * validation (and test) split, the trivial output they are compared with, and the headline.
 */
public interface SequenceSummary extends Summary {
    /**
     * The beam width the run's beam-search scores were decoded with.
     *
     * @return the run's {@code data.beam}
     */
    int beam();

    /**
     * Beam search's exact match on the validation split.
     *
     * @return the share of validation outputs exactly right
     */
    double validExactMatch();

    /**
     * Beam search's word error rate on the validation split.
     *
     * @return the share of validation outputs not exactly right
     */
    double validWordErrorRate();

    /**
     * Beam search's token error rate on the validation split.
     *
     * @return edits over reference tokens
     */
    double validTokenErrorRate();

    /**
     * Beam search's corpus BLEU-4 on the validation split.
     *
     * @return BLEU, 0 to 1
     */
    double validBleu();

    /**
     * Greedy decoding's exact match on the validation split.
     *
     * @return the share of validation outputs exactly right
     */
    double greedyValidExactMatch();

    /**
     * Greedy decoding's word error rate on the validation split: what the run was judged by.
     *
     * @return the share of validation outputs not exactly right
     */
    double greedyValidWordErrorRate();

    /**
     * Greedy decoding's token error rate on the validation split.
     *
     * @return edits over reference tokens
     */
    double greedyValidTokenErrorRate();

    /**
     * Greedy decoding's corpus BLEU-4 on the validation split.
     *
     * @return BLEU, 0 to 1
     */
    double greedyValidBleu();

    /**
     * Beam search's exact match on the test split.
     *
     * @return the share of test outputs exactly right, or {@code null} without a test split
     */
    Double testExactMatch();

    /**
     * Beam search's word error rate on the test split.
     *
     * @return the share of test outputs not exactly right, or {@code null} without a test split
     */
    Double testWordErrorRate();

    /**
     * Beam search's token error rate on the test split.
     *
     * @return edits over reference tokens, or {@code null} without a test split
     */
    Double testTokenErrorRate();

    /**
     * Beam search's corpus BLEU-4 on the test split.
     *
     * @return BLEU, or {@code null} without a test split
     */
    Double testBleu();

    /**
     * Greedy decoding's exact match on the test split.
     *
     * @return the share of test outputs exactly right, or {@code null} without a test split
     */
    Double greedyTestExactMatch();

    /**
     * Greedy decoding's word error rate on the test split.
     *
     * @return the share of test outputs not exactly right, or {@code null} without a test split
     */
    Double greedyTestWordErrorRate();

    /**
     * Greedy decoding's token error rate on the test split.
     *
     * @return edits over reference tokens, or {@code null} without a test split
     */
    Double greedyTestTokenErrorRate();

    /**
     * Greedy decoding's corpus BLEU-4 on the test split.
     *
     * @return BLEU, or {@code null} without a test split
     */
    Double greedyTestBleu();

    /**
     * The trivial model: the better of two outputs that ignore the input.
     *
     * @return what it answers and its validation scores
     */
    Trivial trivial();

    /**
     * The beam-search scores of a split, without the count (the summary does not hold it).
     *
     * @param test {@code true} for the test split, {@code false} for the validation split
     * @return the scores, or {@code null} for a test split the run does not have
     */
    default Scores beamScores(boolean test) {
        return test ? (testWordErrorRate() == null ? null : new Scores(testExactMatch(), testWordErrorRate(),
                testTokenErrorRate(), testBleu()))
                : new Scores(validExactMatch(), validWordErrorRate(), validTokenErrorRate(), validBleu());
    }

    /**
     * The greedy decoder's scores of a split.
     *
     * @param test {@code true} for the test split, {@code false} for the validation split
     * @return the scores, or {@code null} for a test split the run does not have
     */
    default Scores greedyScores(boolean test) {
        return test ? (greedyTestWordErrorRate() == null ? null : new Scores(greedyTestExactMatch(),
                greedyTestWordErrorRate(), greedyTestTokenErrorRate(), greedyTestBleu()))
                : new Scores(greedyValidExactMatch(), greedyValidWordErrorRate(), greedyValidTokenErrorRate(),
                greedyValidBleu());
    }

    @Override
    default String headline() {
        String line = headline("valid", beamScores(false), greedyScores(false));
        if (testWordErrorRate() != null) {
            line += "\n" + headline("test", beamScores(true), greedyScores(true));
        }
        return line;
    }

    private String headline(String part, Scores beam, Scores greedy) {
        return String.format(Locale.ROOT, "%s: beam %d: word error rate %.4f, token error rate %.4f, BLEU %.4f "
                        + "(greedy: %.4f, %.4f, %.4f)", part, beam(), beam.wordErrorRate(), beam.tokenErrorRate(),
                beam.bleu(), greedy.wordErrorRate(), greedy.tokenErrorRate(), greedy.bleu());
    }

    /**
     * One decoder's four scores on one split, as the summary holds them.
     *
     * @param exactMatch     the share of outputs exactly right
     * @param wordErrorRate  the share not exactly right
     * @param tokenErrorRate edits over reference tokens
     * @param bleu           corpus BLEU-4
     */
    record Scores(double exactMatch, double wordErrorRate, double tokenErrorRate, double bleu) {
    }

    /**
     * The trivial model, the better on the validation split of the empty output and the most frequent training
     * target (for every input): what a model that learned nothing scores.
     *
     * @param model               what it answers
     * @param validWordErrorRate  its validation word error rate
     * @param validTokenErrorRate its validation token error rate
     */
    record Trivial(String model, double validWordErrorRate, double validTokenErrorRate) {
    }
}
