package org.vecmlp.playground.pictures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Line charts of the lessons, with JFreeChart: one builder for every chart, log axes where values span decades. */
public final class Charts {
    /** Pixel size of every chart. */
    static final int WIDTH = 760;
    static final int HEIGHT = 460;

    private Charts() {
    }

    /**
     * A line chart.
     *
     * @param title      what is drawn
     * @param xLabel     the x axis's label
     * @param yLabel     the y axis's label
     * @param categories labels of x = 0, 1, 2 … (a categorical x axis), or null for a numeric one
     * @param logY       a log y axis
     * @param series     name → points ({@code x[i], y[i]}); non-positive y values are left out of a log chart
     * @return the chart
     */
    public static JFreeChart lines(String title, String xLabel, String yLabel, List<String> categories, boolean logY,
                                   Map<String, double[][]> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            XYSeries s = new XYSeries(e.getKey(), false, true);
            double[] xs = e.getValue()[0];
            double[] ys = e.getValue()[1];
            for (int i = 0; i < xs.length; i++) {
                if (Double.isFinite(ys[i]) && (!logY || ys[i] > 0)) {
                    s.add(xs[i], ys[i]);
                }
            }
            data.addSeries(s);
        }
        ValueAxis x = categories == null ? new NumberAxis(xLabel)
                : new SymbolAxis(xLabel, categories.toArray(String[]::new));
        if (x instanceof NumberAxis n) {
            n.setAutoRangeIncludesZero(false);
        }
        ValueAxis y;
        if (logY) {
            LogAxis log = new LogAxis(yLabel);
            log.setSmallestValue(1e-12);
            log.setNumberFormatOverride(new java.text.DecimalFormat("0.#E0"));
            y = log;
        } else {
            NumberAxis n = new NumberAxis(yLabel);
            n.setAutoRangeIncludesZero(true);
            y = n;
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, categories != null);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT.deriveFont(15f), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.RIGHT);
        return chart;
    }

    /**
     * Writes a chart as a PNG file.
     *
     * @param chart the chart
     * @param file  where
     * @throws IOException when it cannot be written
     */
    public static void save(JFreeChart chart, Path file) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }
}
