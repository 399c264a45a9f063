package dev.seq4j.result;

import java.util.Locale;

/**
 * What the evaluations of the tasks that write a sequence ({@link Seq2seqEvaluation}, {@link CaptionEvaluation}) have
 * in common: beam search's exact match, word error rate, token error rate and BLEU on a file, and greedy decoding's
 * as its baseline.
 */
public interface SequenceEvaluation extends Evaluation {
    /**
     * The beam width the beam-search scores were decoded with.
     *
     * @return the run's {@code data.beam}
     */
    int beam();

    /**
     * Beam search's exact match.
     *
     * @return the share of outputs exactly right
     */
    double exactMatch();

    /**
     * Beam search's word error rate.
     *
     * @return the share of outputs not exactly right
     */
    double wordErrorRate();

    /**
     * Beam search's token error rate.
     *
     * @return edits over reference tokens
     */
    double tokenErrorRate();

    /**
     * Beam search's corpus BLEU-4.
     *
     * @return BLEU, 0 to 1
     */
    double bleu();

    /**
     * Greedy decoding's scores on the same file.
     *
     * @return the four scores and how many outputs they count
     */
    SequenceScores greedy();

    @Override
    default String headline() {
        return String.format(Locale.ROOT, "%,d outputs: beam %d: word error rate %.4f, token error rate %.4f, BLEU "
                        + "%.4f (greedy: %.4f, %.4f, %.4f)", greedy().count(), beam(), wordErrorRate(),
                tokenErrorRate(), bleu(), greedy().wordErrorRate(), greedy().tokenErrorRate(), greedy().bleu());
    }
}
