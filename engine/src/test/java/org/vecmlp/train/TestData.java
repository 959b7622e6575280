package org.vecmlp.train;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.vecmlp.data.CsvTable;
import org.vecmlp.data.Dataset;

/** Shared fixtures for training tests. */
public final class TestData {
    private TestData() {
    }

    /** The UCI digits test set shipped in test resources (see its README for attribution). */
    public static Dataset digits() {
        try {
            Path path = Path.of(TestData.class.getResource("/data/digits.csv").toURI());
            CsvTable table = CsvTable.read(path);
            return table.toClassification(table.column("label"), 10);
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
