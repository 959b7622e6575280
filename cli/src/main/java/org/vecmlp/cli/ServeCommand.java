package org.vecmlp.cli;

import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.vecmlp.cli.serve.ModelServer;
import org.vecmlp.infer.BatchingPredictor;
import org.vecmlp.io.SavedModel;
import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.BackendProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vecmlp serve}: a model behind HTTP, concurrent requests batched together (see {@link ModelServer}). */
@Command(name = "serve", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Serve a saved model over HTTP: POST /v1/predict with {\"row\": [..]} or {\"rows\": [[..], ..]}, "
                + "GET /health, GET /metrics (Prometheus). Concurrent requests are predicted as one batch; every "
                + "answer is bitwise the single-row prediction. SIGTERM or Ctrl-C answers what was accepted, then "
                + "stops."})
final class ServeCommand implements Callable<Integer> {
    private static final String IDLE_CONNECTIONS = "sun.net.httpserver.maxIdleConnections";

    @ParentCommand
    VecmlpCommand parent;

    @Mixin
    ModelOption modelOption;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}: "
            + "this machine only).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port, 0 for any free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--max-batch", defaultValue = "64", description = "Rows predicted together at most (default "
            + "${DEFAULT-VALUE}); 1 turns batching off.")
    int maxBatch;

    @Option(names = "--max-wait-us", defaultValue = "0", description = "Microseconds a batch waits for more "
            + "requests (default ${DEFAULT-VALUE}: a batch is what arrived while the previous one ran).")
    long maxWaitMicros;

    @Option(names = "--queue", defaultValue = "4096", description = "Requests accepted and unanswered at most; past "
            + "it, 503 (default ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--timeout-ms", defaultValue = "1000", description = "Milliseconds a request may wait to be run; "
            + "past it, 504 (default ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Option(names = "--threads", defaultValue = "1", description = "Threads a batch is split across (a parallel "
            + "backend above 1; default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--max-body", defaultValue = "1048576", description = "Largest request body in bytes; past it, "
            + "413 (default ${DEFAULT-VALUE}).")
    int maxBody;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, scalar, simd or parallel (default "
            + "${DEFAULT-VALUE}).")
    String backend;

    @Override
    public Integer call() throws IOException, InterruptedException {
        check();
        // The JDK's server closes idle keep-alive connections past 200 (its default), which a load of more
        // connections than that sees as dropped requests; this process is the server, so it raises the cap.
        if (System.getProperty(IDLE_CONNECTIONS) == null) {
            System.setProperty(IDLE_CONNECTIONS, "100000");
        }
        SavedModel saved = modelOption.read();
        Backend chosen = Backends.resolve(backend, threads);
        BackendProvider.warmUp(Duration.ofSeconds(30)); // a server wants compiled vector code from its first request
        BatchingPredictor.Options batching = maxBatch == 1 ? null : new BatchingPredictor.Options(maxBatch,
                Duration.ofNanos(maxWaitMicros * 1000), queue, Duration.ofMillis(timeoutMillis));
        ModelServer server;
        try {
            server = ModelServer.start(host, port, saved.predictor(chosen), new ModelServer.Options(maxBody, batching,
                    saved.classes(), modelOption.model.getFileName().toString()));
        } catch (BindException e) {
            chosen.close();
            throw new CliException("--port: cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")", e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { // SIGTERM, Ctrl-C: answer what was accepted
            server.close();
            chosen.close();
            stopped.countDown();
        }, "vecmlp-serve-shutdown"));
        String shown = host.contains(":") ? "[" + host + "]" : host;
        parent.out().println("vecmlp serve: " + modelOption.model + " (" + saved.model().spec().describe() + ") on http://"
                + shown + ":" + server.port() + "/v1/predict, " + chosen.name() + ", " + (batching == null
                ? "no batching" : "batches of up to " + maxBatch + " rows within " + maxWaitMicros + " µs"));
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            parent.err().println("vecmlp serve: warning: bound to " + host + ", reachable from other machines");
        }
        parent.out().flush();
        stopped.await();
        return 0;
    }

    /** Every number checked, by option, before the model is read. */
    private void check() {
        if (port < 0 || port > 65535) {
            throw new CliException("--port: must be 0 to 65535, got " + port);
        }
        if (maxBatch < 1 || maxBatch > 65536) {
            throw new CliException("--max-batch: must be 1 to 65536, got " + maxBatch);
        }
        if (maxWaitMicros < 0 || maxWaitMicros > 1_000_000) {
            throw new CliException("--max-wait-us: must be 0 to 1000000, got " + maxWaitMicros);
        }
        if (queue < 1) {
            throw new CliException("--queue: must be at least 1, got " + queue);
        }
        if (timeoutMillis < 1 || timeoutMillis > 3_600_000) {
            throw new CliException("--timeout-ms: must be 1 to 3600000, got " + timeoutMillis);
        }
        if (threads < 1 || threads > 1024) {
            throw new CliException("--threads: must be 1 to 1024, got " + threads);
        }
        if (maxBody < 64 || maxBody > 1 << 30) {
            throw new CliException("--max-body: must be 64 to 1073741824 bytes, got " + maxBody);
        }
    }
}
