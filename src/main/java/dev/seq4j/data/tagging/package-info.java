/**
 * Tagged token data for sequence tagging: CoNLL-style column files ({@link dev.seq4j.data.tagging.ConllReader})
 * and plain text ({@link dev.seq4j.data.tagging.RawText}), span tag schemes IO / BIO / BIOES with conlleval's
 * reading of spans ({@link dev.seq4j.data.tagging.TagScheme}), the encoding for a tagger (vocabularies, suffix
 * and shape features, out-of-vocabulary flags: {@link dev.seq4j.data.tagging.TaggingData},
 * {@link dev.seq4j.data.tagging.WordFeatures}), the DataVec-built minibatches
 * ({@link dev.seq4j.data.tagging.TaggingIterator}), and the converter that turns the tagged Brown corpus into
 * CoNLL with universal tags ({@link dev.seq4j.data.tagging.BrownCorpus}).
 */
package dev.seq4j.data.tagging;
