package dev.seq4j.api;

import dev.seq4j.result.TaggingSummary;

import java.util.List;

/**
 * A sequence tagging run ({@code task: tagging}): a tag per token, in the data's tag scheme (spans trained in BIOES
 * come back as the data's BIO, say).
 */
public interface Tagger extends TrainedModel {
    /**
     * What training reported.
     *
     * @return the run's {@code summary.json}: token, out-of-vocabulary and span scores against the most-frequent-tag
     *         baseline, per-tag and per-span-type reports
     */
    @Override
    TaggingSummary summary();

    /**
     * Tags one sentence.
     *
     * @param tokens the sentence's tokens, at least one
     * @return a tag per token
     * @throws InputException when there are no tokens
     */
    List<String> tag(List<String> tokens);

    /**
     * Tags a sentence of plain text, tokenised as {@code seq4j tag} tokenises text input (words, numbers and
     * punctuation marks apart).
     *
     * @param sentence a sentence
     * @return a tag per token
     */
    List<String> tag(String sentence);

    /**
     * Tags sentences as minibatches of at most {@value TrainedModel#MAX_BATCH} sentences (padded and masked).
     *
     * @param sentences each sentence's tokens
     * @return a tag list per sentence, in order
     */
    List<List<String>> tagAll(List<List<String>> sentences);

    /**
     * Splits a sentence into tokens as {@link #tag(String)} and {@code seq4j tag} do: words, numbers and punctuation
     * marks, with the case kept.
     *
     * @param sentence a sentence
     * @return its tokens, in order
     */
    List<String> tokens(String sentence);
}
