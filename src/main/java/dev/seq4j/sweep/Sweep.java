package dev.seq4j.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seq4j.UserException;
import dev.seq4j.config.RunConfig;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.task.Tasks;
import dev.seq4j.train.Objective;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.TaskCreator;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.runner.CandidateInfo;
import org.deeplearning4j.arbiter.optimize.runner.CandidateStatus;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.listener.StatusListener;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * A hyperparameter sweep. Arbiter generates the candidates (its grid or random-search generator over a
 * {@link TrialSpace}) and runs them ({@link LocalOptimizationRunner}, {@code parallel} at a time); each
 * candidate is a trial, trained by {@link TrialProcess} into a run directory of the sweep directory. The
 * sweep adds what Arbiter lacks: resuming (finished trials are kept, interrupted ones run again), median-rule
 * pruning, failed trials recorded with their reason while the sweep goes on, results tables and plots, and
 * progress with an ETA.
 */
public final class Sweep {
    private final SweepSpec spec;
    private final Objective objective;
    private final SweepDirectory dir;
    private final PrintWriter console;
    private final int parallel;
    private final int threads;
    private final int cpus;
    private final boolean retryFailed;
    private final TrialLauncher launcher;
    private volatile String mismatch;
    private final Map<Integer, TrialRecord> records = new TreeMap<>();
    private final List<TrialRecord> ranNow = new ArrayList<>();
    private final long start = System.nanoTime();
    private final SweepPlots plots;

    private Sweep(SweepSpec spec, SweepDirectory dir, PrintWriter console, int parallel, int threads, int cpus,
                  boolean retryFailed, TrialLauncher launcher) {
        this.launcher = launcher;
        this.spec = spec;
        this.objective = Tasks.objective(spec.base().task());
        this.dir = dir;
        this.console = console;
        this.parallel = parallel;
        this.threads = threads;
        this.cpus = cpus;
        this.retryFailed = retryFailed;
        this.plots = new SweepPlots(dir, spec, objective, console);
    }

    /** What a sweep did: every finished trial in trial order, the best one, and how many ran in this call. */
    public record Result(Path dir, List<TrialRecord> records, TrialRecord best, Path bestRun, int ran, double seconds) {
    }

    /**
     * Runs (or resumes) the sweep of {@code sweepFile} into {@code out}. Everything the sweep file names is read
     * and checked before the directory is touched: a bad sweep runs no trial and writes nothing.
     *
     * @param parallel    trials at once; the cores are split between them
     * @param retryFailed run trials that failed before again instead of keeping their failure
     */
    public static Result run(Path sweepFile, Path out, int parallel, boolean retryFailed, PrintWriter console) {
        return run(sweepFile, out, parallel, retryFailed, console, null);
    }

    /** As above, each trial run by {@code launcher} (Spark) instead of a child JVM when it is not null. */
    public static Result run(Path sweepFile, Path out, int parallel, boolean retryFailed, PrintWriter console,
                             TrialLauncher launcher) {
        if (parallel < 1) {
            throw new UserException("--parallel must be at least 1, got " + parallel);
        }
        SweepSpec spec = SweepSpec.load(sweepFile);
        checkData(spec);
        int cpus = Math.max(1, Runtime.getRuntime().availableProcessors() / parallel);
        try (SweepDirectory dir = SweepDirectory.open(out, spec)) {
            Sweep sweep = new Sweep(spec, dir, console, parallel, threadsPerTrial(parallel), cpus, retryFailed, launcher);
            try {
                return sweep.execute();
            } finally {
                sweep.plots.close(); // no drawer thread left behind when the sweep fails (a second close returns at once)
            }
        }
    }

    /** Reads the data of the base config and of every swept data value, so missing files stop the sweep now. */
    private static void checkData(SweepSpec spec) {
        Set<Object> seen = new LinkedHashSet<>();
        List<RunConfig> configs = new ArrayList<>(List.of(spec.base()));
        spec.space().forEach((key, d) -> {
            if (key.startsWith("data.")) {
                for (JsonNode value : d.gridValues()) {
                    configs.add(spec.trialConfig(Map.of(key, value)));
                }
            }
        });
        for (RunConfig config : configs) {
            if (seen.add(config.data())) {
                try {
                    Tasks.checkData(config);
                } catch (UserException e) {
                    throw new UserException(spec.file() + ": " + e.getMessage());
                }
            }
        }
    }

