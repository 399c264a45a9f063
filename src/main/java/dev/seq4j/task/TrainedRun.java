package dev.seq4j.task;

import dev.seq4j.run.RunDirectory;

import java.util.Map;

/**
 * What {@link Tasks#train} made: the finished run directory, its summary (as written to {@code summary.json}) and,
 * for a char LM, a generated sample (empty otherwise).
 */
public record TrainedRun(RunDirectory run, Map<String, Object> summary, String sample) {
}
