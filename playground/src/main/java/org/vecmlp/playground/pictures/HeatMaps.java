package org.vecmlp.playground.pictures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.vecmlp.playground.data.Point;
import org.vecmlp.playground.model.GridView;
import org.vecmlp.playground.model.PlaygroundRun;

/**
 * Draws decision boundaries as the playground does: the output over [−6, 6]² cell by cell on a diverging scale
 * (orange −1, white 0, blue +1), the training points over it with a white rim and the test points with a black one.
 */
public final class HeatMaps {
    /** The scale's ends and middle, the playground's colours. */
    static final Color NEGATIVE = new Color(0xf5, 0x93, 0x22);
    static final Color MIDDLE = new Color(0xe8, 0xea, 0xeb);
    static final Color POSITIVE = new Color(0x08, 0x77, 0xbd);
    private static final int TITLE_BAND = 44;
    /** Room left of a map for the X2 ticks, and below it for the X1 ticks. */
    private static final int LEFT = 26;
    private static final int BOTTOM = 18;

    private HeatMaps() {
    }

    /**
     * The colour of a value on the diverging scale, clamped to [−1, 1].
     *
     * @param v          the value
     * @param discretize draw only the sign
     * @return the colour
     */
    public static Color color(double v, boolean discretize) {
        double t = Double.isNaN(v) ? 0 : Math.max(-1, Math.min(1, v));
        if (discretize) {
            t = t >= 0 ? 1 : -1;
        }
        Color end = t >= 0 ? POSITIVE : NEGATIVE;
        double a = Math.abs(t);
        return new Color(mix(MIDDLE.getRed(), end.getRed(), a), mix(MIDDLE.getGreen(), end.getGreen(), a),
                mix(MIDDLE.getBlue(), end.getBlue(), a));
    }

    private static int mix(int from, int to, double a) {
        return (int) Math.round(from + (to - from) * a);
    }

