package dev.seq4j.result;

/**
 * Generated sequences scored against one reference each, over a corpus (a seq2seq or caption decoder's outputs on one
 * split).
 *
 * @param exactMatch     the share of outputs equal to their reference, token for token
 * @param wordErrorRate  the share of outputs not exactly right ({@code 1 - exactMatch}), as grapheme-to-phoneme work
 *                       uses the term
 * @param tokenErrorRate the token edit distance summed over the corpus, over the summed reference length
 * @param bleu           corpus BLEU-4, without smoothing
 * @param count          how many outputs were scored
 */
public record SequenceScores(double exactMatch, double wordErrorRate, double tokenErrorRate, double bleu, long count) {
}
