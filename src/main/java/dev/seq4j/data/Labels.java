package dev.seq4j.data;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The class names of a classification task in their fixed order (class {@code i} is the i-th): numerically
 * when every name is a number (the UCI files label classes 0..N, and class 10 comes after class 9), else
 * alphabetically.
 */
public final class Labels {
    private Labels() {
    }

    public static List<String> sorted(Collection<String> labels) {
        boolean numeric = labels.stream().allMatch(l -> l.matches("[-+]?\\d+(\\.\\d+)?"));
        Comparator<String> order = numeric
                ? Comparator.comparing((String l) -> new BigDecimal(l)).thenComparing(Comparator.naturalOrder())
                : Comparator.naturalOrder();
        TreeSet<String> set = new TreeSet<>(order);
        set.addAll(labels);
        return List.copyOf(set);
    }

    /**
     * The labels of a run that starts from another ({@code train.init}): the init run's {@code init}, in its order,
     * when they hold every label of the new training data ({@code derived}), so its output layer still fits; else
     * {@code derived}. {@code init} may be {@code null} (no init run).
     */
    public static List<String> continued(List<String> init, List<String> derived) {
        return init != null && init.containsAll(derived) ? init : derived;
    }
}
