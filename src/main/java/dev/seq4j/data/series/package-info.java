/**
 * Time-series data for classification: both DataVec layouts (a CSV file per sequence plus label files, or one
 * long CSV of {@code sequence_id, t, feature..., label} rows), strictly checked, and the iterator that batches
 * series with DataVec's {@code SequenceRecordReaderDataSetIterator} (ALIGN_END) and a normaliser fitted on
 * training data only.
 */
package dev.seq4j.data.series;
