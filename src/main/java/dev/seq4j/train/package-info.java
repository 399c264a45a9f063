/**
 * The training loop every task shares: epochs with a console progress bar, validation each epoch, early
 * stopping with patience, best-model keeping, a checkpoint each epoch, a wall-clock budget and a smoke mode.
 */
package dev.seq4j.train;
