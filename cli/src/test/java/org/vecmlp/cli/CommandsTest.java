package org.vecmlp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecmlp.io.ModelFile;
import org.vecmlp.io.SavedModel;

/** The commands working end to end on generated sets and files. */
class CommandsTest {
    @TempDir
    Path dir;

    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9.eE+-]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void trainPrintsOneJsonObjectWithEveryRequiredField() {
        CliRunner r = CliRunner.run("train", "--data", "xor", "--samples", "400", "--hidden", "8", "--activation",
                "tanh", "--epochs", "40", "--json");
        assertEquals(0, r.code(), r.toString());
        String json = r.out().trim();
        assertTrue(json.startsWith("{") && json.endsWith("}") && json.lines().count() == 1, json);
        for (String key : List.of("dataset", "train_samples", "test_samples", "layers", "backend", "threads", "epochs",
                "train_loss", "test_loss", "train_accuracy", "test_accuracy", "samples_per_second", "seconds",
                "layer_gradient_norms")) {
            assertTrue(json.contains("\"" + key + "\":"), key + " missing from " + json);
        }
        assertEquals(320, number(json, "train_samples"));
        assertEquals(80, number(json, "test_samples"));
        assertTrue(number(json, "test_accuracy") >= 0.9, json);
        assertTrue(r.err().contains("epoch 40/40"), "progress on stderr: " + r.err());
        assertTrue(r.err().contains("samples/s"), r.err());
    }

    @Test
    void trainSaveEvalAndPredictOnCsv() throws IOException {
        Path csv = dir.resolve("blobs.csv");
        StringBuilder sb = new StringBuilder("x,y,cls\n");
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; i < 300; i++) {
            int c = i % 3;
            sb.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%d%n", c * 4 + random.nextGaussian(),
                    (c == 1 ? 4 : 0) + random.nextGaussian(), c));
        }
        Files.writeString(csv, sb);
        Path model = dir.resolve("blobs.vmlp");
        CliRunner train = CliRunner.run("train", "--data", csv.toString(), "--label", "cls", "--standardize",
                "--epochs", "30", "--save", model.toString());
        assertEquals(0, train.code(), train.toString());
        SavedModel saved = ModelFile.read(model);
        assertEquals(3, saved.classes());
        assertEquals(3, saved.model().spec().outputs(), "three classes give a softmax of three");

        CliRunner eval = CliRunner.run("eval", "--model", model.toString(), "--data", csv.toString(), "--json");
        assertEquals(0, eval.code(), eval.toString());
        assertTrue(number(eval.out(), "accuracy") >= 0.9, eval.out());
        assertTrue(eval.out().contains("\"confusion\":[["), eval.out());
        CliRunner human = CliRunner.run("eval", "--model", model.toString(), "--data", csv.toString());
        assertTrue(human.out().contains("confusion matrix (rows: actual, columns: predicted)"), human.out());

        Path predictions = dir.resolve("pred.csv");
        CliRunner predict = CliRunner.run("predict", "--model", model.toString(), "--data", csv.toString(),
                "--out", predictions.toString());
        assertEquals(0, predict.code(), predict.toString());
        List<String> lines = Files.readAllLines(predictions);
        assertEquals("predicted,p0,p1,p2", lines.get(0));
        assertEquals(301, lines.size());
        String[] first = lines.get(1).split(",");
        double sum = Double.parseDouble(first[1]) + Double.parseDouble(first[2]) + Double.parseDouble(first[3]);
        assertEquals(1.0, sum, 1e-4, "probabilities sum to 1");

        // Features only (no label column) work too.
        Path features = dir.resolve("features.csv");
        Files.writeString(features, "x,y\n0,0\n8,0\n");
        CliRunner unlabeled = CliRunner.run("predict", "--model", model.toString(), "--data", features.toString());
        assertEquals(0, unlabeled.code(), unlabeled.toString());
        assertEquals(3, unlabeled.out().lines().count());
        assertTrue(unlabeled.out().lines().skip(1).findFirst().orElseThrow().startsWith("0,"), unlabeled.out());
    }

    @Test
    void metricsFileHoldsTheJsonWhileStdoutHoldsTheSummary() throws IOException {
        Path metrics = dir.resolve("metrics.json");
        CliRunner r = CliRunner.run("train", "--data", "xor", "--samples", "200", "--hidden", "4", "--epochs", "5",
                "--metrics", metrics.toString());
        assertEquals(0, r.code(), r.toString());
        String json = Files.readString(metrics).trim();
        assertTrue(json.startsWith("{\"dataset\":") && json.endsWith("}"), json);
        assertEquals(160, number(json, "train_samples"));
        assertTrue(!r.out().contains("{") && r.out().contains("test loss"), "summary on stdout: " + r.out());

        Path nowhere = dir.resolve("no-such-dir").resolve("m.json");
        CliRunner bad = CliRunner.run("train", "--data", "xor", "--epochs", "5", "--metrics", nowhere.toString());
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("vecmlp: --metrics: " + nowhere.getParent() + ": no such file or directory (the "
                + "directory to write " + nowhere.getFileName() + " into does not exist)"), bad.err());
        assertTrue(!bad.err().contains("epoch"), "refused before training: " + bad.err());
    }

    @Test
    void versionIsTheBuildsVersion() {
        String expected = System.getProperty("vecmlp.expected.version");
        assertTrue(expected != null && !expected.contains("$"), "surefire passes the pom's version: " + expected);
        CliRunner r = CliRunner.run("--version");
        assertEquals(0, r.code(), r.toString());
        assertEquals("vecmlp " + expected, r.out().lines().findFirst().orElseThrow());
    }

    @Test
    void everyCommandsHelpIsCleanOfPicocliWarnings() {
        java.io.PrintStream stderr = System.err;
        for (String command : List.of("train", "eval", "predict", "info", "tune", "serve")) {
            java.io.ByteArrayOutputStream direct = new java.io.ByteArrayOutputStream();
            System.setErr(new java.io.PrintStream(direct, true, java.nio.charset.StandardCharsets.UTF_8));
            CliRunner r;
            try {
                r = CliRunner.run(command, "--help"); // picocli's own warnings go to System.err
            } finally {
                System.setErr(stderr);
            }
            String all = r.out() + r.err() + direct.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("Usage:"), r.toString());
            assertTrue(!all.contains("picocli WARN") && !all.contains("%n"), command + " --help: " + all);
        }
    }

    @Test
    void regressionOnThePlane() {
        CliRunner r = CliRunner.run("train", "--data", "plane", "--hidden", "", "--epochs", "30", "--json");
        assertEquals(0, r.code(), r.toString());
        assertTrue(number(r.out(), "test_loss") < 0.01, r.out());
        assertTrue(!r.out().contains("accuracy"), "no accuracy for regression: " + r.out());
    }

    @Test
    void idxFilesTrain() throws IOException {
        java.nio.ByteBuffer img = java.nio.ByteBuffer.allocate(16 + 40 * 4);
        img.putInt(0x803).putInt(40).putInt(2).putInt(2);
        java.nio.ByteBuffer lab = java.nio.ByteBuffer.allocate(8 + 40);
        lab.putInt(0x801).putInt(40);
        for (int i = 0; i < 40; i++) {
            int c = i % 2;
            for (int p = 0; p < 4; p++) {
                img.put((byte) (c == 0 ? 10 + p : 200 - p));
            }
            lab.put((byte) c);
        }
        Path images = Files.write(dir.resolve("train-images.idx3-ubyte"), img.array());
        Path labels = Files.write(dir.resolve("train-labels.idx1-ubyte"), lab.array());
        CliRunner r = CliRunner.run("train", "--data", images.toString(), "--labels", labels.toString(),
                "--standardize", "--epochs", "20", "--json");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("\"architecture\":\"4-16(relu)-16(relu)-10(softmax) ce\""), r.out());
        assertEquals(1.0, number(r.out(), "test_accuracy"), r.out());
    }

    @Test
    void sameSeedGivesByteIdenticalModelFiles() throws IOException {
        Path a = dir.resolve("a.vmlp");
        Path b = dir.resolve("b.vmlp");
        for (Path p : List.of(a, b)) {
            CliRunner r = CliRunner.run("train", "--data", "circle", "--epochs", "5", "--save", p.toString());
            assertEquals(0, r.code(), r.toString());
        }
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void parallelTrainingGivesByteIdenticalModelsForOneTwoAndThreeThreads() throws IOException {
        byte[] reference = null;
        for (int threads = 1; threads <= 3; threads++) {
            Path p = dir.resolve("parallel-" + threads + ".vmlp");
            CliRunner r = CliRunner.run("train", "--data", "spiral", "--samples", "1200", "--hidden", "64,64",
                    "--batch", "256", "--epochs", "4", "--backend", "parallel", "--threads", String.valueOf(threads),
                    "--save", p.toString(), "--json");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("\"backend\":\"parallel\",\"threads\":" + threads), r.out());
            byte[] bytes = Files.readAllBytes(p);
            if (reference == null) {
                reference = bytes;
            } else {
                assertArrayEquals(reference, bytes, threads + " threads vs 1");
            }
        }
    }

    @Test
    void operationParallelTrainingWritesTheSameModelAsSimd() throws IOException {
        Path dir = Files.createTempDirectory("vecmlp-operation");
        Path simd = dir.resolve("simd.vmlp");
        Path parallel = dir.resolve("operation.vmlp");
        String[] common = {"train", "--data", "spiral", "--samples", "1200", "--hidden", "256,256", "--batch", "256",
                "--epochs", "2", "--json"};
        CliRunner s = CliRunner.run(concat(common, "--backend", "simd", "--save", simd.toString()));
        assertEquals(0, s.code(), s.err());
        CliRunner p = CliRunner.run(concat(common, "--backend", "parallel", "--threads", "2", "--parallel-mode",
                "operation", "--save", parallel.toString()));
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("\"parallel_mode\":\"operation\",\"shard_rows\":64"), p.out());
        assertArrayEquals(Files.readAllBytes(simd), Files.readAllBytes(parallel),
                "operation parallelism splits GEMMs by output blocks only, so its model equals SIMD's byte for byte");
        CliRunner auto = CliRunner.run(concat(common, "--backend", "parallel", "--threads", "2", "--shard-rows", "32"));
        assertTrue(auto.out().contains("\"parallel_mode\":\"data\",\"shard_rows\":32"), auto.out());
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void singleNeuronsAndThePerceptronCriterion() {
        CliRunner r = CliRunner.run("train", "--data", "gauss", "--hidden", "", "--loss", "perceptron",
                "--optimizer", "sgd", "--batch", "1", "--lr", "1", "--epochs", "10", "--json");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("\"architecture\":\"2-1(threshold) perceptron\""), r.out());
        assertTrue(number(r.out(), "test_accuracy") >= 0.95, r.out());
    }

    @Test
    void infoNamesTheBackend() {
        CliRunner r = CliRunner.run("info", "--json");
        assertEquals(0, r.code(), r.toString());
        String chosen = org.vecmlp.kernel.BackendProvider.defaultBackend().name();
        assertTrue(r.out().contains("\"backend\":\"" + chosen + "\""), r.out());
        assertTrue(r.out().contains("\"vector_module\":true"), "tests run with the Vector API: " + r.out());
        assertTrue(r.out().contains("\"backends\":[\"scalar\",\"simd\",\"parallel\"]"), r.out());
        assertTrue(r.out().contains("\"cores\":"), r.out());
    }
}
