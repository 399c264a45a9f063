/**
 * The run directory, the same layout for every task: resolved config, versions, per-epoch metrics, the model
 * with what it needs (vocabulary, normaliser), checkpoints, learning curve and {@code summary.json}, which is
 * written last so that a run without it never looks complete.
 */
package dev.seq4j.run;
