package dev.seq4j.spark;

import dev.seq4j.UserException;
import dev.seq4j.config.TrainSpec;
import dev.seq4j.train.EpochFitter;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code train --spark MASTER}: each epoch's minibatches, made by the task's own iterator on the driver (the same data
 * pipeline, shuffling and budget as a local run), are handed to Spark as an RDD and trained with DL4J's
 * {@link ParameterAveragingTrainingMaster}: every executor core trains a copy of the network on its partition and the
 * copies' weights and Adam states are averaged every {@code train.averagingFrequency} minibatches. The network is
 * updated in place, so checkpoints, validation, resume and everything after training are the local ones.
 * <p>
 * Minibatches travel from the driver (pre-exported, in memory): right for the data sets this tool ships and for
 * data that fits the driver; the README says how to size a cluster run.
 */
public final class SparkFitter implements EpochFitter {
    private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)](?:,\\d+)?|local");

    private final JavaSparkContext sc;
    private final String master;
    private final TrainSpec spec;
    private final int partitions;
    private final Map<ComputationGraph, SparkComputationGraph> networks = new IdentityHashMap<>();

    private SparkFitter(JavaSparkContext sc, String master, TrainSpec spec) {
        this.sc = sc;
        this.master = master;
        this.spec = spec;
        this.partitions = Math.max(1, sc.defaultParallelism());
    }

    /** Starts a Spark context on {@code master} (e.g. {@code local[2]}, {@code spark://host:7077}, {@code yarn}). */
    public static SparkFitter create(String master, TrainSpec spec) {
        return new SparkFitter(context(master), master, spec);
    }

    /** A Spark context on {@code master}, without web UI; a bad master is a one-line error. */
    static JavaSparkContext context(String master) {
        if (master.isBlank()) {
            throw new UserException("--spark: give a master, e.g. local[2], spark://host:7077 or yarn");
        }
        Matcher local = LOCAL.matcher(master);
        if (master.startsWith("local") && !local.matches()) {
            throw new UserException("--spark " + master + ": not a Spark master (local, local[N] or local[*])");
        }
        SparkConf conf = new SparkConf().setMaster(master).setAppName("seq4j")
                .setIfMissing("spark.ui.enabled", "false"); // no web UI unless spark-submit's configuration asks for one
        if (master.startsWith("local")) {
            // local mode talks to itself only: nothing listens beyond this machine
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        try {
            return new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new UserException("--spark " + master + ": cannot start Spark (" + UserException.firstLine(e) + ")");
        }
    }

    @Override
    public synchronized double fit(ComputationGraph net, MultiDataSetIterator epoch) {
        List<MultiDataSet> batches = new ArrayList<>();
        while (epoch.hasNext()) {
            batches.add(epoch.next());
        }
        if (batches.isEmpty()) {
            return Double.NaN;
        }
        SparkComputationGraph spark = networks.computeIfAbsent(net, n -> new SparkComputationGraph(sc, n,
                new ParameterAveragingTrainingMaster.Builder(spec.batchSize())
                        .batchSizePerWorker(spec.batchSize())
                        .averagingFrequency(spec.averagingFrequency())
                        .workerPrefetchNumBatches(spec.prefetch())
                        .saveUpdater(true)
                        // DL4J's default exports the minibatches to the Hadoop file system and has each worker read
                        // its share: 3x faster here in local mode (about 20 s an epoch of the quick start against 71 s
                        // for Direct), but a cluster without a shared Hadoop file system refuses it ("Export training
                        // approach is not supported in the current environment"): there, straight from the RDD
                        .rddTrainingApproach(master.startsWith("local") ? org.deeplearning4j.spark.api.RDDTrainingApproach.Export
                                : org.deeplearning4j.spark.api.RDDTrainingApproach.Direct)
                        .build()));
        spark.fitMultiDataSet(sc.parallelize(batches, Math.min(partitions, batches.size())));
        return spark.getScore();
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "Spark %s (%d partitions), parameter averaging every %d minibatches", master,
                partitions, spec.averagingFrequency());
    }

    @Override
    public void close() {
        sc.close();
    }
}
