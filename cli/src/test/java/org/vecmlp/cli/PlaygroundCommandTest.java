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

    /** The live page's download is a model file the command line evaluates (its inputs: the features switched on). */
    @Test
    void aModelDownloadedFromTheLivePageEvaluates(@TempDir Path dir) throws Exception {
        org.vecmlp.playground.server.PlaygroundServer server = org.vecmlp.playground.server.PlaygroundServer.start(
                "127.0.0.1", 0, new org.vecmlp.playground.server.PlaygroundServer.Options(2,
                        java.time.Duration.ofMinutes(1), java.time.Duration.ofMillis(50),
                        org.vecmlp.kernel.Backend.scalar()));
        try {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port() + "/api/sessions";
            String body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            String id = body.replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
            for (String[] call : new String[][] {{"settings", "dataset=xor&networkShape=4&mode=engine&loss=bce"
                    + "&xTimesY=true"}, {"step", ""}, {"step", ""}}) {
                assertEquals(200, http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/" + id
                        + "/" + call[0])).POST(java.net.http.HttpRequest.BodyPublishers.ofString(call[1])).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
            }
            Path model = dir.resolve("playground.vmlp");
            http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/" + id + "/model.vmlp"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofFile(model));
            // The features the page switched on, X1, X2 and X1·X2, and the class (1 where X1·X2 > 0, as in xor).
            StringBuilder csv = new StringBuilder("x,y,xTimesY,label\n");
            for (int i = 0; i < 40; i++) {
                double x = (i % 8) - 3.5, y = (i / 8) - 2.5;
                csv.append(x).append(',').append(y).append(',').append(x * y).append(',').append(x * y > 0 ? 1 : 0)
                        .append('\n');
            }
            Path data = Files.writeString(dir.resolve("xor.csv"), csv);
            CliRunner r = CliRunner.run("eval", "--model", model.toString(), "--data", data.toString(), "--json");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("\"samples\":40") && r.out().contains("\"accuracy\":"), r.out());
        } finally {
            server.close();
        }
    }
}
