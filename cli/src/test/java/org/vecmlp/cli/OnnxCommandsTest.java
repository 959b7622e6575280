package org.vecmlp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecmlp.io.ModelFile;
import org.vecmlp.io.SavedModel;

/** {@code vecmlp export} and {@code vecmlp import}: a trained model survives the round trip through ONNX. */
class OnnxCommandsTest {
    @TempDir
    Path dir;

    @Test
    void exportThenImportGivesTheSameModelAndPredictions() throws IOException {
        Path model = dir.resolve("spiral.vmlp");
        CliRunner train = CliRunner.run("train", "--data", "spiral", "--samples", "300", "--hidden", "16,16",
                "--activation", "tanh", "--standardize", "--epochs", "5", "--save", model.toString());
        assertEquals(0, train.code(), train.toString());
        Path onnx = dir.resolve("spiral.onnx");
        CliRunner export = CliRunner.run("export", model.toString(), "--onnx", onnx.toString());
        assertEquals(0, export.code(), export.toString());
        assertTrue(export.out().startsWith("vecmlp: exported " + model + " → " + onnx + " (ONNX opset 17): "
                + "2-16(tanh)-16(tanh)-"), export.out());
        Path back = dir.resolve("back.vmlp");
        CliRunner imported = CliRunner.run("import", onnx.toString(), "--out", back.toString(), "--json");
        assertEquals(0, imported.code(), imported.toString());
        assertTrue(imported.out().contains("\"standardized\":true"), imported.out());

        SavedModel original = ModelFile.read(model), copy = ModelFile.read(back);
        assertEquals(original.model().spec(), copy.model().spec());
        assertArrayEquals(original.model().parameters(), copy.model().parameters());
        assertArrayEquals(original.standardizer().mean(), copy.standardizer().mean());
        assertEquals(original.classes(), copy.classes());
        assertEquals("spiral.onnx", copy.metadata().get("imported_from"));

        Path features = dir.resolve("x.csv");
        Files.writeString(features, "a,b\n0.5,0.25\n-1,2\n3,-0.5\n");
        CliRunner p1 = CliRunner.run("predict", "--model", model.toString(), "--data", features.toString());
        CliRunner p2 = CliRunner.run("predict", "--model", back.toString(), "--data", features.toString());
        assertEquals(0, p1.code(), p1.toString());
        assertEquals(p1.out(), p2.out(), "the same predictions, digit for digit");
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        Path garbage = Files.writeString(dir.resolve("notes.onnx"), "these are my notes");
        CliRunner r = CliRunner.run("import", garbage.toString(), "--out", dir.resolve("m.vmlp").toString());
        assertEquals(2, r.code(), r.toString());
        assertEquals("vecmlp: " + garbage + ": not an ONNX model (it holds no graph and no opset)\n", r.err());
        assertFalse(Files.exists(dir.resolve("m.vmlp")));

        CliRunner missing = CliRunner.run("import", dir.resolve("none.onnx").toString(), "--out",
                dir.resolve("m.vmlp").toString());
        assertEquals(2, missing.code(), missing.toString());
        assertEquals("vecmlp: " + dir.resolve("none.onnx") + ": no such file (MODEL.onnx)\n", missing.err());

        CliRunner toDirectory = CliRunner.run("import", garbage.toString(), "--out", dir.toString());
        assertEquals(2, toDirectory.code(), toDirectory.toString());
        assertTrue(toDirectory.err().startsWith("vecmlp: --out: " + dir), toDirectory.err());

        Path perceptron = dir.resolve("p.vmlp");
        CliRunner train = CliRunner.run("train", "--data", "xor", "--samples", "100", "--hidden", "",
                "--loss", "perceptron", "--epochs", "1", "--save", perceptron.toString());
        assertEquals(0, train.code(), train.toString());
        CliRunner export = CliRunner.run("export", perceptron.toString(), "--onnx", dir.resolve("p.onnx").toString());
        assertEquals(2, export.code(), export.toString());
        assertEquals("vecmlp: layer 1: a threshold (perceptron) output has no ONNX operator of the same "
                + "meaning; export supports identity, sigmoid, tanh, relu, leaky-relu and softmax\n", export.err());
        assertFalse(Files.exists(dir.resolve("p.onnx")));
    }
}
