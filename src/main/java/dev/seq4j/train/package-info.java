/**
 * The training loop every task shares: {@link dev.seq4j.train.Trainer} fits epochs (in this JVM, on data-parallel
 * replicas, or through an {@link dev.seq4j.train.EpochFitter} such as Spark), validates each, keeps the best model and
 * decides when to stop (epochs, patience, a wall-clock budget, divergence, an outside rule); its listeners report
 * progress, write {@code metrics.csv} and the learning curve, keep a weight average and write a checkpoint each epoch.
 * What the loop carries from epoch to epoch is one {@code TrainingState}, which a {@link dev.seq4j.train.Checkpoint}
 * writes as it is.
 */
package dev.seq4j.train;
