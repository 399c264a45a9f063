package dev.seq4j.spark;

import dev.seq4j.cli.Seq4j;
import dev.seq4j.sweep.TrialLauncher;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sweep --spark MASTER}: each trial is one Spark task, a {@code seq4j train} run inside the executor's JVM (so one
 * trial per executor slot), with its output appended to the trial's log. The sweep's own machinery (Arbiter's candidates,
 * {@code --parallel} trials at once, pruning, resume, the results table) is unchanged; only where a trial runs differs.
 */
public final class SparkTrialLauncher implements TrialLauncher {
    private final JavaSparkContext sc;
    private final String master;

    private SparkTrialLauncher(JavaSparkContext sc, String master) {
        this.sc = sc;
        this.master = master;
    }

    public static SparkTrialLauncher create(String master) {
        return new SparkTrialLauncher(SparkFitter.context(master), master);
    }

    @Override
    public int launch(List<String> args, Path log) {
        String file = log.toString();
        List<List<String>> one = List.of(new ArrayList<>(args));
        sc.setJobDescription("seq4j trial " + log.getFileName());
        return sc.parallelize(one, 1).map(a -> runTrial(a, file)).collect().get(0);
    }

    /** On the executor: the train command, its output appended to {@code log}. */
    static int runTrial(List<String> args, String log) {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(log), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
            return Seq4j.run(out, out, args.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trial log " + log, e);
        }
    }

    @Override
    public String describe() {
        return "Spark " + master + ", one trial per task";
    }

    @Override
    public void close() {
        sc.close();
    }
}
