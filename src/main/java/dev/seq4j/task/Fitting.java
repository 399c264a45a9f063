package dev.seq4j.task;

import dev.seq4j.config.RunConfig;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.train.Launch;
import dev.seq4j.train.Trainer;

import java.io.PrintStream;
import java.io.PrintWriter;

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
}
