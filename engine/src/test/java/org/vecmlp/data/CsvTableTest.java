package org.vecmlp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void readsHeaderAndRowsAndSkipsBlankLines() throws IOException {
        Path p = write("ok.csv", "a,b,label\n1,2,0\n\n3.5,-4,1\n");
        CsvTable t = CsvTable.read(p);
        assertEquals(2, t.rows());
        assertEquals(3, t.columns());
        assertEquals(-4f, t.get(1, 1));
        Dataset d = t.toClassification(t.column("label"), 0);
        assertEquals(2, d.classes());
        assertArrayEquals(new float[] {1, 2, 3.5f, -4}, d.features());
        assertArrayEquals(new int[] {0, 1}, d.labels());
        Dataset r = t.toRegression(t.column("0"));
        assertArrayEquals(new float[] {2, 0, -4, 1}, r.features());
        assertEquals(2, t.column("-1"));
    }

    @Test
    void namesFileLineAndColumnOfABadCell() throws IOException {
        Path p = write("bad.csv", "a,b,label\n1,2,0\n3,x7,1\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvTable.read(p));
        assertEquals(p + ":3:3: 'x7' is not a number", e.getMessage());
    }

    @Test
    void rejectsNonFiniteCells() throws IOException {
        Path p = write("nan.csv", "a,b\n1,NaN\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvTable.read(p));
        assertEquals(p + ":2:3: 'NaN' is not a finite number (NaN and infinity are not allowed)", e.getMessage());
    }

    @Test
    void rejectsRaggedRows() throws IOException {
        Path p = write("ragged.csv", "a,b,c\n1,2,3\n4,5\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvTable.read(p));
        assertEquals(p + ":3: 2 cells but the header has 3 columns", e.getMessage());
    }

    @Test
    void rejectsEmptyAndHeaderOnlyAndMissingFiles() throws IOException {
        Path empty = write("empty.csv", "");
        assertEquals(empty + ": the file is empty (expected a header row and data rows)",
                assertThrows(DataFormatException.class, () -> CsvTable.read(empty)).getMessage());
        Path header = write("header.csv", "a,b\n");
        assertEquals(header + ": no data rows after the header",
                assertThrows(DataFormatException.class, () -> CsvTable.read(header)).getMessage());
        Path missing = dir.resolve("missing.csv");
        assertEquals(missing + ": no such file",
                assertThrows(DataFormatException.class, () -> CsvTable.read(missing)).getMessage());
    }

    @Test
    void rejectsBadLabelsAndUnknownColumns() throws IOException {
        Path p = write("labels.csv", "a,label\n1,0\n\n2,1.5\n");
        CsvTable t = CsvTable.read(p);
        assertEquals(p + ":4: label '1.5' in column 'label' is not a class number (0, 1, 2, …)",
                assertThrows(DataFormatException.class, () -> t.toClassification(1, 0)).getMessage());
        Path q = write("range.csv", "a,label\n1,0\n2,3\n");
        CsvTable u = CsvTable.read(q);
        assertEquals(q + ":3: label 3 is out of range for 2 classes",
                assertThrows(DataFormatException.class, () -> u.toClassification(1, 2)).getMessage());
        assertEquals(p + ": no column named 'y' (columns: a, label)",
                assertThrows(DataFormatException.class, () -> t.column("y")).getMessage());
        assertEquals(p + ": column index 5 is out of range (the file has 2 columns)",
                assertThrows(DataFormatException.class, () -> t.column("5")).getMessage());
    }

    @Test
    void readsTextFromAnyReaderAndNamesItsSourceInErrors() throws IOException {
        CsvTable t = CsvTable.read("hdfs://cluster/data/train.csv", "train.csv",
                new java.io.StringReader("x,y,label\n1,2,0\n3,4,2\n"));
        assertEquals("hdfs://cluster/data/train.csv", t.source());
        Dataset d = t.toClassification(2, 0);
        assertEquals("train.csv", d.name());
        assertEquals(3, d.classes());
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.features());
        assertEquals("hdfs://cluster/data/train.csv:3:3: 'four' is not a number",
                assertThrows(DataFormatException.class, () -> CsvTable.read("hdfs://cluster/data/train.csv",
                        "train.csv", new java.io.StringReader("x,y\n1,2\n3,four\n"))).getMessage());
    }

    @Test
    void aColumnHoldsClassLabelsWhenEveryValueIsAWholeNumberFromZero() throws IOException {
        CsvTable t = CsvTable.read(write("kinds.csv", "whole,negative,fraction\n0,0,0\n3,-1,0.5\n7,2,1\n"));
        assertEquals(true, t.holdsClassLabels(0));
        assertEquals(false, t.holdsClassLabels(1));
        assertEquals(false, t.holdsClassLabels(2));
    }
}
