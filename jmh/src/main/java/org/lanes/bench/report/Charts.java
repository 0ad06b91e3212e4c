package org.lanes.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line charts of the report, written as PNG with XChart. */
final class Charts {
    private Charts() {
    }

    /** One line per series; x values are shared per series powers of two, plotted on a log2 axis. */
    static void line(Path png, String title, String xTitle, String yTitle, Map<String, List<double[]>> series)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(480).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        // Sizes double from point to point: plot log2(x) on a linear axis and label whole powers of two.
        chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> Math.abs(v - Math.rint(v)) < 1e-6
                ? Long.toString(1L << (long) Math.rint(v)) : "");
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        for (Map.Entry<String, List<double[]>> s : series.entrySet()) {
            List<double[]> points = s.getValue();
            if (points.isEmpty()) {
                continue;
            }
            double[] x = new double[points.size()];
            double[] y = new double[points.size()];
            for (int i = 0; i < points.size(); i++) {
                x[i] = Math.log(points.get(i)[0]) / Math.log(2);
                y[i] = points.get(i)[1];
            }
            chart.addSeries(s.getKey(), x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
