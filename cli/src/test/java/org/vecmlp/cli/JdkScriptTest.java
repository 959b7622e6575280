package org.vecmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/lib/jdk.sh says why it stops when there is no JDK 25 (under `set -euo pipefail`, as every script runs). */
class JdkScriptTest {
    @TempDir
    Path dir;

    @Test
    void noJdk25GivesTheMessageNotASilentExit() throws IOException, InterruptedException {
        // A JDK 17 without a release file in JAVA_HOME, and an empty JDK folder to search.
        Path old = Files.createDirectories(dir.resolve("jdk17/bin"));
        for (String tool : new String[] {"java", "javac"}) {
            Path p = old.resolve(tool);
            Files.writeString(p, "#!/bin/sh\necho 'openjdk version \"17.0.9\" 2023-10-17' >&2\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path empty = Files.createDirectories(dir.resolve("jvm"));
        Path script = Path.of("..", "scripts", "vecmlp").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "info").redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", dir.resolve("jdk17").toString());
        pb.environment().put("VECMLP_JVM_DIR", empty.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the script ends");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("vecmlp: no JDK 25 or newer found (JAVA_HOME='" + dir.resolve("jdk17")
                + "' is older or unset, and " + empty + " has none)."), out);
    }
}
