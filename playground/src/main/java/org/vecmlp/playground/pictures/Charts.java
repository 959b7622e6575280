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
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Line charts of the lessons, with JFreeChart: one builder for every chart, log axes where values span decades
 * (ticked at powers of ten, written 10⁻³), whole-number axes ticked at whole numbers, and colours a reader can tell
 * apart on white, colour-blind readers included (Okabe and Ito's palette; past eight series, the viridis ramp, so
 * that layer 1 to layer 10 read in order).
 */
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
            if (allWhole(series)) {
                n.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // 2, 4, 6 layers, never 2.5
            }
        }
        ValueAxis y;
        if (logY) {
            LogAxis log = new LogAxis(yLabel);
            log.setSmallestValue(1e-12);
            log.setNumberFormatOverride(new PowerOfTen());
            log.setTickUnit(new NumberTickUnit(1)); // one tick a decade
            log.setMinorTickMarksVisible(true);
            double[] range = decades(data);
            if (range != null) {
                log.setAutoRange(false);
                log.setRange(range[0], range[1]);
            }
            y = log;
        } else {
            NumberAxis n = new NumberAxis(yLabel);
            n.setAutoRangeIncludesZero(true);
            y = n;
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, categories != null);
        List<Color> colours = palette(data.getSeriesCount());
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesPaint(i, colours.get(i));
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

    /** Okabe and Ito's colour-blind-safe palette, black last; its yellow is left out (it vanishes on white). */
    private static final List<Color> OKABE_ITO = List.of(new Color(0x0072B2), new Color(0xE69F00),
            new Color(0x009E73), new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xD55E00), new Color(0x000000),
            new Color(0x999999));

    /** Stops of the viridis ramp, dark blue-violet to green-yellow (its lightest end left out for white paper). */
    private static final int[] VIRIDIS = {0x440154, 0x46327e, 0x365c8d, 0x277f8e, 0x1fa187, 0x4ac16d, 0x9fd938};

    /**
     * Distinct colours for {@code n} series: the palette up to its size, then evenly spaced along viridis.
     *
     * @param n the series
     * @return n colours, none repeated
     */
    static List<Color> palette(int n) {
        if (n <= OKABE_ITO.size()) {
            return OKABE_ITO.subList(0, n);
        }
        List<Color> out = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double t = (double) i / (n - 1) * (VIRIDIS.length - 1);
            int k = Math.min((int) t, VIRIDIS.length - 2);
            double f = t - k;
            Color a = new Color(VIRIDIS[k]), b = new Color(VIRIDIS[k + 1]);
            out.add(new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                    (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                    (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue()))));
        }
        return out;
    }

    private static boolean allWhole(Map<String, double[][]> series) {
        for (double[][] s : series.values()) {
            for (double x : s[0]) {
                if (x != Math.rint(x)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The whole decades around the data (at least one), so that every log chart shows labelled ticks. */
    private static double[] decades(XYSeriesCollection data) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (int s = 0; s < data.getSeriesCount(); s++) {
            for (int i = 0; i < data.getItemCount(s); i++) {
                double v = data.getYValue(s, i);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(hi > 0)) {
            return null;
        }
        double low = Math.pow(10, Math.floor(Math.log10(lo)));
        double high = Math.pow(10, Math.ceil(Math.log10(hi)));
        return new double[] {low, high > low ? high : low * 10};
    }

    /** Tick labels of a log axis: 1, 10, 100, 10⁻³ …; anything between decades in plain digits. */
    static final class PowerOfTen extends java.text.NumberFormat {
        private static final long serialVersionUID = 1L;
        private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

        @Override
        public StringBuffer format(double v, StringBuffer to, java.text.FieldPosition pos) {
            double e = Math.log10(v);
            if (v > 0 && Math.abs(e - Math.rint(e)) < 1e-9) {
                int k = (int) Math.rint(e);
                if (k >= 0 && k <= 2) {
                    return to.append((int) Math.pow(10, k));
                }
                to.append("10");
                if (k < 0) {
                    to.append('⁻');
                }
                for (char c : Integer.toString(Math.abs(k)).toCharArray()) {
                    to.append(SUPERSCRIPTS.charAt(c - '0'));
                }
                return to;
            }
            return to.append(new java.text.DecimalFormat("0.###").format(v));
        }

        @Override
        public StringBuffer format(long v, StringBuffer to, java.text.FieldPosition pos) {
            return format((double) v, to, pos);
        }

        @Override
        public Number parse(String source, java.text.ParsePosition pos) {
            throw new UnsupportedOperationException("labels only");
        }
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
