package org.vecmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that reads a model and data, against every way the two can disagree: a classifier on numeric
 * targets or on labels past its classes, a regression model on class labels or on the wrong number of targets, the
 * input width, a label column missing or named where there is none, and a model file whose class count does not fit
 * its network. Each is refused with one line and exit 2, or has the behaviour stated in its test.
 */
class ModelDataMismatchTest {
    @TempDir
    Path dir;
    Path classifier; // xor: 2 inputs, 2 classes, 1 sigmoid output
    Path threeClasses; // 2 inputs, 3 classes, 3 softmax outputs
    Path regression; // plane: 2 inputs, 1 numeric output

    @BeforeEach
    void models() throws IOException {
        classifier = train("xor.vmlp", "--data", "xor");
        regression = train("plane.vmlp", "--data", "plane", "--loss", "mse");
        Path three = csv("three.csv", "a,b,label\n0,0,0\n1,1,1\n2,2,2\n0,1,1\n1,0,0\n2,1,2\n");
        threeClasses = train("three.vmlp", "--data", three.toString());
    }

    private Path train(String name, String... data) {
        Path model = dir.resolve(name);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("train", "--hidden", "4",
                "--epochs", "1", "--save", model.toString()));
        args.addAll(java.util.List.of(data));
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.toString());
        return model;
    }

    private Path csv(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static void assertRefused(String expected, String... args) {
        CliRunner r = CliRunner.run(args);
        assertEquals(2, r.code(), r.toString());
        assertEquals("vecmlp: " + expected, r.err().lines().filter(l -> l.startsWith("vecmlp: "))
                .reduce((first, second) -> second).orElse(""), r.toString());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    // A classifier against data that is not its classes.

    @Test
    void aClassifierOnARegressionSetIsRefused() throws IOException {
        assertRefused(classifier + " is a classifier of 2 classes, but plane has numeric targets, not class labels "
                + "(evaluate a regression model on it)", "eval", "--model", classifier.toString(), "--data", "plane");
        Path continuous = csv("continuous.csv", "a,b,y\n0,0,0.25\n1,1,1.5\n");
        assertRefused(continuous + ":2: label '0.25' in column 'y' is not a class number (0, 1, 2, …)", "eval",
                "--model", classifier.toString(), "--data", continuous.toString());
    }

    @Test
    void aLabelPastTheModelsClassesIsRefusedByRow() throws IOException {
        Path wide = csv("wide.csv", "a,b,label\n0,0,0\n1,1,2\n");
        assertRefused(wide + ":3: label 2 is out of range for 2 classes", "eval", "--model", classifier.toString(),
                "--data", wide.toString());
        // An IDX label file of ten digits on a two-class model: the row is named.
        Path images = dir.resolve("images.idx3-ubyte");
        Path labels = dir.resolve("labels.idx1-ubyte");
        Files.write(images, idx(0x00000803, new int[] {3, 1, 2}, new byte[] {1, 2, 3, 4, 5, 6}));
        Files.write(labels, idx(0x00000801, new int[] {3}, new byte[] {1, 0, 7}));
        assertRefused("images.idx3-ubyte: row 3 has label 7, but " + classifier + " is a classifier of 2 classes (0 "
                + "to 1)", "eval", "--model", classifier.toString(), "--data", images.toString(), "--labels",
                labels.toString());
    }

    /** Stated behaviour: data with fewer classes than the model is evaluated over the model's classes. */
    @Test
    void aSetWithFewerClassesIsEvaluatedOverTheModelsClasses() {
        CliRunner r = CliRunner.run("eval", "--model", threeClasses.toString(), "--data", "xor", "--samples", "40",
                "--json");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("\"confusion\":[["), r.out());
        long rows = r.out().chars().filter(c -> c == '[').count() - 1;
        assertEquals(3, rows, "a 3 × 3 confusion matrix: " + r.out());
        assertFalse(r.out().contains("NaN"), r.out());
    }

    // A regression model against class labels or the wrong targets.

    @Test
    void aRegressionModelOnAClassificationSetIsRefused() {
        assertRefused(regression + " is a regression model, but spiral is a classification set of 2 classes "
                + "(evaluate a classifier on it)", "eval", "--model", regression.toString(), "--data", "spiral");
    }

    /** Stated behaviour: a CSV's integer labels are numbers to a regression model. */
    @Test
    void aRegressionModelReadsIntegerLabelsAsNumbers() throws IOException {
        Path integers = csv("integers.csv", "a,b,y\n0,0,0\n1,1,1\n0,1,3\n");
        CliRunner r = CliRunner.run("eval", "--model", regression.toString(), "--data", integers.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("3 samples, loss "), r.out());
        assertFalse(r.out().contains("accuracy") || r.out().contains("NaN"), r.out());
    }

    // Widths and label columns.

    @Test
    void theInputWidthMustMatch() throws IOException {
        Path three = csv("three-features.csv", "a,b,c,y\n0,0,0,1\n1,1,1,0\n");
        assertRefused(classifier + ": the model takes 2 features but three-features.csv has 3", "eval", "--model",
                classifier.toString(), "--data", three.toString());
        assertRefused(three + ": 4 columns, but the model takes 2 features (give 2 feature columns, optionally plus "
                + "a label column)", "predict", "--model", classifier.toString(), "--data", three.toString());
    }

    @Test
    void evalWithoutALabelColumnSaysSo() throws IOException {
        Path features = csv("features.csv", "a,b\n0,0\n1,1\n");
        assertRefused(classifier + ": the model takes 2 features but features.csv has 1 besides its label column (is "
                + "the label column missing? labelled data has the features and one label column: the last, or the "
                + "one --label names)", "eval", "--model", classifier.toString(), "--data", features.toString());
    }

    @Test
    void predictWithALabelNamedWhereThereIsNone() throws IOException {
        Path features = csv("features.csv", "a,b\n0,0\n1,1\n");
        assertRefused(features + ": --label b names a column, but the file has just the 2 columns the model takes "
                + "as features, so there is no label column to drop", "predict", "--model", classifier.toString(),
                "--data", features.toString(), "--label", "b");
    }

    /** Stated behaviour: predict drops a label column that is there, and a built-in set's labels. */
    @Test
    void predictDropsLabels() throws IOException {
        Path labelled = csv("labelled.csv", "a,label,b\n0,1,0\n1,0,1\n");
        CliRunner r = CliRunner.run("predict", "--model", classifier.toString(), "--data", labelled.toString(),
                "--label", "label");
        assertEquals(0, r.code(), r.toString());
        assertEquals(3, r.out().lines().count(), r.out());
        CliRunner builtIn = CliRunner.run("predict", "--model", regression.toString(), "--data", "spiral",
                "--samples", "4");
        assertEquals(0, builtIn.code(), builtIn.toString());
        assertEquals("predicted", builtIn.out().lines().findFirst().orElse(""), builtIn.out());
    }

    // Training options against the data.

    @Test
    void aClassificationLossOnNumericTargetsIsRefused() throws IOException {
        assertRefused("--loss bce needs class labels, but plane is a regression set", "train", "--data", "plane",
                "--loss", "bce", "--epochs", "1");
        Path continuous = csv("continuous.csv", "a,b,y\n0,0,0.25\n1,1,1.5\n");
        assertRefused(continuous + ":2: label '0.25' in column 'y' is not a class number (0, 1, 2, …)", "train",
                "--data", continuous.toString(), "--loss", "ce", "--epochs", "1");
        assertRefused(continuous + ": no column named 'label' (columns: a, b, y)", "train", "--data",
                continuous.toString(), "--label", "label", "--epochs", "1");
    }

    // A model file whose class count does not fit its network.

    @Test
    void anAbsurdClassCountIsRefusedByEveryCommand() throws IOException {
        Path model = dir.resolve("absurd.vmlp");
        assertEquals(0, CliRunner.run("train", "--data", "xor", "--hidden", "", "--epochs", "1", "--save",
                model.toString()).code());
        int classesAt = 16 + 4 + 4 + 9 + 1; // header, inputs, layer count, one layer, loss
        ModelFileEdits.edit(model, b -> {
            assertEquals(2, b.getInt(classesAt));
            b.putInt(classesAt, 1 << 30);
        });
        String expected = model + ": declares 1073741824 classes, but the output layer has 1 unit (a classifier has "
                + "one output per class, or one output for two classes)";
        assertRefused(expected, "predict", "--model", model.toString(), "--data", "xor");
        assertRefused(expected, "eval", "--model", model.toString(), "--data", "xor");
        assertRefused(expected, "export", model.toString(), "--onnx", dir.resolve("a.onnx").toString());
    }

    private static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }
}
