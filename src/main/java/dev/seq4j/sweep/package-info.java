/**
 * Hyperparameter sweeps: a sweep file's grid or random search becomes Arbiter candidates, each trained as its
 * own {@code train} run in a child JVM, with resume, parallel trials, median-rule pruning, failed trials
 * recorded, and results as a table, plots and a best-trial pointer. Arbiter lives here and nowhere else.
 */
package dev.seq4j.sweep;
