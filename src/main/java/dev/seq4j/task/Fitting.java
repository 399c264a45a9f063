package dev.seq4j.task;

import dev.seq4j.config.RunConfig;
import dev.seq4j.model.layers.HelperThread;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.train.Launch;
import dev.seq4j.train.Trainer;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * What {@link Tasks#train} hands a {@link Training#fit}: the run being trained and how it was launched.
 *
 * @param terminal where live progress goes, or {@code null} for none
 * @param stopRule when training should stop early (a sweep's pruning), besides the config's own rules
 */
public record Fitting(RunConfig config, RunDirectory run, Launch launch, PrintWriter console, PrintStream terminal,
                      Trainer.StopRule stopRule) {
    /** A trainer of this run, seeded from the config, launched and stopped as asked; its loss reported in {@code unit}. */
    public Trainer trainer(String unit) {
        return new Trainer(config.train(), run, console, terminal, unit).seeded(config.seed()).launch(launch)
                .stopWhen(stopRule);
    }

    /**
     * Trains an ensemble's members side by side, member {@code m} (from 0) in {@code dirs.get(m)} from seed
     * {@code seed + m}: the first on this thread with this run's trainer (and its progress bar), the others on threads
     * of their own, their epoch lines prefixed with their number. {@code fit} trains member {@code m} with the trainer
     * it is given. A member that fails stops the others at their next epoch's end, and its error is thrown; in an
     * ensemble, a member that kept no epoch is a {@link dev.seq4j.RunException} naming it (a single model's is
     * {@link Tasks#train}'s to report).
     */
    public List<Trainer.Result> sideBySide(List<RunDirectory> dirs, String unit,
                                           BiFunction<Integer, Trainer, Trainer.Result> fit) {
        int n = dirs.size();
        AtomicReference<String> failed = new AtomicReference<>();
        Trainer.StopRule rule = (epoch, best) -> failed.get() != null ? failed.get() : stopRule.stopReason(epoch, best);
        IntFunction<Trainer.Result> member = m -> {
            try {
                Nd4j.getRandom().setSeed(config.seed() + m);
                Trainer trainer = m == 0 ? new Trainer(config.train(), dirs.get(0), console, terminal, unit)
                        : new Trainer(config.train(), dirs.get(m), Trainer.prefixLines(console, "member " + (m + 1)
                        + ": "), null, unit).withoutProgress();
                return fit.apply(m, trainer.seeded(config.seed() + m).launch(launch).stopWhen(rule));
            } catch (RuntimeException | Error e) {
                failed.compareAndSet(null, "stopped: member " + (m + 1) + " failed (" + e.getMessage() + ")");
                throw e;
            }
        };
        if (n == 1) {
            return List.of(member.apply(0));
        }
        List<Trainer.Result> results = trainMembers(n, member);
        for (int m = 0; m < n; m++) {
            if (results.get(m).bestEpoch() == 0) {
                throw new dev.seq4j.RunException("training member " + (m + 1) + " produced no usable model: "
                        + results.get(m).stopReason());
            }
        }
        return results;
    }

    /** The members on threads of their own (the first on this one), their results in order. */
    private static List<Trainer.Result> trainMembers(int n, IntFunction<Trainer.Result> member) {
        // side by side: the members' passes do not split their rows with the one helper thread they share
        IntFunction<Trainer.Result> sideBySide = k -> HelperThread.sideBySide(() -> member.apply(k));
        ExecutorService pool = Executors.newFixedThreadPool(n - 1, r -> {
            Thread t = new Thread(r, "ensemble-member");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Trainer.Result>> others = new ArrayList<>();
            for (int m = 1; m < n; m++) {
                int k = m;
                others.add(pool.submit(() -> sideBySide.apply(k)));
            }
            List<Trainer.Result> results = new ArrayList<>(List.of(sideBySide.apply(0)));
            for (Future<Trainer.Result> f : others) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while training", e);
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The run directories of an ensemble of {@code n}: the run itself, then {@code members/2 .. members/n} in it,
     * created empty or reopened when the run is resumed.
     */
    public static List<RunDirectory> members(RunDirectory run, int n) {
        List<RunDirectory> dirs = new ArrayList<>(List.of(run));
        for (int m = 2; m <= n; m++) {
            dirs.add(run.member(RunDirectory.memberPath(m)));
        }
        return dirs;
    }
}
