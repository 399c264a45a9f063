package dev.seq4j.run;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.List;

/** History, forecast and (when known) the actual values of each target, against the step number. */
public final class ForecastPlot {
    private ForecastPlot() {
    }

    /**
     * @param history  per target, the values before the origin (the last of them are drawn)
     * @param forecast per target, the forecast from the origin
     * @param actual   per target, the values that came true, or {@code null}
     * @param origin   the step number of the first forecast step
     */
    public static byte[] png(String title, List<String> targets, double[][] history, double[][] forecast,
                             double[][] actual, int origin) {
        return png(title, targets, history, forecast, actual, origin, null, null, 0);
    }

    /** As above, with each target's prediction interval ({@code lower}, {@code upper}; null for none) dashed. */
    public static byte[] png(String title, List<String> targets, double[][] history, double[][] forecast,
                             double[][] actual, int origin, double[][] lower, double[][] upper, double level) {
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title)
                .xAxisTitle("step").yAxisTitle(String.join(", ", targets)).build();
        chart.getStyler().setMarkerSize(4);
        for (int c = 0; c < targets.size(); c++) {
            int first = 0; // a series that starts later than the table: from its start
            while (first < history[c].length && Double.isNaN(history[c][first])) {
                first++;
            }
            int shown = Math.min(history[c].length - first, Math.max(3 * forecast[c].length, 48));
            double[] hx = new double[shown];
            double[] hy = new double[shown];
            for (int i = 0; i < shown; i++) {
                hx[i] = origin - shown + i;
                hy[i] = history[c][history[c].length - shown + i];
            }
            chart.addSeries(targets.get(c) + " history", hx, hy).setMarker(SeriesMarkers.NONE);
            double[] fx = new double[forecast[c].length];
            for (int k = 0; k < fx.length; k++) {
                fx[k] = origin + k;
            }
            chart.addSeries(targets.get(c) + " forecast", fx, forecast[c]).setMarker(SeriesMarkers.CIRCLE);
            if (lower != null) {
                String band = String.format(java.util.Locale.ROOT, " %.0f%% interval", 100 * level);
                for (double[] end : new double[][]{lower[c], upper[c]}) {
                    var s = chart.addSeries(targets.get(c) + (end == lower[c] ? band + " low" : band + " high"), fx, end);
                    s.setMarker(SeriesMarkers.NONE);
                    s.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
                }
            }
            if (actual != null) {
                chart.addSeries(targets.get(c) + " actual", fx, actual[c]).setMarker(SeriesMarkers.DIAMOND);
            }
        }
        return Charts.png(chart);
    }

    /**
     * A phase portrait: one target against another (for the Lorenz system, x against z), the history before the
     * origin, the forecast from it and, when known, the actual values; an attractor's shape shows at a glance.
     */
    public static byte[] phase(String title, String xName, String yName, double[] historyX, double[] historyY,
                               double[] forecastX, double[] forecastY, double[] actualX, double[] actualY) {
        XYChart chart = new XYChartBuilder().width(700).height(600).title(title).xAxisTitle(xName).yAxisTitle(yName)
                .build();
        chart.getStyler().setMarkerSize(2);
        chart.addSeries("history", historyX, historyY).setMarker(SeriesMarkers.NONE);
        if (actualX != null) {
            chart.addSeries("actual", actualX, actualY).setMarker(SeriesMarkers.NONE);
        }
        chart.addSeries("forecast", forecastX, forecastY).setMarker(SeriesMarkers.NONE);
        return Charts.png(chart);
    }
}
