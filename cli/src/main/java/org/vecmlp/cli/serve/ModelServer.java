package org.vecmlp.cli.serve;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.vecmlp.infer.BatchingPredictor;
import org.vecmlp.infer.Predictor;
import org.vecmlp.nn.Outputs;

/**
 * A model behind HTTP, on the JDK's server with a virtual thread a request: {@code POST /v1/predict} with JSON rows
 * in and outputs out, {@code GET /health}, and {@code GET /metrics} in Prometheus' text format. With batching, the
 * rows of concurrent requests are predicted together by a {@link BatchingPredictor} (answers bitwise those of a
 * single prediction); without, each request calls the predictor itself. Every input is checked: its size before it
 * is read (413), its JSON, the rows' width and every number (400, with the reason); a full queue is 503, a request
 * that waited past its timeout 504. {@link #close()} stops taking connections, answers what was accepted, then stops.
 */
public final class ModelServer implements AutoCloseable {
    /**
     * How the server runs.
     *
     * @param maxBody   the largest request body, in bytes
     * @param batching  batch concurrent requests (null: every request predicts on its own)
     * @param classes   the model's classes (0: regression), as its file says
     * @param modelName what {@code /health} calls the model
     */
    public record Options(int maxBody, BatchingPredictor.Options batching, int classes, String modelName) {
        /** Checks the body limit. */
        public Options {
            if (maxBody < 16) {
                throw new IllegalArgumentException("the body limit must be at least 16 bytes, got " + maxBody);
            }
            Objects.requireNonNull(modelName, "modelName");
        }
    }

    private final HttpServer http;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final Predictor predictor;
    private final BatchingPredictor batching;
    private final Options options;
    private final Metrics metrics = new Metrics();

    private ModelServer(HttpServer http, Predictor predictor, Options options) {
        this.http = http;
        this.predictor = predictor;
        this.options = options;
        this.batching = options.batching() == null ? null
                : new BatchingPredictor(predictor, options.batching(), metrics::batch);
    }