    /** Cores for each of {@code parallel} trials, capped by {@code OMP_NUM_THREADS} when it is set. */
    static int threadsPerTrial(int parallel) {
        int share = Math.max(1, Runtime.getRuntime().availableProcessors() / parallel);
        String omp = System.getenv("OMP_NUM_THREADS");
        try {
            return omp == null ? share : Math.max(1, Math.min(share, Integer.parseInt(omp.strip())));
        } catch (NumberFormatException e) {
            return share;
        }
    }

    private Result execute() {
        for (int trial = 1; trial <= spec.trials(); trial++) {
            finishedEarlier(trial).ifPresent(r -> records.put(r.trial(), r));
        }
        console.printf(Locale.ROOT, "sweep: %s search over %s: %d trials, objective %s (%s is better); %d at a time, "
                        + "%d thread%s each; into %s%n", spec.search(), String.join(", ", spec.keys()), spec.trials(),
                objective.metric(), objective.minimize() ? "lower" : "higher", parallel, threads,
                threads == 1 ? "" : "s", dir.root());
        if (!records.isEmpty()) {
            console.printf("sweep: resuming: %d of %d trials finished earlier and are kept%n", records.size(),
                    spec.trials());
        }
        if (spec.search().equals(SweepSpec.RANDOM) && spec.space().values().stream()
                .allMatch(d -> d instanceof SweepSpec.Values)) {
            long combinations = spec.space().values().stream().mapToLong(d -> d.gridValues().size())
                    .reduce(1, (a, b) -> a * b);
            if (spec.trials() > combinations) {
                console.printf("sweep: note: %d random draws from %d combinations repeat some of them; "
                        + "search: grid tries each once%n", spec.trials(), combinations);
            }
        }
        console.flush();
        synchronized (this) {
            writeResults();
        }

        TrialSpace space = new TrialSpace(spec);
        CandidateGenerator generator = spec.search().equals(SweepSpec.GRID)
                ? new GridSearchCandidateGenerator(space, 1, GridSearchCandidateGenerator.Mode.Sequential, null)
                : new RandomSearchGenerator(space, null);
        // Exactly spec.trials() candidates: a MaxCandidatesCondition above what the generator yields never ends
        // the runner, and the runner queues candidates beyond the condition while the last ones run.
        OptimizationConfiguration config = new OptimizationConfiguration.Builder()
                .candidateGenerator(new Bounded(generator, spec.trials()))
                .scoreFunction(new ObjectiveScore(objective.minimize()))
                .terminationConditions(new MaxCandidatesCondition(spec.trials()))
                .rngSeed(spec.seed())
                .build();
        LocalOptimizationRunner runner = new LocalOptimizationRunner(parallel, config, new TrialCreator());
        runner.execute();
        plots.close(); // the plots of the final results, before the summary
        if (mismatch != null) {
            throw new IllegalStateException(mismatch);
        }

        List<TrialRecord> all;
        synchronized (this) {
            all = List.copyOf(records.values());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        TrialRecord best = SweepReport.best(all, objective).orElse(null);
        report(all, best, seconds);
        return new Result(dir.root(), all, best, best == null ? null : dir.trialDir(best.trial()), ranNow.size(), seconds);
    }

    private void report(List<TrialRecord> all, TrialRecord best, double seconds) {
        Map<String, Long> counts = all.stream().collect(Collectors.groupingBy(TrialRecord::status, LinkedHashMap::new,
                Collectors.counting()));
        console.printf(Locale.ROOT, "sweep: %d of %d trials finished in %s (%s); %d ran now%n", all.size(),
                spec.trials(), duration(seconds), counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", ")), ranNow.size());
        List<TrialRecord> timed = ranNow.stream().filter(r -> r.succeeded() && Double.isFinite(r.runSeconds())).toList();
        double train = timed.stream().mapToDouble(TrialRecord::trainSeconds).sum();
        if (train > 0) {
            double run = timed.stream().mapToDouble(TrialRecord::runSeconds).sum();
            double wall = timed.stream().mapToDouble(TrialRecord::wallSeconds).sum();
            console.printf(Locale.ROOT, "sweep: overhead %.1f s per trial (process and JVM start, native libraries, "
                            + "bookkeeping) = %.1f %% of training time; trials ran %.0f s, %.0f s of it in training "
                            + "steps%n", (wall - run) / timed.size(), 100 * (wall - run) / train, run, train);
        }
        if (best != null) {
            console.printf(Locale.ROOT, "best: trial %s  %s %.4f  %s%n", dir.name(best.trial()), objective.metric(),
                    best.objective(), values(best.values()));
        }
        console.printf("results: %s, %s, %s/%n", dir.path(SweepDirectory.RESULTS_MD), dir.path(SweepDirectory.RESULTS_CSV),
                dir.path(SweepDirectory.PLOTS));
        if (best != null) {
            console.printf("best model: %s (eval and generate accept %s itself)%n", dir.trialDir(best.trial()),
                    dir.root());
        }
        console.flush();
    }

    /** A trial recorded by an earlier run of this sweep, or empty when it must (again) run. */
    private Optional<TrialRecord> finishedEarlier(int trial) {
        Optional<TrialRecord> record = dir.record(trial);
        return retryFailed && record.isPresent() && !record.get().succeeded() ? Optional.empty() : record;
    }

    private TrialRecord fromSummary(int trial, Map<String, JsonNode> values, JsonNode summary, double wall) {
        String status = summary.path("status").asText(TrialRecord.COMPLETE);
        JsonNode value = summary.path("objective").path("value");
        return new TrialRecord(trial, values, status.equals(TrialRecord.PRUNED) ? TrialRecord.PRUNED
                : TrialRecord.COMPLETE, value.isNumber() ? value.asDouble() : null, summary.path("epochs").asInt(),
                summary.path("bestEpoch").asInt(), summary.path("trainSeconds").asDouble(),
                summary.path("runSeconds").asDouble(Double.NaN), wall,
                summary.path("stopReason").asText(null));
    }

    /**
     * Runs one trial to its end and returns its record, or {@code null} when it was interrupted (the sweep is
     * stopping). Never throws: a failure is a failed record.
     */
    private TrialRecord runTrial(int trial, Map<String, String> json, Map<String, JsonNode> values) {
        // an interrupted trial with a checkpoint continues from it, as train --resume does; anything else starts over
        boolean resume = dev.seq4j.train.Checkpoint.latestEpoch(dir.trialDir(trial)) >= 1
                && dir.configDifference(trial, values).isEmpty();
        if (!resume) {
            dir.clear(trial);
        }
        try {
            spec.trialConfig(values);
        } catch (UserException e) {
            return failed(trial, values, 0, "bad combination: " + e.getMessage());
        }
        synchronized (this) {
            console.printf(Locale.ROOT, "[%s] trial %s/%d %s  %s%n", clock(), dir.name(trial), spec.trials(),
                    resume ? "resume" : "start", values(values));
            console.flush();
        }
        long t0 = System.nanoTime();
        double budget = spec.trialConfig(values).train().maxMinutes();
        long limit = budget > 0 ? (long) (budget * 60 * 1.5) + 600 : 0;
        TrialProcess.Exit exit = launcher != null ? launched(trial, resume, json)
                : TrialProcess.run(dir.path(SweepDirectory.BASE), dir.trialDir(trial), resume,
                        spec.prune() == null ? null : dir.path(SweepDirectory.PRUNING), json, threads, cpus, parallel,
                        limit, dir.log(trial));
        double wall = (System.nanoTime() - t0) / 1e9;
        Optional<JsonNode> summary = dir.summary(trial);
        if (summary.isPresent()) { // written last: the run finished, whatever happened to the process after it
            return fromSummary(trial, values, summary.get(), wall);
        }
        if (exit.interrupted() || TrialProcess.stopping()) {
            return null; // not finished: the next run of the sweep runs it again
        }
        return failed(trial, values, wall, exit.code() == 0 ? "finished without " + RunDirectory.SUMMARY
                : exit.error() + " (log: " + dir.log(trial) + ")");
    }

    /** A trial through the {@link TrialLauncher}: the same train command line as a child JVM's, paths absolute. */
    private TrialProcess.Exit launched(int trial, boolean resume, Map<String, String> json) {
        Path out = dir.trialDir(trial).toAbsolutePath();
        Path pruning = spec.prune() == null ? null : dir.path(SweepDirectory.PRUNING).toAbsolutePath();
        java.util.List<String> args = new ArrayList<>(resume ? TrialProcess.resumeArguments(out, pruning)
                : TrialProcess.arguments(dir.path(SweepDirectory.BASE).toAbsolutePath(), out, pruning, json));
        args.remove("--exit-with-parent"); // the trial runs inside Spark's executor, not as our child
        int code = launcher.launch(args, dir.log(trial).toAbsolutePath());
        return new TrialProcess.Exit(code, code == 0 ? null : TrialProcess.reason(code, dir.log(trial)));
    }

    private TrialRecord failed(int trial, Map<String, JsonNode> values, double wall, String reason) {
        Path metrics = dir.trialDir(trial).resolve(RunDirectory.METRICS);
        int epochs = MedianRule.bestSoFar(metrics, objective).length;
        return new TrialRecord(trial, values, TrialRecord.FAILED, null, epochs, 0, 0, Double.NaN, wall, reason);
    }

    /** Records a finished trial, rewrites the results and prints progress. */
    private synchronized void finished(TrialRecord record) {
        if (TrialProcess.stopping() && !record.succeeded()) {
            return; // failed while the sweep was being stopped: most likely stopped with it, so run it again
        }
        records.put(record.trial(), record);
        ranNow.add(record);
        dir.writeRecord(record);
        writeResults();
        TrialRecord best = SweepReport.best(List.copyOf(records.values()), objective).orElse(null);
        String outcome = switch (record.status()) {
            case TrialRecord.FAILED -> "failed: " + record.reason();
            case TrialRecord.PRUNED -> String.format(Locale.ROOT, "pruned at epoch %d: best %s %.4f", record.epochs(),
                    objective.metric(), record.objective());
            default -> String.format(Locale.ROOT, "%s %.4f in %d epoch%s", objective.metric(), record.objective(),
                    record.epochs(), record.epochs() == 1 ? "" : "s");
        };
        console.printf(Locale.ROOT, "[%s] trial %s/%d %s, %s%n", clock(), dir.name(record.trial()), spec.trials(),
                outcome, duration(record.wallSeconds()));
        int left = spec.trials() - records.size();
        double mean = ranNow.stream().mapToDouble(TrialRecord::wallSeconds).average().orElse(0);
        console.printf(Locale.ROOT, "           %d/%d finished%s%s%n", records.size(), spec.trials(),
                best == null ? "" : String.format(Locale.ROOT, ", best %s %.4f (trial %s)", objective.metric(),
                        best.objective(), dir.name(best.trial())),
                left == 0 ? "" : ", ETA " + duration(Math.ceil(left / (double) parallel) * mean));
        console.flush();
    }

    /** Rewrites the tables now and has the plots redrawn outside the lock (see {@link SweepPlots}). */
    private void writeResults() {
        List<TrialRecord> all = List.copyOf(records.values());
        SweepReport.write(dir, spec, objective, all);
        plots.update(all);
        if (spec.prune() != null) {
            MedianRule.write(dir, spec.prune(), objective, all.stream()
                    .filter(r -> r.status().equals(TrialRecord.COMPLETE))
                    .map(r -> dir.trialDir(r.trial())).toList());
        }
    }

    private String clock() {
        return duration((System.nanoTime() - start) / 1e9);
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    private static String values(Map<String, JsonNode> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + SweepReport.text(e.getValue()))
                .collect(Collectors.joining(" "));
    }

    /** Arbiter's task for one candidate: the trial, or its earlier record when it finished before. */
    private final class TrialCreator implements TaskCreator {
        @Override
        public Callable<OptimizationResult> create(Candidate candidate, DataProvider dataProvider,
                                                   ScoreFunction scoreFunction, List<StatusListener> statusListeners,
                                                   IOptimizationRunner runner) {
            return () -> trial(candidate);
        }

        @Override
        public Callable<OptimizationResult> create(Candidate candidate, Class<? extends DataSource> dataSource,
                                                   Properties dataSourceProperties, ScoreFunction scoreFunction,
                                                   List<StatusListener> statusListeners, IOptimizationRunner runner) {
            return () -> trial(candidate);
        }

        @SuppressWarnings("unchecked")
        private OptimizationResult trial(Candidate candidate) {
            long started = System.currentTimeMillis();
            int trial = candidate.getIndex() + 1;
            Map<String, String> json = (Map<String, String>) candidate.getValue();
            Map<String, JsonNode> values = new LinkedHashMap<>();
            json.forEach((k, v) -> values.put(k, TrialSpace.parse(v)));
            TrialRecord record;
            synchronized (Sweep.this) {
                record = records.get(trial);
            }
            if (record != null && SweepDirectory.difference("", valueTree(record.values()), valueTree(values)) != null) {
                mismatch = "trial " + trial + " was recorded with " + record.values() + " but Arbiter generated "
                        + values + "; " + dir.root() + " no longer matches its sweep.yaml";
                record = null;
            } else if (record == null && dir.summary(trial).isPresent()) {
                // Killed after the trial wrote summary.json but before the sweep recorded it: it still finished.
                Optional<String> differs = dir.configDifference(trial, values);
                if (differs.isPresent()) {
                    mismatch = dir.trialDir(trial) + " was trained with other values (" + differs.get() + ")";
                } else {
                    record = fromSummary(trial, values, dir.summary(trial).get(), Double.NaN);
                    synchronized (Sweep.this) {
                        records.put(trial, record);
                        dir.writeRecord(record);
                        writeResults();
                    }
                }
            } else if (record == null) {
                try {
                    record = runTrial(trial, json, values);
                } catch (RuntimeException e) {
                    record = failed(trial, values, (System.currentTimeMillis() - started) / 1e3, e.toString());
                }
                if (record != null) {
                    finished(record);
                }
            }
            if (record == null) {
                CandidateInfo info = new CandidateInfo(candidate.getIndex(), CandidateStatus.Failed, null, started,
                        started, System.currentTimeMillis(), candidate.getFlatParameters(), "interrupted");
                return new OptimizationResult(candidate, null, candidate.getIndex(), null, info, null);
            }
            CandidateStatus status = record.succeeded() ? CandidateStatus.Complete : CandidateStatus.Failed;
            CandidateInfo info = new CandidateInfo(candidate.getIndex(), status, record.objective(), started, started,
                    System.currentTimeMillis(), candidate.getFlatParameters(), record.succeeded() ? null : record.reason());
            return new OptimizationResult(candidate, record.objective(), candidate.getIndex(), null, info, null);
        }
    }

    private static JsonNode valueTree(Map<String, JsonNode> values) {
        return dev.seq4j.config.ConfigLoader.JSON.valueToTree(values);
    }

    /** Arbiter's view of the objective: the trials compute it, Arbiter only needs its direction. */
    private record ObjectiveScore(boolean minimize) implements ScoreFunction {
        @Override
        public double score(Object model, DataProvider dataProvider, Map<String, Object> dataParameters) {
            throw new UnsupportedOperationException("trials report their own objective");
        }

        @Override
        public double score(Object model, Class<? extends DataSource> dataSource, Properties dataSourceProperties) {
            throw new UnsupportedOperationException("trials report their own objective");
        }

        @Override
        public List<Class<?>> getSupportedModelTypes() {
            return List.of(Object.class);
        }

        @Override
        public List<Class<?>> getSupportedDataTypes() {
            return List.of(Object.class);
        }
    }

    /** A generator that yields at most {@code limit} candidates (Arbiter's random search never runs out). */
    private static final class Bounded implements CandidateGenerator {
        private final CandidateGenerator inner;
        private final int limit;
        private int given;

        Bounded(CandidateGenerator inner, int limit) {
            this.inner = inner;
            this.limit = limit;
        }

        @Override
        public boolean hasMoreCandidates() {
            return given < limit && inner.hasMoreCandidates();
        }

        @Override
        public Candidate getCandidate() {
            given++;
            return inner.getCandidate();
        }

        @Override
        public void reportResults(OptimizationResult result) {
            inner.reportResults(result);
        }

        @Override
        public ParameterSpace<?> getParameterSpace() {
            return inner.getParameterSpace();
        }

        @Override
        public void setRngSeed(long rngSeed) {
            inner.setRngSeed(rngSeed);
        }

        @Override
        public Class<?> getCandidateType() {
            return inner.getCandidateType();
        }
    }
}
