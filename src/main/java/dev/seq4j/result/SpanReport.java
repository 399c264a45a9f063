package dev.seq4j.result;

import java.util.Map;

/**
 * A tagger's span scores with conlleval's semantics (CoNLL-2000): a predicted span is correct when a gold span has the
 * same first token, last token and type; precision is correct / predicted, recall correct / gold, F1 their harmonic
 * mean (0 where undefined), overall and per span type.
 *
 * @param precision the share of predicted spans that are correct
 * @param recall    the share of gold spans that were predicted
 * @param f1        the harmonic mean of the two
 * @param gold      how many spans the gold tags mark
 * @param predicted how many spans the predicted tags mark
 * @param correct   how many predicted spans are gold spans
 * @param byType    the same per span type (e.g. {@code PER}, {@code LOC}), sorted by type
 */
public record SpanReport(double precision, double recall, double f1, long gold, long predicted, long correct,
                         Map<String, TypeScore> byType) {
    /**
     * One span type's scores.
     *
     * @param precision the share of the type's predicted spans that are correct
     * @param recall    the share of the type's gold spans that were predicted
     * @param f1        the harmonic mean of the two
     * @param gold      the type's gold spans
     * @param predicted the type's predicted spans
     * @param correct   the type's correct predictions
     */
    public record TypeScore(double precision, double recall, double f1, long gold, long predicted, long correct) {
    }
}
