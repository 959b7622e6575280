package org.vecmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vecmlp playground}: pictures written where asked; bad options refused before any work, exit 2. */
class PlaygroundCommandTest {
    @Test
    void writesThePicturesAndTheIndex(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pics");
        CliRunner r = CliRunner.run("playground", "--effort", "0.02", "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(Files.exists(out.resolve("index.html")));
        assertTrue(Files.exists(out.resolve("vanishing-ratio.png")));
        assertTrue(r.out().contains(out.resolve("boundaries.png").toString()), r.out());
    }

    @Test
    void anOutputThatIsAFileIsRefusedFirst(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        CliRunner r = CliRunner.run("playground", "--out", file.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertEquals("vecmlp: --out: " + file + " exists and is not a directory\n", r.err());
    }

    @Test
    void badNumbersAreRefused() {
        CliRunner r = CliRunner.run("playground", "--effort", "2");
        assertEquals(Main.BAD_INPUT, r.code());
        assertEquals("vecmlp: --effort: must be in (0, 1], got 2.0\n", r.err());
        r = CliRunner.run("playground", "--serve", "--port", "70000");
        assertEquals(Main.BAD_INPUT, r.code());
        assertEquals("vecmlp: --port: must be 0 to 65535, got 70000\n", r.err());
        r = CliRunner.run("playground", "--serve", "--max-sessions", "0");
        assertEquals("vecmlp: --max-sessions: must be 1 to 10000, got 0\n", r.err());
    }

    @Test
    void aTakenPortIsRefused() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRunner r = CliRunner.run("playground", "--serve", "--port", Integer.toString(taken.getLocalPort()));
            assertEquals(Main.BAD_INPUT, r.code(), r.toString());
            assertTrue(r.err().startsWith("vecmlp: --port: cannot listen on 127.0.0.1:" + taken.getLocalPort()),
                    r.err());
        }
    }
}
