package org.vecmlp.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecmlp.io.ModelFile;
import org.vecmlp.io.SavedModel;

/**
 * The spark-submit job's own behaviour: it trains from a Hadoop path and writes a model file that reads back; bad
 * input gets exit 2 and one line naming the option or the file's line, without a stack trace, and no model file.
 * (That its file equals {@code vecmlp train --spark}'s byte for byte is checked in the command line's tests.)
 */
class TrainJobTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
        String lastLine() {
            return err.lines().filter(l -> l.startsWith("vecmlp: ")).reduce((a, b) -> b).orElse("");
        }
    }

    private static Run job(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TrainJob.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path csv(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void trainsFromAHadoopPathAndWritesAModelThatReadsBack() throws IOException {
        StringBuilder b = new StringBuilder("a,b,target\n");
        for (int i = 0; i < 80; i++) {
            float x = i / 80f;
            b.append(x).append(',').append(1 - x).append(',').append(2 * x - 0.5f).append('\n');
        }
        Path data = csv("line.csv", b.toString());
        Path model = dir.resolve("line.vmlp");
        Run r = job("--master", "local[2]", "--data", data.toUri().toString(), "--save", model.toUri().toString(),
                "--hidden", "4", "--epochs", "30", "--lr", "0.05", "--partitions", "2", "--spark-mode", "local-sgd",
                "--local-steps", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("model saved to file:" + model), r.out());
        assertTrue(r.err().contains("epoch 1/"), "progress on stderr: " + r.err());
        SavedModel saved = ModelFile.read(model);
        assertEquals("line.csv", saved.metadata().get("dataset"));
        assertEquals(0, saved.classes(), "integer-free targets: regression");

        Run bad = job("--master", "local[2]", "--data", csv("bad.csv", "a,b\n1,2\n3,x\n").toString(), "--save",
                dir.resolve("bad.vmlp").toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.lastLine().endsWith("bad.csv:3:3: 'x' is not a number"), bad.err());
        assertFalse(bad.err().contains("\tat "), "no stack trace: " + bad.err());
        assertFalse(Files.exists(dir.resolve("bad.vmlp")));
    }

    @Test
    void badPathsAndOptionsAreRefusedByName() throws IOException {
        Path data = csv("tiny.csv", "a,label\n0,0\n1,1\n2,0\n3,1\n4,0\n");
        Path missingFolder = dir.resolve("no-such-folder").resolve("m.vmlp");
        Run r = job("--master", "local[1]", "--data", data.toString(), "--save", missingFolder.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("vecmlp: --save " + missingFolder + ": the folder file:" + missingFolder.getParent()
                + " does not exist", r.lastLine());

        r = job("--master", "local[1]", "--data", dir.resolve("absent.csv").toString(), "--save",
                dir.resolve("m.vmlp").toString());
        assertEquals(2, r.code());
        assertEquals("vecmlp: --data " + dir.resolve("absent.csv") + ": no such file", r.lastLine());

        r = job("--master", "local[1]", "--data", data.toString(), "--save", dir.resolve("m.vmlp").toString(),
                "--partitions", "5");
        assertEquals(2, r.code());
        assertEquals("vecmlp: --partitions 5: more partitions than the 4 training rows", r.lastLine());

        r = job("--data", data.toString(), "--save", dir.resolve("m.vmlp").toString(), "--local-steps", "0");
        assertEquals(2, r.code());
        assertEquals("vecmlp: --local-steps must be at least 1, got 0", r.lastLine());
        assertFalse(Files.exists(dir.resolve("m.vmlp")));
    }
}
