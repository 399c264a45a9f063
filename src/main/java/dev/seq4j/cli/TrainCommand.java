package dev.seq4j.cli;

import dev.seq4j.config.ConfigLoader;
import dev.seq4j.config.RunConfig;
import dev.seq4j.sweep.MedianRule;
import dev.seq4j.task.Tasks;
import dev.seq4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code seq4j train CONFIG [--set a.b=c]... [--out DIR]} or {@code seq4j train --resume DIR [--set train.epochs=N]...}.
 */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Train a model from a YAML or JSON config into a new run directory.",
                "A run writes a checkpoint after every epoch; --resume DIR continues an interrupted run (killed, out of "
                        + "time, a full disk) from its last complete checkpoint with the same config and data. With "
                        + "--set train.epochs=N, train.maxMinutes=M or train.patience=P it extends a run, finished or "
                        + "not, from its last checkpoint: its metrics, best model and learning-rate schedule go on."})
public final class TrainCommand implements Callable<Integer> {
    /**
     * The keys {@code --set} may change with {@code --resume}: how long a run trains, never what it trains (the model,
     * the data, the optimiser), so that an extended run is the run it was, trained longer.
     */
    static final List<String> EXTENDING = List.of("train.epochs", "train.maxMinutes", "train.patience");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG", description = "the config file (YAML or JSON)")
    Path config;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "continue the run in DIR from its last checkpoint, with its own config.yaml (no CONFIG or "
                    + "--out); only train.epochs, train.maxMinutes (the whole run's budget) and train.patience may be "
                    + "--set, which extends a finished run too")
    Path resume;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "override a config value, e.g. --set train.epochs=3 --set model.layers=[64,64]")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--init", paramLabel = "RUN",
            description = "start from the weights, vocabularies and labels of the finished run RUN (a run directory, or a "
                    + "sweep's: its best trial) to fine-tune it on this config's data; the same as --set train.init=RUN")
    Path init;

    @Option(names = "--out", paramLabel = "DIR",
            description = "run directory to create (default: runs/<task>-<timestamp>); must not exist or be empty")
    Path out;

    @Option(names = "--gpus", paramLabel = "N", defaultValue = "1",
            description = "train data-parallel on N devices (DL4J's ParallelWrapper: GPUs on the CUDA build, threads on "
                    + "the CPU one), averaging every train.averagingFrequency minibatches (default: ${DEFAULT-VALUE})")
    int gpus;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "train each epoch on Apache Spark (local[N], spark://host:port, yarn, ...) with DL4J's parameter "
                    + "averaging; needs the spark build (./mvnw -Pcpu,spark package)")
    String spark;

    @Option(names = "--spark-minibatches", paramLabel = "DIR",
            description = "with --spark: where each epoch's minibatches are written for the executors to read (in a "
                    + "new seq4j-RUN-xxxxxxxx directory there, deleted after each epoch); on a cluster, storage every node "
                    + "sees (a shared volume, hdfs://...). Default: RUN/spark-minibatches")
    String sparkMinibatches;

    /** Set by a sweep for its trials: the median rule's file (see {@link MedianRule}). */
    @Option(names = "--prune-file", hidden = true)
    Path pruneFile;

    /** Set by a sweep for its trials: stop at once when standard input closes, i.e. when the sweep is gone. */
    @Option(names = "--exit-with-parent", hidden = true)
    boolean exitWithParent;

    @Override
    public Integer call() {
        if (exitWithParent) {
            exitWhenStdinCloses();
        }
        if (resume != null && (config != null || out != null)) {
            throw new dev.seq4j.UserException("--resume takes the run's own config: give no CONFIG or --out with it");
        }
        if (resume == null && config == null) {
            throw new dev.seq4j.UserException("missing CONFIG (or --resume DIR); see seq4j train --help");
        }
        if (init != null) {
            if (resume != null) {
                throw new dev.seq4j.UserException("--init starts a new run; --resume goes on with the run's own (give "
                        + "one of them)");
            }
            try { // a JSON string is YAML that reads back as this path, whatever its characters
                overrides.add("train.init=" + new com.fasterxml.jackson.databind.ObjectMapper()
                        .writeValueAsString(init.toString()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        boolean extend = resume != null && !overrides.isEmpty();
        if (extend) {
            for (String override : overrides) {
                String key = ConfigLoader.overrideKey(override);
                if (!EXTENDING.contains(key)) {
                    throw new dev.seq4j.UserException("--set " + key + ": --resume goes on with the run's own model, "
                            + "data and optimiser; only " + String.join(", ", EXTENDING) + " may change (start a new run "
                            + "to change the rest)");
                }
            }
        }
        if (resume != null) {
            // before the data is read, which may take a while; RunDirectory.resume checks again under the lock
            dev.seq4j.run.RunDirectory.checkResumable(resume, extend);
            dev.seq4j.run.RunLock.checkFree(resume, "--resume");
            dev.seq4j.train.Checkpoint.checkLatest(resume); // a damaged checkpoint: one line, before the data summary
        }
        ConfigLoader.checkOverrides(overrides);
        RunConfig resolved = ConfigLoader.load(resume != null ? resume.resolve(dev.seq4j.run.RunDirectory.CONFIG) : config,
                overrides);
        if (extend) {
            java.util.Optional<String> reached = dev.seq4j.train.Checkpoint.reachedLimit(resume, resolved.train());
            if (reached.isPresent()) {
                throw new dev.seq4j.UserException("--resume " + resume + ": " + reached.get());
            }
        }
        Path dir = resume != null ? resume : out != null ? out : defaultRunDirectory(resolved.task());
        if (resume == null) {
            dev.seq4j.run.RunDirectory.checkNew(dir); // before reading the data, which may take a while
            dev.seq4j.task.InitRun.of(resolved); // likewise: a run that cannot be started from
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        Trainer.StopRule stopRule = pruneFile != null ? MedianRule.reading(pruneFile) : (epoch, best) -> null;
        if (gpus < 1) {
            throw new dev.seq4j.UserException("--gpus: must be at least 1, got " + gpus);
        }
        if (gpus > 1 && dev.seq4j.run.Backend.isCudaBuild()) {
            int devices = org.nd4j.linalg.factory.Nd4j.getAffinityManager().getNumberOfDevices();
            if (gpus > devices) {
                throw new dev.seq4j.UserException("--gpus " + gpus + ": this machine has " + devices + " CUDA device"
                        + (devices == 1 ? "" : "s") + " (see seq4j info)");
            }
        }
        if (resolved.train().checkpointEvery() > 0 && (gpus > 1 || spark != null)) {
            throw new dev.seq4j.config.ConfigException("train.checkpointEvery", "mid-epoch checkpoints are written "
                    + "between two minibatches of one network; with " + (spark != null ? "--spark" : "--gpus " + gpus)
                    + " the replicas train apart until they are averaged: set it to 0");
        }
        if (resolved.train().lrSchedule() == dev.seq4j.config.TrainSpec.LrSchedule.COSINE && (gpus > 1 || spark != null)) {
            throw new dev.seq4j.config.ConfigException("train.lrSchedule", "cosine sets the learning rate before each "
                    + "minibatch of one network; with " + (spark != null ? "--spark" : "--gpus " + gpus)
                    + " the replicas train apart: use exponential or step");
        }
        if (sparkMinibatches != null && spark == null) {
            throw new dev.seq4j.UserException("--spark-minibatches: only with --spark");
        }
        dev.seq4j.train.EpochFitter fitter = spark == null ? null
                : sparkFitter(spark, resolved, gpus, dir, sparkMinibatches);
        dev.seq4j.task.TrainedRun outcome;
        try {
            if (fitter != null) {
                err.println("training on " + fitter.describe());
            }
            outcome = Tasks.train(resolved, dir, new dev.seq4j.train.Launch(resume != null, extend, gpus, fitter), err,
                    System.console() != null ? System.err : null, stopRule);
        } finally {
            if (fitter != null) {
                fitter.close();
            }
        }
        dev.seq4j.result.Summary s = outcome.summary();
        StringBuilder last = new StringBuilder(String.format(Locale.ROOT, "run: %s%nstopped: %s; best epoch %s%n%s%n",
                dir, s.stopReason(), s.bestEpoch(), s.headline()));
        s.warnings().forEach(w -> last.append("warning: ").append(w).append('\n'));
        err.print(last);
        err.flush();
        dev.seq4j.run.ConsoleLog.append(outcome.run().path(dev.seq4j.run.RunDirectory.TRAIN_LOG), last.toString());
        if (!outcome.sample().isEmpty()) {
            stdout.println(outcome.sample());
            stdout.flush();
        }
        return Seq4j.OK;
    }

    /** The spark build's fitter for {@code master}; a one-line error where it is not built in or cannot apply. */
    static dev.seq4j.train.EpochFitter sparkFitter(String master, RunConfig config, int gpus, Path run,
                                                  String minibatches) {
        if (gpus > 1) {
            throw new dev.seq4j.UserException("--spark and --gpus exclude each other (Spark's executors are the workers)");
        }
        if (config.train().ema() > 0) {
            throw new dev.seq4j.UserException("config key 'train.ema': not supported with --spark (the weights change on "
                    + "the executors, not where the average is kept); set it to 0");
        }
        return SparkBuild.create("dev.seq4j.spark.SparkFitter", dev.seq4j.train.EpochFitter.class,
                new Class<?>[]{String.class, dev.seq4j.config.TrainSpec.class, Path.class, String.class}, master,
                config.train(), run, minibatches);
    }

    private static void exitWhenStdinCloses() {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the sweep never writes; keep reading until the pipe closes
                }
            } catch (java.io.IOException e) {
                // a broken pipe means the same
            }
            Runtime.getRuntime().halt(Seq4j.FAILURE);
        }, "exit-with-parent");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    static Path defaultRunDirectory(String task) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = Path.of("runs", task + "-" + stamp);
        for (int i = 2; Files.exists(dir); i++) {
            dir = Path.of("runs", task + "-" + stamp + "-" + i);
        }
        return dir;
    }
}
