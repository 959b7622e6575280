package org.vecmlp.playground.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A user's own 2-D data: CSV text with three numbers a line, {@code x1,x2,label}, and an optional header line.
 * Classification labels are ±1 or 0/1 (0 read as −1) for two classes, or the class numbers 0 … C−1 for more (up to
 * {@link PlaygroundSets#MAX_CLASSES}); regression labels are any finite numbers. Every error names
 * the source and its 1-based line.
 */
public final class PointsCsv {
    /** The most rows an upload may have. */
    public static final int MAX_ROWS = 10_000;
    /** The fewest rows: enough for a training and a test part. */
    public static final int MIN_ROWS = 4;
    /** The most characters an upload may have, checked before anything is parsed. */
    public static final int MAX_CHARS = 1 << 20;

    private PointsCsv() {
    }

    /**
     * Parses and checks an upload.
     *
     * @param source  what to call it in errors (a file name)
     * @param text    the CSV text
     * @param problem what its labels mean
     * @return its points, in file order
     * @throws IllegalArgumentException naming the line of the first bad row
     */
    public static List<Point> parse(String source, String text, Problem problem) {
        if (text.length() > MAX_CHARS) {
            throw new IllegalArgumentException(source + ": too large (" + text.length() + " characters; at most "
                    + MAX_CHARS + ")");
        }
        List<Point> points = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int lineNo = i + 1;
            if (line.isEmpty() || (points.isEmpty() && lineNo == firstContentLine(lines) && isHeader(line))) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 3) {
                throw new IllegalArgumentException(source + " line " + lineNo + ": expected 3 numbers (x1,x2,label), "
                        + "found " + cells.length + " field" + (cells.length == 1 ? "" : "s"));
            }
            double x = number(source, lineNo, cells[0], "x1");
            double y = number(source, lineNo, cells[1], "x2");
            double label = number(source, lineNo, cells[2], "label");
            if (problem == Problem.CLASSIFICATION && !(label == Math.rint(label) && label >= -1
                    && label < PlaygroundSets.MAX_CLASSES)) {
                throw new IllegalArgumentException(source + " line " + lineNo + ": a classification label must be "
                        + "1, -1 or 0 (two classes) or 0 to " + (PlaygroundSets.MAX_CLASSES - 1) + " (more), found "
                        + cells[2].strip());
            }
            if (points.size() == MAX_ROWS) {
                throw new IllegalArgumentException(source + ": more than " + MAX_ROWS + " rows");
            }
            points.add(new Point(x, y, label));
        }
        if (points.size() < MIN_ROWS) {
            throw new IllegalArgumentException(source + ": " + points.size() + " data row"
                    + (points.size() == 1 ? "" : "s") + "; at least " + MIN_ROWS + " are needed");
        }
        return problem == Problem.CLASSIFICATION ? classes(source, points) : points;
    }

    /**
     * Two classes (labels among 1, −1 and 0, 0 read as −1, as TensorFlow Playground reads them) or more (labels
     * 0 … C−1 with some label 2 or more; −1 then has no meaning).
     */
    private static List<Point> classes(String source, List<Point> points) {
        double max = points.stream().mapToDouble(Point::label).max().orElse(0);
        List<Point> out = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            if (max >= 2 && p.label() < 0) {
                throw new IllegalArgumentException(source + ": labels up to " + (int) max + " mean classes 0 to "
                        + (int) max + ", so the label -1 of data row " + (i + 1) + " has no class");
            }
            out.add(max >= 2 || p.label() != 0 ? p : new Point(p.x(), p.y(), -1));
        }
        return out;
    }

    private static int firstContentLine(String[] lines) {
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                return i + 1;
            }
        }
        return -1;
    }

    private static boolean isHeader(String line) {
        for (String cell : line.split(",", -1)) {
            try {
                Double.parseDouble(cell.strip());
            } catch (NumberFormatException e) {
                return true;
            }
        }
        return false;
    }

    private static double number(String source, int lineNo, String cell, String column) {
        String s = cell.strip();
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " line " + lineNo + ": " + column + " is not a number: '"
                    + (s.length() > 20 ? s.substring(0, 20) + "…" : s) + "'");
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(source + " line " + lineNo + ": " + column + " is not finite: " + s);
        }
        return v;
    }
}
