package dev.seq4j.spark;

import dev.seq4j.UserException;
import dev.seq4j.RunException;
import dev.seq4j.config.TrainSpec;
import dev.seq4j.train.EpochFitter;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code train --spark MASTER}: each epoch's minibatches, made by the task's own iterator on the driver (the same data
 * pipeline, shuffling and budget as a local run), are written as files to a directory the executors read
 * ({@code RUN/spark-minibatches}, or {@code --spark-minibatches DIR}: a shared volume or any Hadoop file system), and
 * DL4J's {@link ParameterAveragingTrainingMaster} trains on them: every executor core loads its share of the files,
 * trains a copy of the network on them, and the copies' weights and Adam states are averaged every
 * {@code train.averagingFrequency} minibatches. Only file names travel in Spark's tasks. The network is updated in
 * place, so checkpoints, validation, resume and everything after training are the local ones.
 */
public final class SparkFitter implements EpochFitter {
    private static final Logger LOG = LoggerFactory.getLogger(SparkFitter.class);
    private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)](?:,\\d+)?|local");

    private final JavaSparkContext sc;
    private final String master;
    private final TrainSpec spec;
    private final org.apache.hadoop.fs.Path minibatches;
    private final FileSystem fs;
    private SparkComputationGraph spark;
    private int workers;
    private int epochs;

    private SparkFitter(JavaSparkContext sc, String master, TrainSpec spec, String minibatches) {
        this.sc = sc;
        this.master = master;
        this.spec = spec;
        try {
            URI uri = new URI(minibatches);
            this.minibatches = new org.apache.hadoop.fs.Path(uri.getScheme() == null
                    ? Path.of(minibatches).toAbsolutePath().toUri() : uri);
            this.fs = this.minibatches.getFileSystem(sc.hadoopConfiguration());
        } catch (URISyntaxException | IOException | RuntimeException e) {
            sc.close();
            throw new UserException("--spark-minibatches " + minibatches + ": not a usable directory ("
                    + UserException.firstLine(e) + ")");
        }
    }

    /**
     * Starts a Spark context on {@code master} (e.g. {@code local[2]}, {@code spark://host:7077}, {@code yarn}) for the
     * run in {@code run}. Each epoch's minibatches go to a directory of the fitter's own, which it empties and deletes:
     * {@code RUN/spark-minibatches}, or a new {@code seq4j-RUN-xxxxxxxx} inside {@code minibatches} (a local path or a
     * Hadoop file system URI given by the user, never emptied itself) when that is not null.
     */
    public static SparkFitter create(String master, TrainSpec spec, Path run, String minibatches) {
        String own = minibatches == null ? run.resolve("spark-minibatches").toString()
                : minibatches.replaceFirst("/+$", "") + "/seq4j-" + run.getFileName() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        return new SparkFitter(context(master), master, spec, own);
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
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(minibatches, String.format(Locale.ROOT,
                "epoch-%04d", ++epochs));
        List<String> files = new ArrayList<>();
        try {
            fs.delete(minibatches, true); // what a killed run left
            fs.mkdirs(dir);
            while (epoch.hasNext()) {
                org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, String.format(Locale.ROOT,
                        "%06d.bin", files.size()));
                try (OutputStream out = new BufferedOutputStream(fs.create(file, true), 1 << 16)) {
                    epoch.next().save(out);
                }
                files.add(file.toString());
            }
        } catch (IOException e) {
            throw new RunException("cannot write the minibatches for Spark to " + dir + ": "
                    + UserException.firstLine(e));
        }
        if (files.isEmpty()) {
            return Double.NaN;
        }
        // Executors of a cluster register a while after the context starts (and may come and go): the workers are
        // the executor cores Spark has at the start of each epoch
        int now = workers();
        if (spark == null || spark.getNetwork() != net || now != workers) {
            if (spark != null && now != workers) {
                LOG.info("Spark: {} workers from this epoch on (were {})", now, workers);
            }
            workers = now;
            spark = new SparkComputationGraph(sc, net,
                    // the worker count given, not left to the master: dl4j-spark M2's path training looks it up
                    // through the MultiLayerNetwork wrapper, which a graph does not have (a NullPointerException)
                    new ParameterAveragingTrainingMaster.Builder(workers, spec.batchSize())
                            .batchSizePerWorker(spec.batchSize())
                            .averagingFrequency(spec.averagingFrequency())
                            .workerPrefetchNumBatches(spec.prefetch())
                            .saveUpdater(true)
                            .build());
        }
        spark.fitPathsMultiDataSet(sc.parallelize(files, Math.min(workers, files.size())));
        try {
            fs.delete(minibatches, true);
        } catch (IOException e) {
            // the next epoch (or the next run) deletes them
        }
        return spark.getScore();
    }

    /** Executor cores (Spark's default parallelism: {@code spark.default.parallelism} where set). */
    private int workers() {
        return Math.max(1, sc.defaultParallelism());
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "Spark %s (%d workers now), parameter averaging every %d minibatches, "
                + "minibatches in %s", master, workers(), spec.averagingFrequency(), minibatches);
    }

    @Override
    public void close() {
        try {
            fs.delete(minibatches, true);
        } catch (IOException e) {
            // a later run in this directory deletes them
        }
        sc.close();
    }
}
