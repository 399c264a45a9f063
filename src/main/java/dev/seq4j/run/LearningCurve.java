package dev.seq4j.run;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.List;

/** The learning-curve PNG: training and validation loss against epoch, drawn with XChart. */
public final class LearningCurve {
    private LearningCurve() {
    }

    /**
     * @param yLabel what the curves measure, e.g. "bits per char"
     * @param train  training loss per epoch (epoch 1 first)
     * @param valid  validation loss per epoch
     */
    public static byte[] png(String title, String yLabel, List<Double> train, List<Double> valid) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("epoch").yAxisTitle(yLabel).build();
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setXAxisDecimalPattern("0");
        List<Integer> epochs = java.util.stream.IntStream.rangeClosed(1, train.size()).boxed().toList();
        chart.addSeries("train", epochs, train).setMarker(SeriesMarkers.CIRCLE);
        chart.addSeries("valid", epochs, valid).setMarker(SeriesMarkers.DIAMOND);
        return Charts.png(chart);
    }
}
