package dev.seq4j.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.seq4j.UserException;
import dev.seq4j.config.TrainSpec;
import dev.seq4j.run.ModelFile;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.run.RunFiles;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checkpoints: everything {@code train --resume} needs to continue as if never stopped. Each is a directory
 * {@code checkpoints/epoch-NNNN/} after epoch NNNN, or {@code epoch-NNNN-batch-BBBBBB/} after BBBBBB minibatches of
 * epoch NNNN ({@code train.checkpointEvery}), holding
 * <pre>
 * model.zip     the plain (not averaged) weights with the updater state ({@link ModelFile})
 * average.bin   the weight average, when {@code train.ema} is on (ND4J's binary array format)
 * best.zip      the best model so far, the same file as the run's model.zip (a hard link where possible)
 * state.json    the {@link TrainingState} as it is: epoch, metrics so far, best epoch and objective, iteration and
 *               epoch counts (the learning-rate schedule's position), iterator resets (the data order's position),
 *               learning-rate scale, inputs; a mid-epoch one also where its epoch stands (TrainingState.Partial)
 * </pre>
 * It is written as {@code .epoch-NNNN.tmp/}, every file synced, then renamed into place in one step; only then are
 * older checkpoints deleted. A kill or a full disk at any point leaves the previous checkpoint complete.
 */
public final class Checkpoint {
    static final String MODEL = "model.zip";
    static final String AVERAGE = "average.bin";
    static final String BEST = "best.zip";
    static final String STATE = "state.json";
    /** {@code epoch-NNNN} after epoch NNNN; {@code epoch-NNNN-batch-BBBBBB} after BBBBBB minibatches of epoch NNNN. */
    private static final Pattern NAME = Pattern.compile("epoch-(\\d{4,})(?:-batch-(\\d{6,}))?");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Checkpoint() {
    }

    /** A checkpoint read back: its state (the weight average in it) and its {@code model.zip}. */
    record Loaded(Path dir, TrainingState state, ModelFile.Contents model) {
        /** The weight average, or {@code null} when the run had none. */
        INDArray average() {
            return state.average;
        }
    }

    /**
     * Which checkpoints a run keeps ({@code train.keepCheckpoints}, {@code train.keepBest}): its {@code latest} newest
     * ones (the one just written among them) and those of its {@code best} best epochs by the {@code objective}.
     */
    record Keep(int latest, int best, Objective objective) {
        /** The latest checkpoint only. */
        static final Keep LATEST = new Keep(1, 0, null);
    }

    /** Opens files for writing; tests substitute one that fails part-way, as a full disk does. */
    @FunctionalInterface
    interface Opener {
        OutputStream open(Path file) throws IOException;
    }

    static final Opener FILES = Files::newOutputStream;

    /**
     * The epoch of the latest complete checkpoint of the run in {@code run}, or -1 when it has none (epoch 0 is the
     * checkpoint of the untrained network).
     */
    public static int latestEpoch(Path run) {
        Path latest = latest(run.resolve(RunDirectory.CHECKPOINTS));
        return latest == null ? -1 : epochOf(latest);
    }

    /**
     * Minibatches into its epoch of the latest checkpoint of the run in {@code run}: 0 for an end-of-epoch one (or
     * none), {@code train.checkpointEvery}'s multiples for a mid-epoch one.
     */
    public static int latestBatch(Path run) {
        Path latest = latest(run.resolve(RunDirectory.CHECKPOINTS));
        return latest == null ? 0 : batchOf(latest);
    }

    static String name(int epoch) {
        return String.format(java.util.Locale.ROOT, "epoch-%04d", epoch);
    }

    /** The name of the checkpoint of {@code state}: after its epoch, or inside the next one. */
    static String name(TrainingState state) {
        return state.partial == null ? name(state.epoch)
                : String.format(java.util.Locale.ROOT, "%s-batch-%06d", name(state.epoch + 1), state.partial.batches());
    }

    /** The complete checkpoint of the latest epoch in {@code checkpoints}, or {@code null} when there is none. */
    static Path latest(Path checkpoints) {
        if (!Files.isDirectory(checkpoints)) {
            return null;
        }
        try (Stream<Path> entries = Files.list(checkpoints)) {
            return entries.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve(STATE)))
                    .max(java.util.Comparator.comparingLong(Checkpoint::order)).orElse(null);
        } catch (IOException e) {
            throw new UserException(checkpoints + ": cannot list (" + e.getMessage() + ")");
        }
    }

    /** The epochs a checkpoint had completed (a mid-epoch one: those before its epoch), or -1 for another name. */
    private static int epochOf(Path dir) {
        Matcher m = NAME.matcher(dir.getFileName().toString());
        return !m.matches() ? -1 : Integer.parseInt(m.group(1)) - (m.group(2) == null ? 0 : 1);
    }

    /** Minibatches into the epoch after {@link #epochOf}: 0 for an end-of-epoch checkpoint. */
    private static int batchOf(Path dir) {
        Matcher m = NAME.matcher(dir.getFileName().toString());
        return m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 0;
    }

    /** A checkpoint's place in training, to order checkpoints by. */
    private static long order(Path dir) {
        return ((long) epochOf(dir) << 32) + batchOf(dir);
    }

    /**
     * Writes the checkpoint of {@code state.epoch} into {@code checkpoints} and then deletes the older ones that
     * {@code keep} does not keep.
     *
     * @param bestModel the run's best model file, or {@code null} when there is none yet
     */
    static Path write(Path checkpoints, TrainingState state, ComputationGraph net, Path bestModel, Opener opener,
                      Keep keep) throws IOException {
        String name = name(state);
        Path tmp = checkpoints.resolve("." + name + ".tmp");
        Path done = checkpoints.resolve(name);
        try {
            RunDirectory.deleteQuietly(tmp);
            Files.createDirectories(tmp);
            try (OutputStream out = opener.open(tmp.resolve(MODEL))) {
                ModelFile.write(net, out, true, state.inputs);
            }
            if (state.average != null) {
                try (DataOutputStream out = new DataOutputStream(opener.open(tmp.resolve(AVERAGE)))) {
                    Nd4j.write(state.average, out);
                }
            }
            if (bestModel != null && Files.isRegularFile(bestModel)) {
                try {
                    Files.createLink(tmp.resolve(BEST), bestModel);
                } catch (IOException | UnsupportedOperationException e) {
                    try (OutputStream out = opener.open(tmp.resolve(BEST))) {
                        Files.copy(bestModel, out);
                    }
                }
            }
            try (OutputStream out = opener.open(tmp.resolve(STATE))) {
                out.write(JSON.writeValueAsBytes(state));
            }
            try (Stream<Path> files = Files.list(tmp)) {
                for (Path f : files.toList()) {
                    RunDirectory.sync(f);
                }
            }
            RunDirectory.syncDirectory(tmp);
            RunDirectory.deleteQuietly(done); // a directory of this name is left only by a failed earlier attempt
            Files.move(tmp, done, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            RunDirectory.syncDirectory(checkpoints);
        } catch (IOException | RuntimeException e) {
            RunDirectory.deleteQuietly(tmp);
            throw e;
        }
        prune(checkpoints, state, keep);
        return done;
    }

    /**
     * Deletes the checkpoints older than {@code state}'s (end-of-epoch and mid-epoch ones, in training order) that
     * {@code keep} does not keep, and stray temporaries in {@code checkpoints}: after a new one is in place, and when a
     * run resumes from {@code state} (a kill between that checkpoint's rename and this deletion leaves an older one, and
     * a run resumed after its last epoch writes no further checkpoint). A best epoch is ranked by its validation
     * metrics in {@code state}'s history.
     */
    static void prune(Path checkpoints, TrainingState state, Keep keep) throws IOException {
        Path current = checkpoints.resolve(name(state));
        List<Path> older = new ArrayList<>();
        try (Stream<Path> entries = Files.list(checkpoints)) {
            for (Path p : entries.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".") && n.endsWith(".tmp")) {
                    RunDirectory.deleteQuietly(p);
                } else if (NAME.matcher(n).matches() && order(p) < order(current)) {
                    older.add(p);
                }
            }
        }
        older.sort(java.util.Comparator.comparingLong(Checkpoint::order).reversed());
        java.util.Set<Path> kept = new java.util.HashSet<>(older.subList(0, Math.min(older.size(), keep.latest() - 1)));
        if (keep.best() > 0) {
            java.util.Map<Integer, java.util.Map<String, Double>> valid = new java.util.HashMap<>();
            state.history.forEach(log -> valid.put(log.epoch(), log.valid()));
            Objective o = keep.objective();
            java.util.function.ToDoubleFunction<Integer> score = e -> {     // lower is better; not finite is worst
                double v = valid.get(e).getOrDefault(o.metric(), Double.NaN);
                return Double.isFinite(v) ? (o.minimize() ? v : -v) : Double.POSITIVE_INFINITY;
            };
            java.util.function.ToDoubleFunction<Integer> tie = e -> o.tieBreak() == null ? 0
                    : valid.get(e).getOrDefault(o.tieBreak(), Double.POSITIVE_INFINITY);
            List<Integer> ranked = new ArrayList<>(valid.keySet());
            ranked.sort(java.util.Comparator.comparingDouble(score).thenComparingDouble(tie)
                    .thenComparing(java.util.Comparator.naturalOrder()));
            // the best epochs of the whole run, the latest among them included; the end-of-epoch checkpoints of those
            // older than it are kept (a mid-epoch one has no validation to rank it by)
            java.util.Set<Integer> best = new java.util.HashSet<>(ranked.subList(0, Math.min(ranked.size(), keep.best())));
            older.stream().filter(p -> batchOf(p) == 0 && best.contains(epochOf(p))).forEach(kept::add);
        }
        for (Path p : older) {
            if (!kept.contains(p)) {
                RunDirectory.deleteQuietly(p);
            }
        }
    }

    /**
     * Reads the latest checkpoint of the run in {@code run} and of each run nested in it (ensemble members), so that a
     * damaged or crafted one stops {@code train --resume} with one line before any data is read; a run without
     * checkpoints passes.
     */
    public static void checkLatest(Path run) {
        latestStates(run);
    }

    /** The states of the latest checkpoints of the run and of its ensemble members, each read as a resume reads it. */
    private static List<TrainingState> latestStates(Path run) {
        List<TrainingState> states = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(run, 4)) { // RUN/checkpoints, RUN/members/N/checkpoints; links not followed
            for (Path dir : dirs.filter(d -> d.getFileName().toString().equals(RunDirectory.CHECKPOINTS)
                    && Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                Path latest = latest(dir);
                if (latest != null) {
                    states.add(read(latest).state());
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UserException(run + ": cannot list its checkpoints (" + UserException.firstLine(e) + ")");
        }
        return states;
    }

    /**
     * Why the run in {@code run}, resumed with {@code train}, would train no further epoch (the limits the
     * {@link Trainer} stops at, checked against its latest checkpoints and its members'), naming the key that holds
     * it; empty when it would go on. For {@code train --resume RUN --set ...}, which must give it more.
     */
    public static Optional<String> reachedLimit(Path run, TrainSpec train) {
        for (TrainingState s : latestStates(run)) {
            if (s.epoch >= train.epochs()) {
                return Optional.of("train.epochs=" + train.epochs() + ": the run has trained " + s.epoch + " epoch"
                        + (s.epoch == 1 ? "" : "s") + " already; give more to extend it");
            }
            if (Trainer.outOfPatience(train, s.epoch, s.bestEpoch)) {
                return Optional.of("train.patience=" + train.patience() + ": the run's last " + (s.epoch - s.bestEpoch)
                        + " epochs did not improve on its best (epoch " + s.bestEpoch + "); give a patience above "
                        + (s.epoch - s.bestEpoch) + " to extend it");
            }
            if (train.maxMinutes() > 0 && s.wallSeconds >= train.maxMinutes() * 60) {
                return Optional.of(String.format(java.util.Locale.ROOT, "train.maxMinutes=%s: the run has trained for "
                                + "%.1f minutes, and the budget counts them all; give more to extend it",
                        java.math.BigDecimal.valueOf(train.maxMinutes()).stripTrailingZeros().toPlainString(),
                        s.wallSeconds / 60));
            }
        }
        return Optional.empty();
    }

    /** The run directory of a checkpoint directory ({@code RUN/checkpoints/epoch-NNNN}). */
    static Path run(Path checkpoint) {
        return checkpoint.toAbsolutePath().getParent().getParent();
    }

    /** Reads a checkpoint directory; a damaged one is a {@link UserException} naming the file. */
    static Loaded read(Path dir) {
        TrainingState state;
        try {
            // a run directory may come from elsewhere: its checkpoint files must be bounded, strict and inside it
            Path file = RunFiles.inside(run(dir), dir.resolve(STATE));
            state = JSON.treeToValue(RunFiles.json(file), TrainingState.class);
        } catch (IOException e) {
            throw new UserException(dir.resolve(STATE) + ": cannot read the checkpoint's state ("
                    + UserException.firstLine(e) + ")");
        }
        if (state.format != TrainingState.FORMAT) {
            throw new UserException(dir.resolve(STATE) + ": checkpoint format " + state.format + " is not one this "
                    + "version of seq4j reads");
        }
        ModelFile.Contents model = ModelFile.read(RunFiles.inside(run(dir), dir.resolve(MODEL)));
        if (Files.exists(dir.resolve(AVERAGE), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            state.average = dev.seq4j.run.ArrayFile.read(RunFiles.inside(run(dir), dir.resolve(AVERAGE)), model.shape().params(), model.shape().params());
        }
        if (Files.exists(dir.resolve(BEST), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            RunFiles.inside(run(dir), dir.resolve(BEST)); // resume copies it into place as the run's model.zip
        }
        return new Loaded(dir, state, model);
    }
}
