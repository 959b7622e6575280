package org.vecmlp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecmlp.io.ModelFile;

/** Every kind of bad input: one clear line on stderr, exit code 2, no stack trace unless --verbose. */
class BadInputTest {
    @TempDir
    Path dir;
    Path good;
    Path model;

    @BeforeEach
    void files() throws IOException {
        good = Files.writeString(dir.resolve("good.csv"), "a,b,label\n0,0,0\n1,1,1\n0,1,1\n1,0,0\n2,2,1\n3,0,0\n");
        model = dir.resolve("model.vmlp");
        CliRunner r = CliRunner.run("train", "--data", good.toString(), "--epochs", "2", "--save", model.toString());
        assertEquals(0, r.code(), r.toString());
    }

    private static void assertBadInput(String expectedMessage, String... args) {
        CliRunner r = CliRunner.run(args);
        assertEquals(2, r.code(), r.toString());
        assertEquals("vecmlp: " + expectedMessage, r.err().lines().filter(l -> l.startsWith("vecmlp: "))
                .reduce((first, second) -> second).orElse(""), r.toString());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    private Path csv(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void missingEmptyAndUnreadableFiles() throws IOException {
        Path missing = dir.resolve("missing.csv");
        assertBadInput(missing + ": no such file, nor a built-in set (circle, xor, gauss, spiral, plane) (--data)", "train", "--data", missing.toString());
        Path empty = csv("empty.csv", "");
        assertBadInput(empty + ": the file is empty (expected a header row and data rows)", "train", "--data",
                empty.toString());
        assertBadInput(dir + ": not a regular file (--data)", "train", "--data", dir.toString());
    }

    @Test
    void malformedCsv() throws IOException {
        Path ragged = csv("ragged.csv", "a,b,label\n1,2,0\n1,0\n");
        assertBadInput(ragged + ":3: 2 cells but the header has 3 columns", "train", "--data", ragged.toString());
        Path text = csv("text.csv", "a,b,label\n1,2,0\n1,abc,1\n");
        assertBadInput(text + ":3:3: 'abc' is not a number", "train", "--data", text.toString());
        Path nan = csv("nan.csv", "a,b,label\n1,2,0\nInfinity,1,1\n");
        assertBadInput(nan + ":3:1: 'Infinity' is not a finite number (NaN and infinity are not allowed)", "train",
                "--data", nan.toString());
        for (String cell : new String[] {"0x1p3", "1.5f", "2d", "1e", "--1"}) {
            Path odd = csv("odd.csv", "a,b,label\n1,2,0\n1," + cell + ",1\n");
            assertBadInput(odd + ":3:3: '" + cell + "' is not a number", "train", "--data", odd.toString());
        }
        Path twice = csv("twice.csv", "a,b,a,label\n1,2,3,0\n1,2,3,1\n");
        assertBadInput(twice + ":1: column name 'a' appears twice (columns 1 and 3)", "train", "--data",
                twice.toString());
    }

    @Test
    void aLearningRateThatIsZeroInFloatIsRefused() {
        assertBadInput("--lr 1.0E-50 is 0 in single precision, so nothing would train (the smallest positive float is "
                + "1.4E-45)", "train", "--data", "xor", "--lr", "1e-50");
    }

    @Test
    void badLabelsAndColumns() throws IOException {
        Path fractional = csv("fractional.csv", "a,label\n1,0\n2,1.5\n");
        assertBadInput(fractional + ":3: label '1.5' in column 'label' is not a class number (0, 1, 2, …)", "train",
                "--data", fractional.toString(), "--loss", "ce");
        Path outOfRange = csv("range.csv", "a,b,label\n1,2,0\n1,1,4\n");
        assertBadInput(outOfRange + ":3: label 4 is out of range for 2 classes", "eval", "--model", model.toString(),
                "--data", outOfRange.toString());
        assertBadInput(good + ": no column named 'target' (columns: a, b, label)", "train", "--data", good.toString(),
                "--label", "target");
    }

    @Test
    void nonsenseNumbers() {
        assertBadInput("--batch must be a positive integer, 0 or 'full', got '-3'", "train", "--data", "xor",
                "--batch", "-3");
        assertBadInput("--epochs must be at least 1, got 0", "train", "--data", "xor", "--epochs", "0");
        assertBadInput("--lr must be a positive number, got -0.1", "train", "--data", "xor", "--lr", "-0.1");
        assertBadInput("--lr must be a positive number, got NaN", "train", "--data", "xor", "--lr", "NaN");
        assertBadInput("--test-fraction must be in [0, 1), got 1.0", "train", "--data", "xor", "--test-fraction", "1");
        assertBadInput("Invalid value for option '--epochs': 'many' is not an int", "train", "--data", "xor",
                "--epochs", "many");
    }

    @Test
    void unknownNames() {
        assertBadInput("unknown activation 'swish' (expected identity, sigmoid, tanh, relu, leaky-relu[:alpha], "
                + "softmax or threshold)", "train", "--data", "xor", "--activation", "swish");
        assertBadInput("unknown loss 'hinge' (expected mse, mse-sum, bce, ce or perceptron)", "train", "--data", "xor",
                "--loss", "hinge");
        assertBadInput("unknown optimizer 'rmsprop' (expected sgd, momentum, nesterov or adam)", "train", "--data",
                "xor", "--optimizer", "rmsprop");
        assertBadInput("moons: no such file, nor a built-in set (circle, xor, gauss, spiral, plane) (--data)", "train", "--data", "moons");
        assertBadInput("--backend gpu: unknown backend 'gpu' (expected auto, scalar, simd or parallel)", "train", "--data",
                "xor", "--backend", "gpu");
    }

    @Test
    void threadsNeedAParallelBackend() {
        assertBadInput("--threads 2 needs a parallel backend; backend simd runs on one thread", "train", "--data", "xor",
                "--backend", "simd", "--threads", "2");
        assertBadInput("--threads must be at least 1, got 0", "train", "--data", "xor", "--threads", "0");
        assertBadInput("--parallel-mode operation needs a parallel backend; backend simd runs on one thread", "train",
                "--data", "xor", "--backend", "simd", "--parallel-mode", "operation");
        assertBadInput("--shard-rows 32 needs a parallel backend; backend scalar runs on one thread", "train",
                "--data", "xor", "--backend", "scalar", "--shard-rows", "32");
        assertBadInput("--parallel-mode must be auto, data or operation, got 'fast'", "train", "--data", "xor",
                "--backend", "parallel", "--parallel-mode", "fast");
        assertBadInput("--shard-rows must be at least 1, got 0", "train", "--data", "xor", "--backend", "parallel",
                "--shard-rows", "0");
    }

    @Test
    void outputThatDoesNotFitTheLoss() {
        assertBadInput("the network does not fit: ce needs a softmax output, not sigmoid", "train", "--data", "xor",
                "--output", "sigmoid", "--loss", "ce");
        assertBadInput("the network does not fit: bce needs a sigmoid output, not softmax", "train", "--data", "xor",
                "--output", "softmax");
        assertBadInput("--loss bce separates two classes, but three.csv has 3 classes (use ce)", "train", "--data", csvUnchecked("three.csv", "a,label\n0,0\n1,1\n2,2\n"),
                "--loss", "bce");
    }

    private String csvUnchecked(String name, String content) {
        try {
            return csv(name, content).toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void divergenceStopsNamesTheEpochAndKeepsTheLastGoodModel() throws IOException {
        Path saved = dir.resolve("diverged.vmlp");
        CliRunner r = CliRunner.run("train", "--data", "plane", "--hidden", "32", "--loss", "mse-sum",
                "--optimizer", "sgd", "--batch", "full", "--lr", "50", "--epochs", "20", "--save", saved.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().matches("(?s).*vecmlp: training diverged in epoch \\d+: .*try a smaller learning rate.*"
                + "Saved that model to .*"), r.err());
        for (float p : ModelFile.read(saved).model().parameters()) {
            assertTrue(Float.isFinite(p), "the kept model is the last good one");
        }
    }

    @Test
    void badModelFiles() throws IOException {
        byte[] bytes = Files.readAllBytes(model);
        Path truncated = Files.write(dir.resolve("truncated.vmlp"), java.util.Arrays.copyOf(bytes, bytes.length - 9));
        assertBadInput(truncated + ": truncated: " + (bytes.length - 9) + " of " + bytes.length + " bytes", "eval",
                "--model", truncated.toString(), "--data", good.toString());
        byte[] corrupt = bytes.clone();
        corrupt[40] ^= 1;
        Path bad = Files.write(dir.resolve("corrupt.vmlp"), corrupt);
        assertBadInput(bad + ": checksum mismatch: the model file is corrupt", "eval", "--model", bad.toString(),
                "--data", good.toString());
        byte[] future = bytes.clone();
        ByteBuffer.wrap(future).order(ByteOrder.LITTLE_ENDIAN).putShort(4, (short) 2);
        Path newer = Files.write(dir.resolve("future.vmlp"), future);
        assertBadInput(newer + ": written by a newer vecmlp (model format version 2; this version reads up to 1)",
                "predict", "--model", newer.toString(), "--data", good.toString());
        assertBadInput(model + ": the model takes 2 features but wide.csv has 3", "eval", "--model", model.toString(), "--data",
                csvUnchecked("wide.csv", "a,b,c,label\n1,2,3,0\n"));
        assertBadInput(good + ": not a vecmlp model file (bad magic number)", "eval", "--model", good.toString(),
                "--data", good.toString());
    }

    @Test
    void verboseShowsTheStackTrace() {
        CliRunner r = CliRunner.run("train", "--data", "xor", "--activation", "swish", "--verbose");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void aFailedRunLeavesAnExistingModelUntouched() throws IOException {
        byte[] before = Files.readAllBytes(model);
        CliRunner r = CliRunner.run("train", "--data", "xor", "--lr", "-1", "--save", model.toString());
        assertEquals(2, r.code());
        assertArrayEquals(before, Files.readAllBytes(model));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(org.vecmlp.io.AtomicFiles.TEMP_SUFFIX)
                    || p.getFileName().toString().endsWith(".tmp")), "no temporary files");
        }
    }

    @Test
    void serveRefusesBadNumbersByOption() {
        String m = model.toString();
        assertBadInput("--port: must be 0 to 65535, got 70000", "serve", "--model", m, "--port", "70000");
        assertBadInput("--max-batch: must be 1 to 65536, got 0", "serve", "--model", m, "--max-batch", "0");
        assertBadInput("--max-wait-us: must be 0 to 1000000, got -1", "serve", "--model", m, "--max-wait-us", "-1");
        assertBadInput("--queue: must be at least 1, got 0", "serve", "--model", m, "--queue", "0");
        assertBadInput("--timeout-ms: must be 1 to 3600000, got 0", "serve", "--model", m, "--timeout-ms", "0");
        assertBadInput("--max-body: must be 64 to 1073741824 bytes, got 10", "serve", "--model", m, "--max-body",
                "10");
        assertBadInput(dir.resolve("none.vmlp") + ": no such file (--model)", "serve", "--model",
                dir.resolve("none.vmlp").toString());
    }
}
