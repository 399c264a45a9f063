package dev.seq4j.run;

import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

import java.util.ArrayList;
import java.util.List;

/** A confusion matrix as a PNG heat map (XChart): true class up the side, predicted class along the bottom. */
public final class ConfusionPlot {
    private ConfusionPlot() {
    }

    public static byte[] png(String title, List<String> labels, long[][] confusion) {
        System.setProperty("java.awt.headless", "true");
        HeatMapChart chart = new HeatMapChartBuilder().width(600).height(500).title(title)
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setPlotContentSize(1);
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < labels.size(); t++) {
            for (int p = 0; p < labels.size(); p++) {
                cells.add(new Number[]{p, t, confusion[t][p]});
            }
        }
        chart.addSeries("count", labels, labels, cells);
        return Charts.png(chart);
    }
}
