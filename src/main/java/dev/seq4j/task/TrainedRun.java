package dev.seq4j.task;

import dev.seq4j.run.RunDirectory;

import dev.seq4j.result.Summary;

/**
 * What {@link Tasks#train} made: the finished run directory, its summary (as written to {@code summary.json}) and,
 * for a char LM, a generated sample (empty otherwise).
 */
public record TrainedRun(RunDirectory run, Summary summary, String sample) {
}
