/**
 * Tagged token data for sequence tagging: CoNLL-style column files ({@link dev.seq4j.data.tagging.ConllReader}),
 * span tag schemes IO / BIO / BIOES with conlleval's reading of spans ({@link dev.seq4j.data.tagging.TagScheme}),
 * and the converter that turns the tagged Brown corpus into CoNLL with universal tags
 * ({@link dev.seq4j.data.tagging.BrownCorpus}).
 */
package dev.seq4j.data.tagging;
