package dev.seq4j.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seq4j.data.text.TextFiles;
import dev.seq4j.run.Charts;
import dev.seq4j.run.RunDirectory;
import dev.seq4j.train.Objective;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The sweep's results, rewritten after every finished trial: {@code results.csv}, {@code results.md} (best
 * first), the best-trial pointer, and one plot per swept key ({@link #plot}, written by {@link SweepPlots}). Each file is replaced in one rename, so a
 * reader or a {@code kill -9} never sees half of one.
 */
final class SweepReport {
    private SweepReport() {
    }

    /** The best trial: the best objective among complete trials, or among pruned ones when none completed. */
    static Optional<TrialRecord> best(List<TrialRecord> records, Objective objective) {
        Comparator<TrialRecord> byObjective = byObjective(objective);
        Optional<TrialRecord> complete = records.stream()
                .filter(r -> r.status().equals(TrialRecord.COMPLETE) && r.objective() != null).min(byObjective);
        return complete.isPresent() ? complete : records.stream()
                .filter(r -> r.succeeded() && r.objective() != null).min(byObjective);
    }

    /** Best objective first, trials without one last, ties by trial number. */
    static Comparator<TrialRecord> byObjective(Objective objective) {
        return Comparator.<TrialRecord, Boolean>comparing(r -> r.objective() == null || !Double.isFinite(r.objective()))
                .thenComparing(r -> r.objective() == null ? 0 : (objective.minimize() ? r.objective() : -r.objective()))
                .thenComparing(TrialRecord::trial);
    }

    /**
     * Writes the tables and the best-trial pointer: quick, so {@link Sweep} does it under its lock. The plots are
     * drawn by {@link SweepPlots}, outside it.
     */
    static void write(SweepDirectory dir, SweepSpec spec, Objective objective, List<TrialRecord> records) {
        List<String> keys = spec.keys();
        dir.write(SweepDirectory.RESULTS_CSV, csv(dir, keys, objective, records));
        dir.write(SweepDirectory.RESULTS_MD, markdown(dir, spec, keys, objective, records));
        best(records, objective).ifPresent(b -> {
            Map<String, Object> pointer = new LinkedHashMap<>();
            pointer.put(RunDirectory.POINTER_RUN, SweepDirectory.TRIALS + "/" + dir.name(b.trial()));
            pointer.put("trial", b.trial());
            pointer.put("metric", objective.metric());
            pointer.put("minimize", objective.minimize());
            pointer.put("value", b.objective());
            pointer.put("values", b.values());
            dir.writeJson(RunDirectory.POINTER, pointer);
            dir.linkBest(b.trial());
        });
    }

    static String csv(SweepDirectory dir, List<String> keys, Objective objective, List<TrialRecord> records) {
        List<String> header = new ArrayList<>(List.of("trial"));
        header.addAll(keys);
        header.addAll(List.of(objective.metric(), "status", "epochs", "best_epoch", "train_s", "run_s", "wall_s", "reason",
                "run"));
        StringBuilder out = new StringBuilder(String.join(",", header)).append('\n');
        for (TrialRecord r : records) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(r.trial())));
            keys.forEach(k -> row.add(TextFiles.csvField(text(r.values().get(k)))));
            row.add(r.objective() == null ? "" : Double.toString(r.objective()));
            row.add(r.status());
            row.add(Integer.toString(r.epochs()));
            row.add(Integer.toString(r.bestEpoch()));
            row.add(String.format(Locale.ROOT, "%.1f", r.trainSeconds()));
            row.add(String.format(Locale.ROOT, "%.1f", r.runSeconds()));
            row.add(String.format(Locale.ROOT, "%.1f", r.wallSeconds()));
            row.add(TextFiles.csvField(r.reason() == null ? "" : r.reason()));
            row.add(SweepDirectory.TRIALS + "/" + dir.name(r.trial()));
            out.append(String.join(",", row)).append('\n');
        }
        return out.toString();
    }

    /** A value as people write it: strings bare, numbers and lists as JSON. */
    static String text(JsonNode value) {
        return value == null ? "" : value.isTextual() ? value.asText() : value.toString();
    }

    static String markdown(SweepDirectory dir, SweepSpec spec, List<String> keys, Objective objective,
                           List<TrialRecord> records) {
        List<TrialRecord> sorted = records.stream().sorted(byObjective(objective)).toList();
        Map<String, Long> counts = records.stream().collect(Collectors.groupingBy(TrialRecord::status,
                LinkedHashMap::new, Collectors.counting()));
        StringBuilder out = new StringBuilder();
        out.append("# Sweep results\n\n");
        out.append(String.format(Locale.ROOT, "%s search over %s: %d of %d trials finished (%s). Objective: %s, %s is "
                        + "better. Best first.%n%n", spec.search(), String.join(", ", keys), records.size(),
                spec.trials(), counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", ")), objective.metric(), objective.minimize() ? "lower" : "higher"));
        List<String> header = new ArrayList<>(List.of("rank", "trial"));
        header.addAll(keys);
        header.addAll(List.of(objective.metric(), "status", "epochs", "train s", "wall s", "note"));
        out.append("| ").append(String.join(" | ", header)).append(" |\n");
        out.append("|").append(" --- |".repeat(header.size())).append('\n');
        int rank = 0;
        for (TrialRecord r : sorted) {
            List<String> row = new ArrayList<>();
            row.add(r.succeeded() && r.objective() != null ? Integer.toString(++rank) : "");
            row.add("[" + dir.name(r.trial()) + "](" + SweepDirectory.TRIALS + "/" + dir.name(r.trial()) + ")");
            keys.forEach(k -> row.add("`" + text(r.values().get(k)) + "`"));
            row.add(r.objective() == null ? "" : String.format(Locale.ROOT, "%.4f", r.objective()));
            row.add(r.status());
            row.add(Integer.toString(r.epochs()));
            row.add(String.format(Locale.ROOT, "%.0f", r.trainSeconds()));
            row.add(String.format(Locale.ROOT, "%.0f", r.wallSeconds()));
            row.add(r.status().equals(TrialRecord.COMPLETE) || r.reason() == null ? "" : r.reason().replace("|", "\\|"));
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }

    /**
     * The objective of every trial against one swept key. Numbers go on a numeric axis (logarithmic when a
     * positive range spans a factor of 10 or more); anything else, such as layer-size lists, on evenly spaced
     * positions labelled with the values, in the order the sweep file lists them.
     */
    static byte[] plot(SweepSpec spec, String key, Objective objective, List<TrialRecord> records) {
        List<JsonNode> order = new ArrayList<>(spec.space().get(key).gridValues());
        records.forEach(r -> {
            JsonNode v = r.values().get(key);
            if (v != null && !order.contains(v)) {
                order.add(v);
            }
        });
        boolean numeric = order.stream().allMatch(JsonNode::isNumber);
        double min = order.stream().filter(JsonNode::isNumber).mapToDouble(JsonNode::asDouble).min().orElse(1);
        double max = order.stream().filter(JsonNode::isNumber).mapToDouble(JsonNode::asDouble).max().orElse(1);
        boolean log = numeric && min > 0 && max / min >= 10;
        XYChart chart = new XYChartBuilder().width(800).height(500)
                .title(objective.metric() + " against " + key)
                .xAxisTitle(key).yAxisTitle(objective.metric() + (objective.minimize() ? " (lower is better)"
                        : " (higher is better)")).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(9);
        chart.getStyler().setXAxisLogarithmic(log);
        double anyY = records.stream().map(TrialRecord::objective).filter(o -> o != null && Double.isFinite(o))
                .findFirst().orElse(0.0);
        if (!numeric) {
            List<String> labels = categoryLabels(order);
            chart.setCustomXAxisTickLabelsFormatter(x -> {
                long i = Math.round(x);
                return Math.abs(x - i) < 1e-6 && i >= 0 && i < labels.size() ? labels.get((int) i) : " ";
            });
            // With a custom formatter XChart puts one tick at each x value when the values, in the order its series
            // first list them, are evenly spaced; otherwise it searches for a tick step whose labels are all unique
            // and fit, and with " " between the categories that search never ends. An invisible first series at
            // 0, 1, ..., n-1 makes them evenly spaced whatever order the trials finished in.
            double[] positions = java.util.stream.IntStream.range(0, labels.size()).asDoubleStream().toArray();
            double[] level = new double[positions.length];
            java.util.Arrays.fill(level, anyY);
            XYSeries anchor = chart.addSeries(" ", positions, level);
            anchor.setMarker(SeriesMarkers.NONE);
            anchor.setShowInLegend(false);
        }
        for (String status : List.of(TrialRecord.COMPLETE, TrialRecord.PRUNED)) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (TrialRecord r : records) {
                JsonNode v = r.values().get(key);
                if (r.status().equals(status) && r.objective() != null && Double.isFinite(r.objective()) && v != null) {
                    xs.add(numeric ? v.asDouble() : order.indexOf(v));
                    ys.add(r.objective());
                }
            }
            if (!xs.isEmpty()) {
                chart.addSeries(status, xs, ys).setMarker(status.equals(TrialRecord.COMPLETE)
                        ? SeriesMarkers.CIRCLE : SeriesMarkers.CROSS);
            }
        }
        if (chart.getSeriesMap().values().stream().noneMatch(XYSeries::isShowInLegend)) {
            chart.addSeries("no finished trial yet", new double[]{numeric ? min : 0}, new double[]{anyY})
                    .setMarker(SeriesMarkers.NONE);
        }
        return Charts.png(chart);
    }

    /** Longest tick label of a category: longer ones are cut, so that two of them always fit side by side. */
    static final int LABEL_CHARS = 24;

    /**
     * Tick labels for category values: as people write them, cut to {@link #LABEL_CHARS}, and made distinct (XChart
     * needs unique tick labels; {@code "1"} and {@code 1}, or two long lists cut alike, would otherwise collide).
     */
    static List<String> categoryLabels(List<JsonNode> values) {
        List<String> labels = new ArrayList<>();
        for (JsonNode value : values) {
            String label = text(value);
            if (label.length() > LABEL_CHARS) {
                label = label.substring(0, LABEL_CHARS - 3) + "...";
            }
            String unique = label;
            for (int n = 2; labels.contains(unique); n++) {
                unique = label + " #" + n;
            }
            labels.add(unique);
        }
        return labels;
    }
}
