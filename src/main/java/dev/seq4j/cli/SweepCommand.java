package dev.seq4j.cli;

import dev.seq4j.sweep.Sweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code seq4j sweep SWEEP.yaml [--parallel N] [--out DIR] [--retry-failed]}. */
@Command(name = "sweep", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Train one run per candidate of a grid or random search (Arbiter) and rank them by the task's "
                + "validation objective.",
                "Running the same sweep again into the same directory resumes it: finished trials are kept, "
                        + "interrupted ones run again."})
public final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SWEEP", description = "the sweep file (YAML or JSON)")
    Path sweepFile;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = "trials at once, the cores split between them (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--out", paramLabel = "DIR",
            description = "sweep directory (default: sweeps/<sweep file name>); an existing one of the same sweep "
                    + "is resumed")
    Path out;

    @Option(names = "--retry-failed", description = "run trials that failed in an earlier run of the sweep again")
    boolean retryFailed;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "run each trial as a task on Apache Spark (local[N], spark://host:port, yarn, ...), --parallel "
                    + "at once; the sweep directory must be on storage the executors share; needs the spark build")
    String spark;

    @Override
    public Integer call() {
        Path dir = out != null ? out : defaultDirectory(sweepFile);
        dev.seq4j.sweep.TrialLauncher launcher = spark == null ? null : sparkLauncher(spark);
        Sweep.Result result;
        try {
            if (launcher != null) {
                spec.commandLine().getErr().println("trials on " + launcher.describe());
            }
            result = Sweep.run(sweepFile, dir, parallel, retryFailed, spec.commandLine().getErr(), launcher);
        } finally {
            if (launcher != null) {
                launcher.close();
            }
        }
        if (result.best() == null) {
            spec.commandLine().getErr().println("seq4j: failed: no trial trained a model; see " + dir.resolve("logs"));
            return Seq4j.FAILURE;
        }
        spec.commandLine().getOut().println(result.bestRun());
        spec.commandLine().getOut().flush();
        return Seq4j.OK;
    }

    /** The spark build's trial launcher; a one-line error where Spark is not built in. */
    static dev.seq4j.sweep.TrialLauncher sparkLauncher(String master) {
        return SparkBuild.create("dev.seq4j.spark.SparkTrialLauncher", dev.seq4j.sweep.TrialLauncher.class,
                new Class<?>[]{String.class}, master);
    }

    static Path defaultDirectory(Path sweepFile) {
        String name = sweepFile.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        return Path.of("sweeps", name);
    }
}
