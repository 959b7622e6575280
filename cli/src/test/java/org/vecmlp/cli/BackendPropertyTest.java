package org.vecmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code --backend auto} (the default) follows {@code -Dvecmlp.backend}, which is chosen once per JVM: a child JVM. */
class BackendPropertyTest {
    @Test
    void trainOnAutoHonoursTheBackendProperty() throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "--add-modules", "jdk.incubator.vector", "-Dvecmlp.backend=scalar",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train", "--data", "xor",
                "--samples", "100", "--epochs", "2", "--json").redirectErrorStream(false).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM ends");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out + err);
        assertTrue(out.contains("\"backend\":\"scalar\""), out);
    }

    @Test
    void aVectorSizeNoCpuHasIsRefusedNotSilentlyScalar() throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "--add-modules", "jdk.incubator.vector", "-Dvecmlp.simd.bits=abc",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train", "--data", "xor",
                "--samples", "100", "--epochs", "2").start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM ends");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), out + err);
        assertTrue(err.contains("-Dvecmlp.simd.bits=abc is not a vector size (use 128, 256 or 512, or leave it unset "
                + "for the CPU's own)"), err);
        assertTrue(!err.contains("\tat "), "no stack trace: " + err);
    }
}
