package org.vecmlp.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A numeric CSV file with a header row: comma-separated, one record per line, every cell a number. Errors name
 * {@code file:line:column} (1-based) and what was found. Blank lines are skipped; quoting is not supported since
 * every cell must be numeric anyway.
 */
public final class CsvTable {
    private final String file; // the source as messages name it: a path or a URI
    private final String name; // the data set's name: the file name
    private final List<String> header;
    private final float[] cells;
    private final int[] lineOfRow;
    private final int rows;

    private CsvTable(String file, String name, List<String> header, float[] cells, int[] lineOfRow, int rows) {
        this.file = file;
        this.name = name;
        this.header = header;
        this.cells = cells;
        this.lineOfRow = lineOfRow;
        this.rows = rows;
    }

    /**
     * Reads and checks the whole file.
     *
     * @param file a CSV file with a header row
     * @return its cells, checked: every row as wide as the header, every cell a finite number
     * @throws IOException when the file cannot be read, or a {@link DataFormatException} naming the line and column
     *                     of the first bad cell
     */
    public static CsvTable read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new DataFormatException(file + ": is a directory, not a CSV file");
        }
        Path fileName = file.getFileName();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), fileName == null ? file.toString() : fileName.toString(), reader);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file + ": no such file");
        }
    }

    /**
     * Reads and checks CSV text from any source: a stream from a distributed file system, a network, memory.
     *
     * @param file   how errors name the source (e.g. {@code hdfs://cluster/data/train.csv})
     * @param name   the data set's name (e.g. {@code train.csv})
     * @param reader the text, read to its end and not closed
     * @return its cells, checked as {@link #read(Path)} checks a file's
     * @throws IOException when the text cannot be read, or a {@link DataFormatException} naming the line and column
     *                     of the first bad cell
     */
    public static CsvTable read(String file, String name, java.io.Reader reader) throws IOException {
        try {
            Lines in = new Lines(reader, file);
            int lineNo = 1;
            String headerLine = in.next(lineNo);
            while (headerLine != null && headerLine.isBlank()) {
                lineNo++;
                headerLine = in.next(lineNo);
            }
            if (headerLine == null) {
                throw new DataFormatException(file + ": the file is empty (expected a header row and data rows)");
            }
            List<String> header = Arrays.stream(stripBom(headerLine).split(",", -1)).map(String::trim).toList();
            int cols = header.size();
            checkUniqueNames(file, lineNo, header);
            float[] cells = new float[cols * 1024];
            int[] lineOfRow = new int[1024];
            int rows = 0;
            String line;
            while ((line = in.next(lineNo + 1)) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split(",", -1);
                if (parts.length != cols) {
                    throw new DataFormatException(file + ":" + lineNo + ": " + parts.length + " cells but the header has "
                            + cols + " columns");
                }
                if ((long) (rows + 1) * cols > cells.length) {
                    long grown = Math.min((long) cells.length * 2, Integer.MAX_VALUE - 16);
                    if (grown < (long) (rows + 1) * cols) {
                        throw new DataFormatException(file + ":" + lineNo + ": the file is too large to hold in memory");
                    }
                    cells = Arrays.copyOf(cells, (int) grown);
                }
                if (rows == lineOfRow.length) {
                    lineOfRow = Arrays.copyOf(lineOfRow, rows * 2);
                }
                lineOfRow[rows] = lineNo;
                int column = 1;
                int base = rows * cols;
                for (int j = 0; j < cols; j++) {
                    cells[base + j] = parseCell(file, lineNo, column, parts[j]);
                    column += parts[j].length() + 1;
                }
                rows++;
            }
            if (rows == 0) {
                throw new DataFormatException(file + ": no data rows after the header");
            }
            return new CsvTable(file, name, header, Arrays.copyOf(cells, rows * cols), Arrays.copyOf(lineOfRow, rows),
                    rows);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new DataFormatException(file + ": not UTF-8 text (is it a CSV file?)");
        }
    }

    /** The longest line read (characters): about a million numeric columns. */
    static final int MAX_LINE = 1 << 24;

    /**
     * {@code readLine} with a bound: a line longer than {@link #MAX_LINE} is refused while it is read, before it is
     * held in memory whole (a 200 MB one-line file would otherwise be split into millions of strings). Ends lines at
     * \n, \r\n or \r, as {@code BufferedReader.readLine} does.
     */
    private static final class Lines {
        private final java.io.Reader in;
        private final String file;
        private final char[] buffer = new char[1 << 16];
        private final StringBuilder line = new StringBuilder();
        private int pos;
        private int len;
        private boolean skipLineFeed;

        Lines(java.io.Reader in, String file) {
            this.in = in;
            this.file = file;
        }

        /** The next line, or null at the end; {@code lineNo} names it in an error. */
        String next(int lineNo) throws IOException {
            line.setLength(0);
            boolean any = false;
            while (true) {
                if (pos == len) {
                    len = Math.max(0, in.read(buffer, 0, buffer.length));
                    pos = 0;
                    if (len == 0) {
                        return any ? line.toString() : null;
                    }
                }
                char c = buffer[pos++];
                if (skipLineFeed) {
                    skipLineFeed = false;
                    if (c == '\n') {
                        continue;
                    }
                }
                any = true;
                if (c == '\n' || c == '\r') {
                    skipLineFeed = c == '\r';
                    return line.toString();
                }
                if (line.length() == MAX_LINE) {
                    throw new DataFormatException(file + ":" + lineNo + ": a line longer than " + MAX_LINE
                            + " characters (about a million columns); vecmlp reads CSV lines up to that length");
                }
                line.append(c);
            }
        }
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** A plain decimal: Java's own parser also takes hexadecimal ({@code 0x1p3}) and type suffixes ({@code 2d}). */
    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final java.util.regex.Pattern NOT_FINITE =
            java.util.regex.Pattern.compile("[+-]?(NaN|Infinity)");

    private static void checkUniqueNames(String file, int line, List<String> header) {
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            Integer first = name.isEmpty() ? null : seen.putIfAbsent(name, c);
            if (first != null) {
                throw new DataFormatException(file + ":" + line + ": column name " + TextQuoting.quoted(name) + " appears twice (columns "
                        + (first + 1) + " and " + (c + 1) + ")");
            }
        }
    }

    private static float parseCell(String file, int line, int column, String raw) {
        String cell = raw.trim();
        float v;
        try {
            if (!DECIMAL.matcher(cell).matches() && !NOT_FINITE.matcher(cell).matches()) {
                throw new NumberFormatException();
            }
            v = Float.parseFloat(cell);
        } catch (NumberFormatException e) {
            throw new DataFormatException(file + ":" + line + ":" + column + ": " + TextQuoting.quoted(cell) + " is not a number");
        }
        if (!Float.isFinite(v)) {
            throw new DataFormatException(file + ":" + line + ":" + column + ": " + TextQuoting.quoted(cell)
                    + " is not a finite number (NaN and infinity are not allowed)");
        }
        return v;
    }

    /** {@return the source it was read from, as its messages name it} */
    public String source() {
        return file;
    }

    /** {@return the header row's cells} */
    public List<String> header() {
        return header;
    }

    /** {@return the number of data rows (the header not counted)} */
    public int rows() {
        return rows;
    }

    /** {@return the number of columns} */
    public int columns() {
        return header.size();
    }

    /**
     * The cell at data row {@code row} (0-based) and column {@code col}.
     *
     * @param row the data row, 0-based
     * @param col the column, 0-based
     * @return its value
     */
    public float get(int row, int col) {
        return cells[row * header.size() + col];
    }

    /**
     * The index of a column given by header name or by 0-based index (a name wins when a header cell is itself a
     * number); negative indexes count from the end ({@code -1} is the last column).
     *
     * @param nameOrIndex a header cell, or an index
     * @return the 0-based column
     * @throws IllegalArgumentException naming the file and the columns it has, when there is no such column
     */
    public int column(String nameOrIndex) {
        String key = nameOrIndex.trim();
        int byName = header.indexOf(key);
        if (byName >= 0) {
            return byName;
        }
        try {
            int index = Integer.parseInt(key);
            int resolved = index < 0 ? header.size() + index : index;
            if (resolved >= 0 && resolved < header.size()) {
                return resolved;
            }
            throw new DataFormatException(file + ": column index " + index + " is out of range (the file has "
                    + header.size() + " columns)");
        } catch (NumberFormatException e) {
            throw new DataFormatException(file + ": no column named " + TextQuoting.quoted(key) + " (columns: "
                    + String.join(", ", header.size() > 12 ? header.subList(0, 12) : header)
                    + (header.size() > 12 ? ", …" : "") + ")");
        }
    }

    /**
     * Whether a column holds class labels: every value a non-negative integer. How the command line and the Spark job
     * tell classification from regression when no loss says which.
     *
     * @param column the column
     * @return true when every value is a whole number ≥ 0
     */
    public boolean holdsClassLabels(int column) {
        for (int r = 0; r < rows; r++) {
            float v = get(r, column);
            if (v != Math.rint(v) || v < 0) {
                return false;
            }
        }
        return true;
    }

    /** Past this many classes, labels must not be sparse: a 50-row file whose label is 49999 would make 50000 classes
     *  (a 50000² confusion matrix, a 50000-unit output layer) out of one typo. */
    static final int MAX_SPARSE_CLASSES = 1000;

    /** Labels must be below this: integers past 2^24 are not all representable as floats. */
    static final int MAX_LABEL = 1 << 24;

    /**
     * A classification set: {@code labelColumn} holds integer class labels 0, 1, …; the other columns are features.
     * The class count is the largest label + 1, or {@code classes} when that is given (positive).
     *
     * @param labelColumn the column of labels
     * @param classes     the number of classes, or 0 to count them
     * @return the set
     * @throws DataFormatException naming the line of a label that is not a class number, or sparse labels
     */
    public Dataset toClassification(int labelColumn, int classes) {
        int cols = header.size();
        int[] labels = new int[rows];
        int max = 0;
        int rowOfMax = 0;
        java.util.BitSet seen = new java.util.BitSet();
        for (int r = 0; r < rows; r++) {
            float v = get(r, labelColumn);
            if (v != Math.rint(v) || v < 0) {
                throw new DataFormatException(file + ":" + lineOfRow[r] + ": label '" + v + "' in column "
                        + TextQuoting.quoted(header.get(labelColumn)) + " is not a class number (0, 1, 2, …)");
            }
            if (v >= MAX_LABEL) { // a float's integers end at 2^24; and max + 1 must not overflow (found by fuzzing)
                throw new DataFormatException(file + ":" + lineOfRow[r] + ": label " + v + " in column "
                        + TextQuoting.quoted(header.get(labelColumn)) + " is too large to be a class number (at most " + (MAX_LABEL - 1)
                        + ")");
            }
            if (classes > 0 && v >= classes) {
                throw new DataFormatException(file + ":" + lineOfRow[r] + ": label " + (int) v + " is out of range for "
                        + classes + " classes");
            }
            labels[r] = (int) v;
            if (labels[r] > max) {
                max = labels[r];
                rowOfMax = r;
            }
            seen.set(labels[r]);
        }
        int classCount = classes > 0 ? classes : Math.max(2, max + 1);
        int distinct = seen.cardinality();
        if (classes <= 0 && classCount > MAX_SPARSE_CLASSES && classCount > 4L * distinct) {
            throw new DataFormatException(file + ":" + lineOfRow[rowOfMax] + ": label " + max + " makes " + classCount
                    + " classes, but only " + distinct + " different labels appear in " + rows + " rows; class labels "
                    + "must be 0 … C−1 (for numeric targets, train with --loss mse)");
        }
        return Dataset.classification(name, featuresWithout(labelColumn), rows, cols - 1,
                labels, classCount);
    }

    /**
     * A regression set: {@code targetColumn} is the target, the other columns are features.
     *
     * @param targetColumn the column of targets
     * @return the set
     */
    public Dataset toRegression(int targetColumn) {
        float[] t = new float[rows];
        for (int r = 0; r < rows; r++) {
            t[r] = get(r, targetColumn);
        }
        return Dataset.regression(name, featuresWithout(targetColumn), rows,
                header.size() - 1, t, 1);
    }

    private float[] featuresWithout(int column) {
        int cols = header.size();
        if (cols < 2) {
            throw new DataFormatException(file + ": needs at least one feature column besides the label");
        }
        float[] x = new float[rows * (cols - 1)];
        int k = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                if (j != column) {
                    x[k++] = cells[r * cols + j];
                }
            }
        }
        return x;
    }
}