    /**
     * Starts serving.
     *
     * @param host      the address to bind (127.0.0.1 keeps it to this machine)
     * @param port      the port, 0 for any free one
     * @param predictor the model
     * @param options   limits and batching
     * @return the running server
     * @throws IOException when the address cannot be bound
     */
    public static ModelServer start(String host, int port, Predictor predictor, Options options) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 1024);
        ModelServer server = new ModelServer(http, predictor, options);
        http.setExecutor(server.handlers);
        http.createContext("/", server::handle);
        http.start();
        return server;
    }

    /** {@return the port it listens on} */
    public int port() {
        return http.getAddress().getPort();
    }

    /** {@return the counters behind {@code /metrics}} */
    public Metrics metrics() {
        return metrics;
    }

    /** Stops taking connections, waits up to 5 s for the requests in progress, then stops the batching. */
    @Override
    public void close() {
        http.stop(5);
        if (batching != null) {
            batching.close();
        }
        handlers.shutdown();
    }

    private void handle(HttpExchange ex) throws IOException {
        ex.setAttribute(STARTED, System.nanoTime());
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            switch (path) {
                case "/v1/predict" -> {
                    if (method.equals("POST")) {
                        predict(ex);
                    } else {
                        error(ex, 405, "use POST for " + path);
                    }
                }
                case "/health", "/metrics" -> {
                    if (!method.equals("GET")) {
                        error(ex, 405, "use GET for " + path);
                    } else if (path.equals("/health")) {
                        health(ex);
                    } else {
                        metricsPage(ex);
                    }
                }
                default -> error(ex, 404, "no such path (POST /v1/predict, GET /health, GET /metrics)");
            }
        }
    }

    /** The exchange attribute holding its start, for the latency metric. */
    private static final String STARTED = "vecmlp.started";

    private int health(HttpExchange ex) throws IOException {
        return send(ex, 200, "{\"status\":\"ok\",\"model\":" + quote(options.modelName()) + ",\"inputs\":"
                + predictor.inputs() + ",\"outputs\":" + predictor.outputs() + ",\"classes\":" + options.classes()
                + ",\"batching\":" + (batching != null) + "}");
    }

    private int metricsPage(HttpExchange ex) throws IOException {
        byte[] body = metrics.prometheus(batching == null ? 0 : batching.queued()).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        return 200;
    }

    private int predict(HttpExchange ex) throws IOException {
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > options.maxBody()) {
                    return error(ex, 413, "the body is " + declared.strip() + " bytes; at most " + options.maxBody());
                }
            } catch (NumberFormatException e) {
                return error(ex, 400, "Content-Length '" + declared + "' is not a number");
            }
        }
        byte[] raw;
        try (InputStream in = ex.getRequestBody()) {
            raw = in.readNBytes(options.maxBody() + 1);
        }
        if (raw.length > options.maxBody()) {
            return error(ex, 413, "the body is over " + options.maxBody() + " bytes");
        }
        float[] x;
        int rows;
        try {
            List<float[]> parsed = rows(new String(raw, StandardCharsets.UTF_8));
            rows = parsed.size();
            x = new float[rows * predictor.inputs()];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(parsed.get(r), 0, x, r * predictor.inputs(), predictor.inputs());
            }
        } catch (BadRequest e) {
            return error(ex, 400, e.getMessage());
        }
        float[] y;
        if (batching == null) {
            y = new float[rows * predictor.outputs()];
            predictor.predict(x, rows, y);
        } else {
            try {
                y = batching.submit(x, rows, null).get();
            } catch (ExecutionException e) {
                return switch (e.getCause()) {
                    case RejectedExecutionException r -> error(ex, 503, r.getMessage());
                    case TimeoutException t -> error(ex, 504, t.getMessage());
                    default -> error(ex, 500, "the prediction failed: " + e.getCause());
                };
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return error(ex, 503, "the server is stopping");
            }
        }
        return send(ex, 200, answer(y, rows));
    }

    /** The outputs as JSON: a class and its probabilities per row for a classifier, else the values. */
    private String answer(float[] y, int rows) {
        int width = predictor.outputs();
        StringBuilder b = new StringBuilder(rows * width * 12 + 32);
        if (options.classes() > 0) {
            b.append("{\"classes\":[");
            for (int r = 0; r < rows; r++) {
                b.append(r == 0 ? "" : ",").append(Outputs.predictedClass(y, r * width, width));
            }
            b.append("],\"probabilities\":[");
        } else {
            b.append("{\"values\":[");
        }
        for (int r = 0; r < rows; r++) {
            b.append(r == 0 ? "[" : ",[");
            if (options.classes() > 0 && width == 1) { // one sigmoid unit: p(class 1); both classes are shown
                b.append(Float.toString(1 - y[r])).append(',').append(Float.toString(y[r]));
            } else {
                for (int j = 0; j < width; j++) {
                    b.append(j == 0 ? "" : ",").append(Float.toString(y[r * width + j])); // round-trips exactly
                }
            }
            b.append(']');
        }
        return b.append("]}").toString();
    }

    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    /** {@code {"row": [..]}} or {@code {"rows": [[..], ..]}}: the rows, each checked for width and finite numbers. */
    private List<float[]> rows(String body) throws BadRequest {
        if (body.isBlank()) {
            throw new BadRequest("the body is empty; send {\"row\": [features]} or {\"rows\": [[features], …]}");
        }
        List<float[]> rows = new ArrayList<>();
        try (JsonReader in = new JsonReader(new StringReader(body))) {
            in.setStrictness(com.google.gson.Strictness.STRICT);
            if (in.peek() != JsonToken.BEGIN_OBJECT) {
                throw new BadRequest("the body is not a JSON object; send {\"row\": [features]} or {\"rows\": "
                        + "[[features], …]}");
            }
            in.beginObject();
            boolean seen = false;
            while (in.hasNext()) {
                String name = in.nextName();
                switch (name) {
                    case "row" -> {
                        rows.add(row(in, 0));
                        seen = true;
                    }
                    case "rows" -> {
                        if (in.peek() != JsonToken.BEGIN_ARRAY) {
                            throw new BadRequest("\"rows\" must be an array of rows");
                        }
                        in.beginArray();
                        while (in.hasNext()) {
                            rows.add(row(in, rows.size()));
                        }
                        in.endArray();
                        seen = true;
                    }
                    default -> throw new BadRequest("unknown field " + quote(name.length() > 40
                            ? name.substring(0, 40) + "…" : name) + " (send \"row\" or \"rows\")");
                }
            }
            in.endObject();
            if (in.peek() != JsonToken.END_DOCUMENT) {
                throw new BadRequest("text after the JSON object");
            }
            if (!seen || rows.isEmpty()) {
                throw new BadRequest("no rows: send {\"row\": [features]} or {\"rows\": [[features], …]}");
            }
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new BadRequest("the body is not valid JSON: " + why.replaceAll("\\s+See https?://\\S+", ""));
        }
        return rows;
    }

    private float[] row(JsonReader in, int index) throws IOException, BadRequest {
        if (in.peek() != JsonToken.BEGIN_ARRAY) {
            throw new BadRequest("row " + index + " is not an array of numbers");
        }
        int width = predictor.inputs();
        float[] row = new float[width];
        int n = 0;
        in.beginArray();
        while (in.hasNext()) {
            if (in.peek() != JsonToken.NUMBER) {
                throw new BadRequest("row " + index + ", feature " + n + " is not a number");
            }
            String text = in.nextString();
            if (n < width) {
                float v = Float.parseFloat(text); // the decimal as its nearest float, as a client's float wrote it
                if (!Float.isFinite(v)) {
                    throw new BadRequest("row " + index + ", feature " + n + " (" + text + ") is not a finite float");
                }
                row[n] = v;
            }
            n++;
        }
        in.endArray();
        if (n != width) {
            throw new BadRequest("row " + index + " has " + n + " features; the model takes " + width);
        }
        return row;
    }

    private int error(HttpExchange ex, int status, String message) throws IOException {
        return send(ex, status, "{\"error\":" + quote(message) + "}");
    }

    /** Sends a JSON answer; a prediction's is counted first, so that a client that has its answer sees it counted. */
    private int send(HttpExchange ex, int status, String json) throws IOException {
        if (ex.getRequestURI().getPath().equals("/v1/predict")) {
            metrics.request(status, System.nanoTime() - (long) ex.getAttribute(STARTED));
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        return status;
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
