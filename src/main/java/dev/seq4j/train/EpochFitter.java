package dev.seq4j.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * Trains a network on one epoch's minibatches somewhere other than in this JVM's training loop: on Apache Spark
 * ({@code train --spark MASTER}, the {@code spark} build's {@code dev.seq4j.spark.SparkFitter}). The network's own
 * listeners do not see those minibatches, so the fitter reports their mean score.
 */
public interface EpochFitter extends AutoCloseable {
    /**
     * Trains {@code net} in place on every minibatch {@code epoch} yields (it stops at the epoch's budget); returns
     * DL4J's mean minibatch score, or NaN when there was no minibatch. (The trainer counts the epoch.)
     */
    double fit(ComputationGraph net, MultiDataSetIterator epoch);

    /** Where training runs, for the console (e.g. "Spark local[2], parameter averaging every 5 minibatches"). */
    String describe();

    @Override
    void close();
}
