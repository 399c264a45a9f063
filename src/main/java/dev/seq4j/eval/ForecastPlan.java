package dev.seq4j.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a forecast run forecasts each of its targets with: one {@link ForecastMethod} for every target, or, where
 * {@code model.forecaster: auto} chose for each target on its own, one per target in the targets' order. Written as
 * the summary's {@code method.name}: a method ({@code ets+theta}), or the targets' methods joined by {@code |}
 * ({@code ets|network+ets+theta|seasonalNaive}).
 *
 * @param byTarget one method (for every target), or one per target
 */
public record ForecastPlan(List<ForecastMethod> byTarget) {
    /** The separator of the targets' methods in {@link #toString}'s form. */
    public static final String SEPARATOR = "|";

    public ForecastPlan {
        byTarget = List.copyOf(byTarget);
        if (byTarget.isEmpty()) {
            throw new IllegalArgumentException("not a forecast plan: no method");
        }
    }

    /** One method for every target. */
    public static ForecastPlan of(ForecastMethod method) {
        return new ForecastPlan(List.of(method));
    }

    /** Each target's method, in the targets' order; one method for all when they are all the same. */
    public static ForecastPlan of(List<ForecastMethod> byTarget) {
        return new ForecastPlan(byTarget.stream().distinct().count() == 1 ? byTarget.subList(0, 1) : byTarget);
    }

    /**
     * Reads {@link #toString}'s form; a plan of one method per target collapses to one method when they are all the
     * same.
     *
     * @throws IllegalArgumentException naming what is not a method
     */
    public static ForecastPlan parse(String text) {
        List<ForecastMethod> methods = new ArrayList<>();
        for (String part : text.split("\\" + SEPARATOR, -1)) {
            methods.add(ForecastMethod.parse(part));
        }
        return of(methods);
    }

    /** Whether it names one method per target rather than one for all. */
    public boolean perTarget() {
        return byTarget.size() > 1;
    }

    /** Target {@code c}'s method. */
    public ForecastMethod of(int c) {
        return byTarget.size() == 1 ? byTarget.get(0) : byTarget.get(c);
    }

    /** Whether any target's method needs the run's network. */
    public boolean usesNetwork() {
        return byTarget.stream().anyMatch(ForecastMethod::usesNetwork);
    }

    /** Every method any target's method averages, each once, in the order they first appear. */
    public List<String> parts() {
        Set<String> out = new LinkedHashSet<>();
        byTarget.forEach(m -> out.addAll(m.parts()));
        return List.copyOf(out);
    }

    /**
     * The forecast at one origin, {@code [targets][h]}: each target's row the mean of its method's parts' rows.
     *
     * @param part each part's forecast of every target at that origin ({@link ForecastMethod#classical} for ETS,
     *             Theta and seasonal naive)
     */
    public double[][] forecast(Function<String, double[][]> part) {
        if (!perTarget()) {
            return byTarget.get(0).forecast(part);
        }
        // each distinct method's mean once, however many targets share it
        Map<ForecastMethod, double[][]> means = new HashMap<>();
        double[][] out = new double[byTarget.size()][];
        for (int c = 0; c < byTarget.size(); c++) {
            double[] mine = means.computeIfAbsent(byTarget.get(c), m -> m.forecast(part))[c];
            out[c] = Arrays.copyOf(mine, mine.length);
        }
        return out;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    @Override
    public String toString() {
        return String.join(SEPARATOR, byTarget.stream().map(ForecastMethod::toString).toList());
    }
}
