package dev.seq4j.api;

import java.util.List;

/**
 * A forecast: each target's values at the steps after a table's end.
 *
 * @param targets the target columns
 * @param times   the forecast steps' times, continuing the table's timeline
 * @param values  {@code [target][step]}
 */
public record Forecast(List<String> targets, List<String> times, double[][] values) {
    /**
     * Copies the lists.
     *
     * @param targets the target columns
     * @param times   the steps' times
     * @param values  {@code [target][step]}
     */
    public Forecast {
        targets = List.copyOf(targets);
        times = List.copyOf(times);
    }

    /**
     * How many steps were forecast.
     *
     * @return the number of steps
     */
    public int steps() {
        return times.size();
    }

    /**
     * One target's forecast.
     *
     * @param target a target column
     * @return a copy of its values, one per step
     */
    public double[] values(String target) {
        int c = targets.indexOf(target);
        if (c < 0) {
            throw new IllegalArgumentException("no target '" + target + "' in " + targets);
        }
        return values[c].clone();
    }
}
