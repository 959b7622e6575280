package org.vecmlp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecmlp.data.Dataset;
import org.vecmlp.data.Generators;
import org.vecmlp.io.ModelFile;
import org.vecmlp.spark.TrainJob;

/**
 * {@code vecmlp train --spark}: an embedded local Spark writes, byte for byte, the model file of the in-process
 * reference over the same partitions, in both modes; the spark-submit job {@link TrainJob} reading the same CSV
 * through Hadoop's file system writes that file too; bad options are refused before Spark starts.
 */
class SparkTrainTest {
    @TempDir
    Path dir;

    /** A CSV of the spiral with its labels: the same rows for the command and for the job. */
    private Path spiralCsv() throws IOException {
        Dataset d = Generators.spiral(300, 0.1, 5);
        StringBuilder b = new StringBuilder("x1,x2,label\n");
        for (int r = 0; r < d.rows(); r++) {
            b.append(d.features()[2 * r]).append(',').append(d.features()[2 * r + 1]).append(',')
                    .append(d.labels()[r]).append('\n');
        }
        return Files.writeString(dir.resolve("spiral.csv"), b);
    }

    private static final List<String> MODEL = List.of("--hidden", "12,8", "--activation", "tanh", "--epochs", "4",
            "--batch", "20", "--lr", "0.05", "--optimizer", "adam", "--l2", "0.0001", "--standardize", "--seed", "3");

    private byte[] train(Path csv, String master, String name, String... extra) throws IOException {
        Path model = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("train", "--data", csv.toString(), "--spark", master,
                "--save", model.toString()));
        args.addAll(MODEL);
        args.addAll(List.of(extra));
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("model saved to " + model), r.toString());
        return Files.readAllBytes(model);
    }

    @Test
    void theEmbeddedSparkWritesTheReferencesModelFileByteForByte() throws IOException {
        Path csv = spiralCsv();
        byte[] reference = train(csv, "in-process", "reference.vmlp", "--partitions", "4");
        assertArrayEquals(reference, train(csv, "local[2]", "spark.vmlp", "--partitions", "4"), "sync");
        ModelFile.decode("reference", reference); // a model file that reads back

        byte[] localReference = train(csv, "in-process", "local-ref.vmlp", "--partitions", "3", "--spark-mode",
                "local-sgd", "--local-steps", "3");
        assertArrayEquals(localReference, train(csv, "local[2]", "local.vmlp", "--partitions", "3", "--spark-mode",
                "local-sgd", "--local-steps", "3"), "local SGD");
        assertFalse(java.util.Arrays.equals(reference, localReference), "the two modes train differently");

        // The spark-submit job, reading the CSV through Hadoop (file://), writes the command's file.
        Path jobModel = dir.resolve("job.vmlp");
        List<String> args = new ArrayList<>(List.of("--master", "local[2]", "--data", csv.toUri().toString(),
                "--save", jobModel.toUri().toString(), "--partitions", "4"));
        args.addAll(MODEL);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TrainJob.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertArrayEquals(reference, Files.readAllBytes(jobModel), "TrainJob");
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(), listing.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".crc") || n.contains("vecmlp-tmp")).toList(), "nothing left beside it");
        }
    }

    private void assertRefused(String expected, String... options) throws IOException {
        Path csv = dir.resolve("spiral.csv");
        if (!Files.exists(csv)) {
            spiralCsv();
        }
        List<String> args = new ArrayList<>(List.of("train", "--data", csv.toString(), "--epochs", "1"));
        args.addAll(List.of(options));
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(2, r.code(), r.toString());
        assertEquals("vecmlp: " + expected, r.err().lines().filter(l -> l.startsWith("vecmlp: "))
                .reduce((a, b) -> b).orElse(""), r.toString());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void badOptionsAreRefusedBeforeSparkStarts() throws IOException {
        assertRefused("--spark 'locl[2]' is not a master this process can start (expected local, local[N], local[*], "
                + "local[N,F] with F attempts a task, or in-process for the reference without Spark)",
                "--spark", "locl[2]");
        assertRefused("--spark 'spark://head:7077' is a cluster master: submit the job with spark-submit --class "
                + "org.vecmlp.spark.TrainJob spark/target/vecmlp-spark.jar, which reads its master from spark-submit "
                + "(expected local, local[N], local[*], local[N,F] with F attempts a task, or in-process for the "
                + "reference without Spark)", "--spark", "spark://head:7077");
        assertRefused("--partitions must be at least 1, got 0", "--spark", "local[2]", "--partitions", "0");
        assertRefused("--partitions 241: more partitions than the 240 training rows (each partition needs at least "
                + "one)", "--spark", "local[2]", "--partitions", "241");
        assertRefused("--spark in-process needs --partitions N: the partitions of the run it stands in for",
                "--spark", "in-process");
        assertRefused("--spark-mode unknown distributed mode 'async' (expected sync or local-sgd)", "--spark",
                "local[2]", "--spark-mode", "async");
        assertRefused("--local-steps must be at least 1, got 0", "--spark", "local[2]", "--spark-mode", "local-sgd",
                "--local-steps", "0");
        assertRefused("--partitions goes with --spark MASTER", "--partitions", "4");
        assertRefused("--early-stop does not go with --spark: the partitions are the parallelism and every epoch "
                + "runs to the end", "--spark", "local[2]", "--early-stop", "3");
        assertRefused("--backend parallel: with --spark every partition runs the scalar or simd kernels on one "
                + "thread; the partitions are the parallelism", "--spark", "local[2]", "--backend", "parallel");
        assertRefused("--schedule cosine does not go with --spark (a constant rate only)", "--spark", "local[2]",
                "--schedule", "cosine");
    }

    @Test
    void aDivergingRunStopsWithItsStepAndSavesTheLastGoodModel() throws IOException {
        Path model = dir.resolve("diverged.vmlp");
        CliRunner r = CliRunner.run("train", "--data", "plane", "--loss", "mse", "--optimizer", "sgd", "--hidden", "16",
                "--batch", "20", "--lr", "0.2", "--epochs", "20", "--spark", "in-process", "--partitions", "2",
                "--save", model.toString());
        assertEquals(2, r.code(), r.toString());
        assertEquals("vecmlp: training diverged at step 4 (epoch 1): the loss became non-finite; lower the learning "
                + "rate. Saved that model to " + model + ".", r.err().lines().filter(l -> l.startsWith("vecmlp: "))
                .reduce((a, b) -> b).orElse(""), r.toString());
        var saved = ModelFile.read(model);
        assertEquals("0", saved.metadata().get("epochs"), "no epoch was completed before step 4 of 40");
        for (float w : saved.model().parameters()) {
            assertTrue(Float.isFinite(w), "the last good step's weights");
        }
    }
}
