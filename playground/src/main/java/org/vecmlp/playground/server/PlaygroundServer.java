package org.vecmlp.playground.server;

import com.google.gson.Gson;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.vecmlp.kernel.Backend;
import org.vecmlp.playground.data.PointsCsv;
import org.vecmlp.playground.data.Problem;
import org.vecmlp.playground.model.SettingsException;

/**
 * The live playground: the JDK's HTTP server with the page, a JSON API and a Server-Sent Events stream per session.
 * Each page makes its own session ({@code POST /api/sessions}); its network trains here, {@code speed} epochs a
 * frame, and every frame (the output map, each neuron's map, weights, losses, gradient norms) goes to the page's
 * stream ({@code GET /api/sessions/ID/events}). Settings, play, pause, step, reset and uploads are {@code POST}s.
 *
 * <p>Bad input never reaches the trainer: every value is checked ({@link org.vecmlp.playground.model.Settings}),
 * bodies are capped, and the answer is 400 with {@code {"error": …, "parameter": …}}. The number of sessions is
 * capped (503 beyond it) and sessions idle longer than the idle timeout, with no stream open, are removed.
 */
public final class PlaygroundServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PlaygroundServer.class.getName());
    private static final int MAX_BODY = PointsCsv.MAX_CHARS + 1024;
    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html", "/index.html", "index.html", "/playground.js", "playground.js",
            "/playground.css", "playground.css");

    /**
     * How the server runs.
     *
     * @param maxSessions   the most sessions at once
     * @param idleTimeout   a session with no request and no open stream for this long is removed
     * @param frameInterval the time between frames of a playing session (50 ms: 20 frames a second)
     * @param backend       the kernels every session trains on
     */
    public record Options(int maxSessions, Duration idleTimeout, Duration frameInterval, Backend backend) {
        /** Checks the values. */
        public Options {
            if (maxSessions < 1) {
                throw new IllegalArgumentException("the session cap must be at least 1, got " + maxSessions);
            }
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("the idle timeout must be positive, got " + idleTimeout);
            }
            if (frameInterval.toMillis() < 5) {
                throw new IllegalArgumentException("the frame interval must be at least 5 ms, got " + frameInterval);
            }
        }
    }

    private final HttpServer http;
    private final Options options;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "playground-clock");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService trainers;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final SecureRandom random = new SecureRandom();
    private final Gson gson = FiniteJson.create();

    private PlaygroundServer(HttpServer http, Options options) {
        this.http = http;
        this.options = options;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.trainers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "playground-trainer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts a server.
     *
     * @param host    the address to bind (127.0.0.1 keeps it to this machine)
     * @param port    the port, 0 for any free one
     * @param options the caps, timeouts and kernels
     * @return the running server
     * @throws IOException when the address cannot be bound
     */
    public static PlaygroundServer start(String host, int port, Options options) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 64);
        PlaygroundServer server = new PlaygroundServer(http, options);
        http.setExecutor(server.handlers);
        http.createContext("/", server::handle);
        long frameMs = options.frameInterval().toMillis();
        server.clock.scheduleAtFixedRate(server::tickAll, frameMs, frameMs, TimeUnit.MILLISECONDS);
        server.clock.scheduleAtFixedRate(server::removeIdle, 1, 1, TimeUnit.SECONDS);
        http.start();
        return server;
    }

    /** {@return the port it listens on} */
    public int port() {
        return http.getAddress().getPort();
    }

    /** {@return the number of live sessions} */
    public int sessionCount() {
        return sessions.size();
    }

    /** Starts a trainer's turn for every playing session whose last turn has finished (no backlog builds up). */
    private void tickAll() {
        for (Session s : sessions.values()) {
            if (s.playing() && s.ticking.compareAndSet(false, true)) {
                trainers.execute(() -> {
                    try {
                        s.tick();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "session " + s.id() + ": a training turn failed", e);
                    } finally {
                        s.ticking.set(false);
                    }
                });
            }
        }
    }

    private void removeIdle() {
        long cutoff = System.nanoTime() - options.idleTimeout().toNanos();
        sessions.values().removeIf(s -> {
            if (s.idleSince(cutoff)) {
                s.close();
                return true;
            }
            return false;
        });
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            route(ex);
        } catch (RuntimeException e) { // (a catch of try-with-resources would run after the exchange closed)
            LOG.log(Level.WARNING, "request " + ex.getRequestURI() + " failed", e);
            try {
                json(ex, 500, error("internal error: " + e, null));
            } catch (IOException | RuntimeException ignored) {
                // the response had started: nothing more to say
            }
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (STATIC.containsKey(path)) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                json(ex, 405, error("method " + method + " is not allowed on " + path, null));
                return;
            }
            serveStatic(ex, STATIC.get(path));
            return;
        }
        if (path.equals("/api/sessions")) {
            if (!method.equals("POST")) {
                json(ex, 405, error("use POST to make a session", null));
                return;
            }
            createSession(ex);
            return;
        }
        if (path.startsWith("/api/sessions/")) {
            session(ex, path.substring("/api/sessions/".length()), method);
            return;
        }
        json(ex, 404, error("no such page: " + path, null));
    }

    private void serveStatic(HttpExchange ex, String name) throws IOException {
        try (InputStream in = PlaygroundServer.class.getResourceAsStream("/org/vecmlp/playground/web/" + name)) {
            if (in == null) {
                json(ex, 404, error("missing resource " + name, null));
                return;
            }
            byte[] body = in.readAllBytes();
            String type = name.endsWith(".html") ? "text/html; charset=utf-8"
                    : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        }
    }

    private void createSession(HttpExchange ex) throws IOException {
        Session s;
        synchronized (sessions) {
            if (sessions.size() >= options.maxSessions()) {
                json(ex, 503, error("too many sessions (the cap is " + options.maxSessions() + "): close another "
                        + "playground tab or wait for idle ones to expire", null));
                return;
            }
            String id = HexFormat.of().formatHex(bytes(12));
            s = new Session(id, options.backend(), System.nanoTime());
            sessions.put(id, s);
        }
        json(ex, 201, state(s));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private void session(HttpExchange ex, String rest, String method) throws IOException {
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        String action = slash < 0 ? "" : rest.substring(slash + 1);
        Session s = sessions.get(id);
        if (s == null) {
            json(ex, 404, error("no session '" + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + "' (sessions "
                    + "idle for " + options.idleTimeout().toMinutes() + " min are removed): reload the page", null));
            return;
        }
        s.touch(System.nanoTime());
        if (action.equals("events")) {
            if (!method.equals("GET")) {
                json(ex, 405, error("use GET for the event stream", null));
                return;
            }
            stream(ex, s);
            return;
        }
        if (action.isEmpty() && method.equals("DELETE") || action.equals("close") && method.equals("POST")) {
            sessions.remove(id);
            s.close();
            ex.sendResponseHeaders(204, -1);
            return;
        }
        if (action.isEmpty() && method.equals("GET")) {
            json(ex, 200, state(s));
            return;
        }
        if ((action.equals("model.vmlp") || action.equals("model.onnx")) && method.equals("GET")) {
            download(ex, s, action);
            return;
        }
        if (!method.equals("POST")) {
            json(ex, 405, error("use POST for " + (action.isEmpty() ? "this" : action), null));
            return;
        }
        String body;
        try {
            body = body(ex);
        } catch (BodyTooLarge e) {
            json(ex, 413, error(e.getMessage(), null));
            return;
        }
        try {
            switch (action) {
                case "settings" -> s.apply(body);
                case "link" -> { // a shared link as a page opens it: the valid values applied, each bad one named
                    List<Map<String, Object>> refused = new ArrayList<>();
                    for (SettingsException e : s.applyLink(body)) {
                        refused.add(error(e.getMessage(), e.parameter()));
                    }
                    Map<String, Object> out = state(s);
                    out.put("refused", refused);
                    json(ex, 200, out);
                    return;
                }
                case "play" -> s.play();
                case "pause" -> s.pause();
                case "step" -> s.step();
                case "reset" -> s.reset();
                case "data" -> {
                    Map<String, String> q = query(ex.getRequestURI());
                    Problem problem = switch (q.getOrDefault("problem", "classification")) {
                        case "classification" -> Problem.CLASSIFICATION;
                        case "regression" -> Problem.REGRESSION;
                        default -> throw new SettingsException("problem", "problem: '" + q.get("problem")
                                + "' is not one of classification, regression");
                    };
                    String name = q.getOrDefault("name", "upload.csv");
                    name = name.replaceAll("[^A-Za-z0-9._ -]", "_");
                    name = name.length() > 60 ? name.substring(0, 60) : name;
                    int rows = s.upload(name, body, problem);
                    Map<String, Object> out = state(s);
                    out.put("rows", rows);
                    json(ex, 200, out);
                    return;
                }
                default -> {
                    json(ex, 404, error("no action '" + (action.length() > 40 ? action.substring(0, 40) : action)
                            + "' (settings, link, play, pause, step, reset, data, events, close)", null));
                    return;
                }
            }
        } catch (SettingsException e) {
            json(ex, 400, error(e.getMessage(), e.parameter()));
            return;
        } catch (IllegalArgumentException e) {
            json(ex, 400, error(e.getMessage(), null));
            return;
        }
        json(ex, 200, state(s));
    }

    /** The session's network as it is now: a vecmlp model file or ONNX, as an attachment. */
    private static void download(HttpExchange ex, Session s, String file) throws IOException {
        org.vecmlp.io.SavedModel saved = s.snapshot();
        byte[] body = file.endsWith(".onnx") ? org.vecmlp.onnx.OnnxExport.encode(saved).toByteArray()
                : org.vecmlp.io.ModelFile.encode(saved);
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"playground-"
                + s.settings().dataName().replaceAll("[^A-Za-z0-9-]", "_") + "." + file.substring(6) + "\"");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
    }

    private static final class BodyTooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        BodyTooLarge(String message) {
            super(message);
        }
    }

    private static String body(HttpExchange ex) throws IOException, BodyTooLarge {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                throw new BodyTooLarge("the request body is over " + MAX_BODY + " bytes");
            }
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> m = new LinkedHashMap<>();
        String q = uri.getRawQuery();
        if (q == null) {
            return m;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private static Map<String, Object> state(Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("epoch", s.run().epoch());
        m.put("settings", s.settings().toQuery());
        return m;
    }

    private static Map<String, Object> error(String message, String parameter) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        if (parameter != null) {
            m.put("parameter", parameter);
        }
        return m;
    }

    private void json(HttpExchange ex, int status, Object value) throws IOException {
        byte[] body = gson.toJson(value).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    /** The event stream: one {@code frame} event per new frame, a comment every 15 s to keep it open. */
    private void stream(HttpExchange ex, Session s) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        s.streamOpened();
        long seenSeq = -1;
        long seenRun = -1;
        long seenGen = -1;
        int historyFrom = 0;
        try {
            out.write(": vecmlp playground\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!Thread.currentThread().isInterrupted()) {
                Session.Update u = s.await(seenSeq, seenRun, seenGen, historyFrom, 15_000);
                if (u == null) {
                    if (!sessions.containsKey(s.id())) {
                        out.write("event: closed\ndata: {\"error\":\"the session was closed\"}\n\n"
                                .getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        return;
                    }
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    continue;
                }
                Map<String, Object> event = new LinkedHashMap<>();
                Frame f = u.frame();
                event.put("seq", f.seq());
                event.put("runId", f.runId());
                event.put("state", f.state());
                event.put("message", f.message());
                event.put("settings", f.settings());
                event.putAll(f.values());
                event.put("history", u.history());
                event.put("historyFromStart", u.fromStart());
                if (u.train() != null) {
                    event.put("train", u.train());
                    event.put("test", u.test());
                }
                out.write(("event: frame\ndata: " + gson.toJson(event) + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                seenSeq = f.seq();
                seenRun = f.runId();
                seenGen = u.historyGen();
                historyFrom = u.historySize();
            }
        } catch (IOException e) {
            // the page went away: the stream ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            s.streamClosed(System.nanoTime());
        }
    }

    /** Stops accepting requests, ends every stream and session. */
    @Override
    public void close() {
        clock.shutdownNow();
        for (Session s : List.copyOf(sessions.values())) {
            s.close();
        }
        sessions.clear();
        http.stop(0);
        trainers.shutdownNow();
        handlers.shutdownNow();
    }
}
