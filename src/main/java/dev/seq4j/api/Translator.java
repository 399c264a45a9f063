package dev.seq4j.api;

import dev.seq4j.result.Seq2seqSummary;

import java.util.List;

/**
 * A sequence-to-sequence run ({@code task: seq2seq}): the encoder reads a source, the decoder writes the output a
 * token at a time, greedily or by beam search (an ensemble run averages its members' next-token probabilities).
 * Sources and outputs are tokenised and joined as the run's {@code data.sourceTokens} and {@code data.targetTokens}
 * say (characters, or words between spaces).
 */
public interface Translator extends TrainedModel {
    /**
     * What training reported.
     *
     * @return the run's {@code summary.json}: the beam and greedy decoders' scores against the trivial output, and
     *         each ensemble member's alone
     */
    @Override
    Seq2seqSummary summary();

    /**
     * The beam width a call uses unless told otherwise.
     *
     * @return the run's own beam width ({@code data.beam})
     */
    int beam();

    /**
     * Decodes one source with the run's beam width.
     *
     * @param source the source text
     * @return the output text
     */
    String translate(String source);

    /**
     * Decodes one source.
     *
     * @param source the source text
     * @param beam the beam width, 1 (greedy) to 100, or 0 for the run's own
     * @return the output text
     * @throws InputException when the source is empty or longer than the model reads
     */
    String translate(String source, int beam);

    /**
     * Decodes sources together: sources of one length share a minibatch (of at most 128), so no padding is needed.
     *
     * @param sources the source texts
     * @param beam    the beam width, 1 (greedy) to 100, or 0 for the run's own
     * @return one output per source, in order
     */
    List<String> translate(List<String> sources, int beam);
}
