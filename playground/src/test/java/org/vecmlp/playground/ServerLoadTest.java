package org.vecmlp.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.playground.server.PlaygroundServer;

/**
 * Twenty pages at once for 30 seconds (vecmlp.loadtest.seconds): each makes a session, plays, reads its stream and
 * changes a setting every few seconds. None may fail: every request answered 2xx, every stream delivering frames
 * whose epochs advance. The frame rate reached is printed, not asserted (this machine is shared).
 */
class ServerLoadTest {
    static final int SESSIONS = 20;

    @Test
    void twentySessionsForThirtySecondsNoneFailing() throws Exception {
        int seconds = Integer.getInteger("vecmlp.loadtest.seconds", 30);
        BackendProvider.warmUp(Duration.ofSeconds(30)); // as vecmlp playground --serve does before it listens
        List<String> failures = new ArrayList<>();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        try (PlaygroundServer server = PlaygroundServer.start("127.0.0.1", 0, new PlaygroundServer.Options(SESSIONS,
                Duration.ofMinutes(5), Duration.ofMillis(50), BackendProvider.bestSerial()));
             ExecutorService pages = Executors.newVirtualThreadPerTaskExecutor()) {
            String base = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newBuilder().executor(pages).build();
            String[] sets = {"dataset=circle", "dataset=xor", "dataset=gauss", "dataset=spiral&networkShape=8,8,6",
                    "problem=regression&regDataset=reg-gauss&networkShape=6,6"};
            List<Future<int[]>> results = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            for (int i = 0; i < SESSIONS; i++) {
                String settings = sets[i % sets.length];
                results.add(pages.submit(() -> page(http, base, settings, end, problems)));
            }
            int totalFrames = 0;
            for (int i = 0; i < SESSIONS; i++) {
                int[] r = results.get(i).get();
                totalFrames += r[0];
                if (r[0] < 2 || r[1] < 1) {
                    failures.add("session " + i + ": " + r[0] + " frames, highest epoch " + r[1]);
                }
            }
            System.out.printf(Locale.ROOT, "load test: %d sessions, %d s, %.1f frames/s per session%n", SESSIONS,
                    seconds, (double) totalFrames / SESSIONS / seconds);
            assertEquals(SESSIONS, server.sessionCount());
        }
        failures.addAll(problems);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** One page: make a session, play, read frames until the end, changing the learning rate now and then. */
    private static int[] page(HttpClient http, String base, String settings, long end,
                              ConcurrentLinkedQueue<String> problems) throws Exception {
        HttpResponse<String> made = http.send(HttpRequest.newBuilder(URI.create(base + "/api/sessions"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (made.statusCode() != 201) {
            problems.add("create: " + made.statusCode() + " " + made.body());
            return new int[]{0, 0};
        }
        String id = JsonParser.parseString(made.body()).getAsJsonObject().get("id").getAsString();
        String api = base + "/api/sessions/" + id + "/";
        post(http, api + "settings", settings, problems);
        post(http, api + "play", "", problems);
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(api + "events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        int frames = 0;
        int lastEpoch = -1; // the highest epoch seen (a settings change starts a new run at 0)
        long nextChange = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        String[] rates = {"0.01", "0.03", "0.1"};
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String line;
            while (System.nanoTime() < end && (line = in.readLine()) != null) {
                if (!line.startsWith("data: ")) {
                    continue;
                }
                JsonObject f = JsonParser.parseString(line.substring(6)).getAsJsonObject();
                frames++;
                lastEpoch = Math.max(lastEpoch, f.get("epoch").getAsInt());
                if (System.nanoTime() > nextChange) { // a new run: played again
                    post(http, api + "settings", "learningRate=" + rates[frames % rates.length], problems);
                    post(http, api + "play", "", problems);
                    nextChange = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
            }
        }
        return new int[]{frames, lastEpoch};
    }

    private static void post(HttpClient http, String url, String body, ConcurrentLinkedQueue<String> problems)
            throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            problems.add(url + ": " + r.statusCode() + " " + r.body());
        }
    }
}
