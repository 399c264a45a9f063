/**
 * What seq4j reports, as typed records: a run's {@link dev.seq4j.result.Summary} (its {@code summary.json}) and an
 * {@link dev.seq4j.result.Evaluation} of a finished run on new data (what {@code seq4j eval} prints). Each task has its
 * own record of each, written to JSON under the keys earlier versions wrote and read back from them, and each formats
 * its own headline.
 */
package dev.seq4j.result;
