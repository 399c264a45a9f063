package dev.seq4j.sweep;

import dev.seq4j.run.Charts;
import dev.seq4j.train.Objective;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Draws a sweep's plots ({@code plots/KEY.png}) on a thread of its own, from the latest results. Trials report
 * their results under the sweep's lock; drawing there once let one plot that never finished (XChart's tick loop, see
 * {@link Charts}) stop every trial. Here a trial only hands over the records and goes on: results that arrive while
 * plots are drawn replace each other, so the plots follow the latest results without a queue. A plot that cannot be
 * drawn in {@link Charts#limitSeconds()} keeps its previous file, is reported once as a warning, and is not tried
 * again in this process.
 */
final class SweepPlots implements AutoCloseable {
    private final SweepDirectory dir;
    private final SweepSpec spec;
    private final Objective objective;
    private final PrintWriter console;
    private final Plotter plotter;
    private final ExecutorService drawer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "seq4j-sweep-plots");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<List<TrialRecord>> latest = new AtomicReference<>();
    private final Set<String> givenUp = new HashSet<>(); // only the drawer thread uses it

    /** Draws the plot of one key; {@link SweepReport#plot} but in tests. */
    @FunctionalInterface
    interface Plotter {
        byte[] plot(SweepSpec spec, String key, Objective objective, List<TrialRecord> records);
    }

    SweepPlots(SweepDirectory dir, SweepSpec spec, Objective objective, PrintWriter console) {
        this(dir, spec, objective, console, SweepReport::plot);
    }

    SweepPlots(SweepDirectory dir, SweepSpec spec, Objective objective, PrintWriter console, Plotter plotter) {
        this.dir = dir;
        this.spec = spec;
        this.objective = objective;
        this.console = console;
        this.plotter = plotter;
    }

    /** Has the plots redrawn from {@code records}; returns at once. */
    void update(List<TrialRecord> records) {
        if (drawer.isShutdown()) {
            return; // after the sweep: its last plots are drawn
        }
        if (latest.getAndSet(List.copyOf(records)) == null) {
            try {
                drawer.execute(this::drawLatest);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed meanwhile
            }
        }
    }

    private void drawLatest() {
        List<TrialRecord> records = latest.getAndSet(null);
        if (records == null) {
            return;
        }
        for (String key : spec.keys()) {
            if (givenUp.contains(key)) {
                continue;
            }
            String name = SweepDirectory.PLOTS + "/" + key + ".png";
            try {
                dir.writeBytes(name, plotter.plot(spec, key, objective, records));
            } catch (RuntimeException e) { // Charts.PlotException, a write that failed, or anything XChart throws
                givenUp.add(key);
                String why = e instanceof Charts.PlotException || e instanceof java.io.UncheckedIOException
                        ? e.getMessage() : e.getClass().getSimpleName() + ": " + dev.seq4j.UserException.firstLine(e);
                console.println("sweep: warning: " + dir.path(name) + " not drawn: " + why
                        + "; the results tables are complete, and this plot is not tried again in this run");
                console.flush();
            }
        }
    }

    /** Waits until the plots of the latest results are drawn (each plot is bounded by its time limit). */
    @Override
    public void close() {
        drawer.shutdown();
        try {
            double bound = (spec.keys().size() + 1) * 2 * Charts.limitSeconds();
            drawer.awaitTermination((long) bound, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
