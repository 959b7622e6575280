package org.vecmlp.cli;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.playground.pictures.PlaygroundPictures;
import org.vecmlp.playground.server.PlaygroundServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vecmlp playground}: the lecture's playground on this engine — the lessons as PNG pictures with an index
 * page, or ({@code --serve}) the live page, trained in this process and streamed to the browser.
 */
@Command(name = "playground", mixinStandardHelpOptions = true,
        description = {"Draw the lecture's lessons (decision boundaries, one setting at a time, vanishing gradients, "
                + "bias-variance, L1 sparsity, optimisation) as PNG files with an index.html, or serve the live "
                + "playground page (--serve): TensorFlow Playground's data, settings and rules, trained by this engine."})
final class PlaygroundCommand implements Callable<Integer> {
    @ParentCommand
    VecmlpCommand parent;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/playground",
            description = "Where to write the pictures (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--effort", paramLabel = "F", defaultValue = "1",
            description = "Share of the full epochs to train, in (0, 1] (default: ${DEFAULT-VALUE}; 0.1 for a quick "
                    + "look).")
    double effort;

    @Option(names = "--serve", description = "Serve the live page instead of writing pictures.")
    boolean serve;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "The live page's port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to bind (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "32",
            description = "The most pages (sessions) at once (default: ${DEFAULT-VALUE}).")
    int maxSessions;

    @Option(names = "--idle-minutes", paramLabel = "M", defaultValue = "10",
            description = "Remove a session after this many minutes without a request or an open page (default: "
                    + "${DEFAULT-VALUE}).")
    int idleMinutes;

    @Override
    public Integer call() throws IOException, InterruptedException {
        System.setProperty("java.awt.headless", "true"); // pictures are drawn off screen, with or without a display
        Backend backend = BackendProvider.bestSerial();
        // The SIMD kernels run scalar twins (the same bits) until their vector code is compiled; a server, and a
        // batch of thousands of tiny trainings, want the vector code from the start.
        BackendProvider.warmUp(Duration.ofSeconds(30));
        if (serve) {
            return serve(backend);
        }
        if (!(effort > 0 && effort <= 1)) {
            throw new CliException("--effort: must be in (0, 1], got " + effort);
        }
        checkOutputFolder();
        parent.err().println("vecmlp playground: training the lessons on " + backend.name() + " into " + out);
        long start = System.nanoTime();
        PlaygroundPictures.Result result = PlaygroundPictures.write(out, effort, backend);
        for (PlaygroundPictures.Figure f : result.figures()) {
            parent.out().println(out.resolve(f.file()));
        }
        parent.out().println(out.resolve("index.html"));
        parent.err().printf(Locale.ROOT, "vecmlp playground: %d pictures in %.1f s; open %s%n",
                result.figures().size(), (System.nanoTime() - start) / 1e9, out.resolve("index.html"));
        return 0;
    }

    /** The folder must be a folder we can write, checked (and made) before minutes of training. */
    private void checkOutputFolder() throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new CliException("--out: " + out + " exists and is not a directory");
        }
        try {
            Files.createDirectories(out);
            Path probe = Files.createTempFile(out, ".vecmlp-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new CliException("--out: cannot write into " + out + ": " + Main.describe(e), e);
        }
    }

    private int serve(Backend backend) throws IOException, InterruptedException {
        if (port < 0 || port > 65535) {
            throw new CliException("--port: must be 0 to 65535, got " + port);
        }
        if (maxSessions < 1 || maxSessions > 10_000) {
            throw new CliException("--max-sessions: must be 1 to 10000, got " + maxSessions);
        }
        if (idleMinutes < 1 || idleMinutes > 24 * 60) {
            throw new CliException("--idle-minutes: must be 1 to 1440, got " + idleMinutes);
        }
        PlaygroundServer server;
        try {
            server = PlaygroundServer.start(host, port, new PlaygroundServer.Options(maxSessions,
                    Duration.ofMinutes(idleMinutes), Duration.ofMillis(50), backend));
        } catch (BindException e) {
            throw new CliException("--port: cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")", e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "playground-shutdown"));
        String shown = host.contains(":") ? "[" + host + "]" : host;
        parent.out().println("vecmlp playground: serving http://" + shown + ":" + server.port() + "/ on "
                + backend.name() + " (Ctrl-C stops it)");
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            parent.err().println("vecmlp playground: warning: bound to " + host + ", reachable from other machines");
        }
        parent.out().flush();
        stopped.await();
        return 0;
    }
}
