package dev.seq4j.sweep;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs a sweep's trial somewhere other than in a child JVM of the sweep: as a task on Apache Spark
 * ({@code sweep --spark MASTER}, the {@code spark} build's {@code dev.seq4j.spark.SparkTrialLauncher}), one trial per
 * executor slot. The trial is a {@code seq4j train} command line; its output is appended to {@code log}, and its run
 * directory must be on storage the sweep's machine also sees.
 */
public interface TrialLauncher extends AutoCloseable {
    /** Runs {@code seq4j} with {@code args} to the end and returns its exit code. */
    int launch(List<String> args, Path log);

    /** Where trials run, for the console. */
    String describe();

    @Override
    void close();
}
