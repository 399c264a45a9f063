package dev.seq4j.result;

/**
 * {@code eval} of an image captioning run: beam search's and greedy decoding's scores on a captions file.
 *
 * @param task           {@code caption}
 * @param data           the file evaluated on
 * @param images         how many captioned images it lists
 * @param beam           the run's beam width
 * @param exactMatch     beam search's exact match
 * @param wordErrorRate  its word error rate
 * @param tokenErrorRate its token error rate
 * @param bleu           its corpus BLEU-4
 * @param greedy         greedy decoding's scores
 */
public record CaptionEvaluation(String task, String data, int images, int beam, double exactMatch,
                                double wordErrorRate, double tokenErrorRate, double bleu, SequenceScores greedy)
        implements SequenceEvaluation {
}
