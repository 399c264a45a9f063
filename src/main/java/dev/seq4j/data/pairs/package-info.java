/**
 * Pairs of sequences for encoder-decoders: {@code source<TAB>target} TSV files, their vocabularies (with start, end
 * and unknown symbols) and minibatches with masks; the CMU pronouncing dictionary converter.
 */
package dev.seq4j.data.pairs;