    /**
     * One panel: a title (two lines at most), the output map, the points.
     *
     * @param run      the trained run
     * @param grid     its values over the plane
     * @param title    the first title line (the setting that varies)
     * @param subtitle the second (the outcome: test accuracy or loss)
     * @param size     the map's side in pixels
     * @param showTest whether to draw the test points
     * @return the image
     */
    public static BufferedImage panel(PlaygroundRun run, GridView grid, String title, String subtitle, int size,
                                      boolean showTest) {
        int width = LEFT + size + 6;
        BufferedImage image = new BufferedImage(width, size + TITLE_BAND + BOTTOM, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            centred(g, fit(g, title, width - 6), width, 17);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            centred(g, fit(g, subtitle, width - 6), width, 36);
            drawMap(g, grid, LEFT, TITLE_BAND, size, run.settings().discretize());
            drawPoints(g, run.data().train(), LEFT, TITLE_BAND, size, Color.WHITE);
            if (showTest) {
                drawPoints(g, run.data().test(), LEFT, TITLE_BAND, size, Color.BLACK);
            }
            g.setColor(Color.GRAY);
            g.drawRect(LEFT, TITLE_BAND, size - 1, size - 1);
            axes(g, LEFT, TITLE_BAND, size);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Ticks at −6, 0 and 6 on both axes, labelled at the ends, the axis names X1 (below) and X2 (left) mid-way. */
    private static void axes(Graphics2D g, int x0, int y0, int size) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        FontMetrics m = g.getFontMetrics();
        g.setColor(Color.DARK_GRAY);
        for (int v = -6; v <= 6; v += 6) {
            String label = v < 0 ? "−" + (-v) : Integer.toString(v);
            int x = x0 + (int) Math.round((v + PlaygroundRun.EXTENT) / (2 * PlaygroundRun.EXTENT) * (size - 1));
            int y = y0 + (int) Math.round((PlaygroundRun.EXTENT - v) / (2 * PlaygroundRun.EXTENT) * (size - 1));
            g.drawLine(x, y0 + size, x, y0 + size + 3);
            g.drawLine(x0 - 3, y, x0, y);
            if (v != 0) { // the middle of each axis carries its name instead
                g.drawString(label, Math.max(0, Math.min(x0 + size - m.stringWidth(label),
                        x - m.stringWidth(label) / 2)), y0 + size + 14);
                g.drawString(label, x0 - 5 - m.stringWidth(label), Math.max(y0 + 9, Math.min(y0 + size, y + 4)));
            }
        }
        g.drawString("X1", x0 + size / 2 - m.stringWidth("X1") / 2, y0 + size + 14);
        g.drawString("X2", 1, y0 + size / 2 + 4);
    }

    /** The colour key of every map: −1 orange, 0 grey-white, +1 blue, as a bar with its numbers. */
    private static void colourKey(Graphics2D g, int right, int baseline) {
        int barWidth = 160;
        int x = right - barWidth - 24;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics m = g.getFontMetrics();
        for (int i = 0; i < barWidth; i++) {
            g.setColor(color(-1 + 2.0 * i / (barWidth - 1), false));
            g.drawLine(x + i, baseline - 10, x + i, baseline);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString("−1", x - m.stringWidth("−1") - 4, baseline);
        g.drawString("+1", x + barWidth + 4, baseline);
        String what = "output (dots: points, by label)";
        g.drawString(what, x - m.stringWidth("−1") - 12 - m.stringWidth(what), baseline);
    }

    private static String fit(Graphics2D g, String text, int width) {
        FontMetrics m = g.getFontMetrics();
        String t = text;
        while (m.stringWidth(t) > width && t.length() > 2) {
            t = t.substring(0, t.length() - 2) + "…";
        }
        return t;
    }

    private static void centred(Graphics2D g, String text, int width, int baseline) {
        int w = g.getFontMetrics().stringWidth(text);
        g.drawString(text, Math.max(0, (width - w) / 2), baseline);
    }

    /** The map, one rectangle a cell (row 0 at the top). */
    static void drawMap(Graphics2D g, GridView grid, int x0, int y0, int size, boolean discretize) {
        int n = grid.n();
        for (int row = 0; row < n; row++) {
            int top = y0 + row * size / n;
            int bottom = y0 + (row + 1) * size / n;
            for (int col = 0; col < n; col++) {
                int left = x0 + col * size / n;
                int right = x0 + (col + 1) * size / n;
                g.setColor(color(grid.output()[row * n + col], discretize));
                g.fillRect(left, top, right - left, bottom - top);
            }
        }
    }

    private static void drawPoints(Graphics2D g, List<Point> points, int x0, int y0, int size, Color rim) {
        double scale = size / (2 * PlaygroundRun.EXTENT);
        int r = Math.max(2, size / 90);
        g.setStroke(new BasicStroke(1f));
        for (Point p : points) {
            if (Math.abs(p.x()) > PlaygroundRun.EXTENT || Math.abs(p.y()) > PlaygroundRun.EXTENT) {
                continue;
            }
            int cx = x0 + (int) Math.round((p.x() + PlaygroundRun.EXTENT) * scale);
            int cy = y0 + (int) Math.round((PlaygroundRun.EXTENT - p.y()) * scale);
            g.setColor(color(p.label(), false));
            g.fillOval(cx - r, cy - r, 2 * r, 2 * r);
            g.setColor(rim);
            g.drawOval(cx - r, cy - r, 2 * r, 2 * r);
        }
    }

    /**
     * Panels side by side in rows, under a heading.
     *
     * @param panels  the panels, all the same size
     * @param columns panels a row
     * @param heading the text above them
     * @return the sheet
     */
    public static BufferedImage sheet(List<BufferedImage> panels, int columns, String heading) {
        int w = panels.get(0).getWidth();
        int h = panels.get(0).getHeight();
        int gap = 10;
        int rows = (panels.size() + columns - 1) / columns;
        int cols = Math.min(columns, panels.size());
        int width = cols * (w + gap) + gap;
        int keyWidth = 420;
        boolean keyBeside = width > 3 * keyWidth; // else the colour key gets a line of its own under the heading
        int head = keyBeside ? 34 : 52;
        BufferedImage sheet = new BufferedImage(width, head + rows * (h + gap), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(fit(g, heading, sheet.getWidth() - 2 * gap - (keyBeside ? keyWidth : 0)), gap, 23);
            colourKey(g, sheet.getWidth() - gap, keyBeside ? 23 : 44);
            for (int i = 0; i < panels.size(); i++) {
                g.drawImage(panels.get(i), gap + (i % columns) * (w + gap), head + (i / columns) * (h + gap), null);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }
}
