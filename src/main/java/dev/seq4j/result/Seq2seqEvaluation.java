package dev.seq4j.result;

/**
 * {@code eval} of a sequence-to-sequence run: beam search's and greedy decoding's scores on a pairs file, and the
 * teacher-forced loss.
 *
 * @param task           {@code seq2seq}
 * @param data           the file evaluated on
 * @param pairs          how many pairs it holds
 * @param beam           the run's beam width
 * @param exactMatch     beam search's exact match
 * @param wordErrorRate  its word error rate
 * @param tokenErrorRate its token error rate
 * @param bleu           its corpus BLEU-4
 * @param greedy         greedy decoding's scores
 * @param loss           the teacher-forced loss, nats per target token (the ensemble's mean probability)
 */
public record Seq2seqEvaluation(String task, String data, int pairs, int beam, double exactMatch, double wordErrorRate,
                                double tokenErrorRate, double bleu, SequenceScores greedy, double loss)
        implements SequenceEvaluation {
}
