package dev.seq4j.api;

import dev.seq4j.data.forecast.TimeTable;
import dev.seq4j.run.ForecastPlot;

import java.util.Arrays;
import java.util.List;

/**
 * A forecast: each target's values at the steps after a table's end, and, when the run has them, a prediction
 * interval around each.
 *
 * @param targets the target columns
 * @param times   the forecast steps' times, continuing the table's timeline
 * @param values  {@code [target][step]}
 * @param lower   the intervals' lower ends {@code [target][step]}, or {@code null} when the run has no intervals
 * @param upper   their upper ends, or {@code null}
 * @param level   the share of values the intervals are made to cover (0.9), or 0 without intervals
 */
public record Forecast(List<String> targets, List<String> times, double[][] values, double[][] lower,
                       double[][] upper, double level) {
    /**
     * Copies the lists.
     *
     * @param targets the target columns
     * @param times   the steps' times
     * @param values  {@code [target][step]}
     * @param lower   lower ends, or {@code null}
     * @param upper   upper ends, or {@code null}
     * @param level   the intervals' level, or 0
     */
    public Forecast {
        targets = List.copyOf(targets);
        times = List.copyOf(times);
        if ((lower == null) != (upper == null)) {
            throw new IllegalArgumentException("an interval needs both ends");
        }
    }

    /**
     * A forecast without intervals.
     *
     * @param targets the target columns
     * @param times   the steps' times
     * @param values  {@code [target][step]}
     */
    public Forecast(List<String> targets, List<String> times, double[][] values) {
        this(targets, times, values, null, null, 0);
    }

    /**
     * Whether the forecast has prediction intervals.
     *
     * @return true when {@link #lower()} and {@link #upper()} are there
     */
    public boolean hasIntervals() {
        return lower != null;
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

    /**
     * Draws the forecast as {@code seq4j forecast --plot} does: each target's last steps before {@code origin}, the
     * forecast from {@code origin} on and, when {@code table} goes on past {@code origin} (a held-out part), the values
     * that came true.
     *
     * @param title  the chart's title
     * @param table  a table with the forecast's targets as its first columns, e.g. the one the forecast was made from
     * @param origin the step of {@code table} where the forecast starts: {@code table.length()} for a forecast past
     *               its end, or the length of the {@code table.head(origin)} it was made from, when the table holds
     *               all the forecast's steps after it
     * @return the chart as a PNG image
     * @throws IllegalArgumentException when the table lacks the targets, or ends inside the forecast
     * @throws RuntimeException         with a one-line message when the chart cannot be drawn in time
     */
    public byte[] png(String title, TimeTable table, int origin) {
        double[][] history = new double[targets.size()][];
        double[][] actual = actual(table, origin);
        for (int c = 0; c < targets.size(); c++) {
            history[c] = Arrays.copyOf(table.column(c), origin);
        }
        return ForecastPlot.png(title, targets, history, values, actual, origin, lower, upper, level);
    }

    /**
     * Draws a phase portrait, one target against another (for the Lorenz system, x against z): the last
     * {@link #steps()} steps before {@code origin}, the forecast and, when {@code table} goes on past {@code origin},
     * the values that came true. A chaotic system's forecast soon leaves the true path; whether it keeps the
     * attractor's shape shows at a glance.
     *
     * @param title  the chart's title
     * @param x      the target along the horizontal axis
     * @param y      the target along the vertical axis
     * @param table  a table with the forecast's targets as its first columns
     * @param origin the step of {@code table} where the forecast starts, as in {@link #png}
     * @return the chart as a PNG image
     * @throws IllegalArgumentException when {@code x} or {@code y} is not a target, the table lacks the targets, or
     *                                  it ends inside the forecast
     * @throws RuntimeException         with a one-line message when the chart cannot be drawn in time
     */
    public byte[] phasePng(String title, String x, String y, TimeTable table, int origin) {
        int cx = target(x);
        int cy = target(y);
        double[][] actual = actual(table, origin);
        int from = Math.max(0, origin - steps());
        return ForecastPlot.phase(title, x, y, Arrays.copyOfRange(table.column(cx), from, origin),
                Arrays.copyOfRange(table.column(cy), from, origin), values[cx], values[cy],
                actual == null ? null : actual[cx], actual == null ? null : actual[cy]);
    }

    private int target(String name) {
        int c = targets.indexOf(name);
        if (c < 0) {
            throw new IllegalArgumentException("no target '" + name + "' in " + targets);
        }
        return c;
    }

    /** Each target's values at the forecast's steps, or {@code null} when the table ends at {@code origin}. */
    private double[][] actual(TimeTable table, int origin) {
        if (table.columns().size() < targets.size() || !table.columns().subList(0, targets.size()).equals(targets)) {
            throw new IllegalArgumentException("table: " + table.file() + " has columns " + table.columns()
                    + "; the forecast's targets " + targets + " must come first");
        }
        int after = table.length() - origin;
        if (origin < 1 || after < 0 || (after > 0 && after < steps())) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "origin: %d in a table of %d "
                    + "steps; the %d forecast steps start at its end or have all their true values after it", origin,
                    table.length(), steps()));
        }
        if (after == 0) {
            return null;
        }
        double[][] actual = new double[targets.size()][];
        for (int c = 0; c < targets.size(); c++) {
            actual[c] = Arrays.copyOfRange(table.column(c), origin, origin + steps());
        }
        return actual;
    }
}
