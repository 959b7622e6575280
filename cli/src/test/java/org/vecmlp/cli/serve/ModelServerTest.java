package org.vecmlp.cli.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vecmlp.Mlp;
import org.vecmlp.infer.BatchingPredictor;
import org.vecmlp.infer.Predictor;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.train.Initializer;

/**
 * {@code vecmlp serve}'s server on loopback: under 64 concurrent connections every answer is bitwise the
 * single-row prediction and nothing fails; every bad input gets its status and reason; health and metrics report
 * what happened; closing answers what was accepted.
 */
class ModelServerTest {
    private static final MlpSpec SPEC = MlpSpec.builder(6).hidden(64, Activation.RELU)
            .output(3, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY);
    private static final Predictor PREDICTOR = Mlp.initialize(SPEC, Initializer.HE, 8)
            .predictor(BackendProvider.bestSerial());
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private ModelServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(BatchingPredictor.Options batching, int maxBody) throws Exception {
        server = ModelServer.start("127.0.0.1", 0, PREDICTOR, new ModelServer.Options(maxBody, batching, 3, "m.vmlp"));
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static float[] row(SplittableRandom random) {
        float[] x = new float[SPEC.inputs()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-3, 3);
        }
        return x;
    }

    private static String json(float[] x) {
        StringBuilder b = new StringBuilder("{\"row\":[");
        for (int i = 0; i < x.length; i++) {
            b.append(i == 0 ? "" : ",").append(Float.toString(x[i]));
        }
        return b.append("]}").toString();
    }

    @Test
    void underSixtyFourConnectionsEveryAnswerIsTheSingleRowPrediction() throws Exception {
        start(new BatchingPredictor.Options(64, Duration.ofNanos(200_000), 4096, Duration.ofSeconds(20)), 1 << 20);
        int clients = 64, each = 30;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                long seed = c;
                done.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    for (int i = 0; i < each; i++) {
                        float[] x = row(random);
                        HttpResponse<String> r = post("/v1/predict", json(x));
                        assertEquals(200, r.statusCode(), r.body());
                        JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
                        JsonArray p = o.getAsJsonArray("probabilities").get(0).getAsJsonArray();
                        float[] got = new float[p.size()];
                        for (int j = 0; j < got.length; j++) {
                            got[j] = Float.parseFloat(p.get(j).getAsString());
                        }
                        float[] want = PREDICTOR.predict(x);
                        assertArrayEquals(want, got, "bitwise the single-row prediction");
                        assertEquals(org.vecmlp.nn.Outputs.predictedClass(want, 0, 3),
                                o.getAsJsonArray("classes").get(0).getAsInt());
                    }
                    return each;
                }));
            }
            for (Future<Integer> f : done) {
                assertEquals(each, f.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(clients * each, server.metrics().requests(200));
        assertTrue(server.metrics().batches() < clients * each, "concurrent requests were batched: "
                + server.metrics().batches() + " batches for " + clients * each + " requests");
        String metrics = get("/metrics").body();
        assertTrue(metrics.contains("vecmlp_requests_total{status=\"200\"} " + clients * each + "\n"), metrics);
        assertTrue(metrics.contains("vecmlp_request_errors_total 0\n"), metrics);
        assertTrue(metrics.contains("vecmlp_request_duration_seconds_count " + clients * each + "\n"), metrics);
        assertTrue(metrics.contains("vecmlp_batch_rows_bucket{le=\"+Inf\"} " + server.metrics().batches() + "\n"),
                metrics);
        assertTrue(metrics.contains("vecmlp_queue_depth 0\n"), metrics);
        assertTrue(metrics.matches("(?s).*\nvecmlp_heap_used_bytes [1-9][0-9]*\n.*"), metrics);
    }

    @Test
    void severalRowsInOneRequest() throws Exception {
        start(new BatchingPredictor.Options(8, Duration.ofNanos(100_000), 16, Duration.ofSeconds(20)), 1 << 20);
        SplittableRandom random = new SplittableRandom(3);
        float[][] rows = {row(random), row(random), row(random)};
        StringBuilder b = new StringBuilder("{\"rows\":[");
        for (int r = 0; r < rows.length; r++) {
            b.append(r == 0 ? "" : ",").append(json(rows[r]), 7, json(rows[r]).length() - 1);
        }
        HttpResponse<String> resp = post("/v1/predict", b.append("]}").toString());
        assertEquals(200, resp.statusCode(), resp.body());
        JsonArray p = JsonParser.parseString(resp.body()).getAsJsonObject().getAsJsonArray("probabilities");
        assertEquals(3, p.size());
        for (int r = 0; r < 3; r++) {
            float[] want = PREDICTOR.predict(rows[r]);
            for (int j = 0; j < 3; j++) {
                assertEquals(want[j], Float.parseFloat(p.get(r).getAsJsonArray().get(j).getAsString()));
            }
        }
    }

    @Test
    void badInputGetsItsStatusAndReason() throws Exception {
        start(new BatchingPredictor.Options(8, Duration.ofNanos(100_000), 16, Duration.ofSeconds(20)), 200);
        String[][] cases = {
                {"{\"row\":[1,2,3]}", "400", "row 0 has 3 features; the model takes 6"},
                {"{\"row\":[1,2,3,4,5,NaN]}", "400", "the body is not valid JSON: "},
                {"{\"row\":[1,2,3,4,5,1e60]}", "400", "row 0, feature 5 (1e60) is not a finite float"},
                {"{\"row\":[1,2,3,4,5,\"6\"]}", "400", "row 0, feature 5 is not a number"},
                {"hello", "400", "the body is not valid JSON: "},
                {"", "400", "the body is empty; send {\"row\": [features]} or {\"rows\": [[features], …]}"},
                {"[1,2,3]", "400", "the body is not a JSON object; send {\"row\": [features]} or {\"rows\": "
                        + "[[features], …]}"},
                {"{\"rows\":[]}", "400", "no rows: send {\"row\": [features]} or {\"rows\": [[features], …]}"},
                {"{\"colour\":1}", "400", "unknown field \"colour\" (send \"row\" or \"rows\")"},
                {"{\"row\":[" + "1,".repeat(200) + "1]}", "413", "the body is "},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = post("/v1/predict", c[0]);
            assertEquals(Integer.parseInt(c[1]), r.statusCode(), c[0] + " → " + r.body());
            String error = JsonParser.parseString(r.body()).getAsJsonObject().get("error").getAsString();
            assertTrue(error.startsWith(c[2]), c[0] + " → " + error);
        }
        assertEquals(405, get("/v1/predict").statusCode());
        assertEquals(404, get("/v2/explode").statusCode());
        assertEquals(0, server.metrics().requests(200));
        assertEquals(10, server.metrics().requests(400) + server.metrics().requests(413));
        JsonObject health = JsonParser.parseString(get("/health").body()).getAsJsonObject();
        assertEquals("ok", health.get("status").getAsString());
        assertEquals(6, health.get("inputs").getAsInt());
        String metrics = get("/metrics").body(); // the ten bad bodies and the GET on /v1/predict
        assertTrue(metrics.contains("vecmlp_request_errors_total 11\n"), metrics);
        assertTrue(metrics.contains("vecmlp_requests_total{status=\"other\"} 1\n"), metrics);
    }

    /** What SIGTERM does through {@code vecmlp serve}'s shutdown hook: requests in progress are answered. */
    @Test
    void closingAnswersTheRequestsInProgress() throws Exception {
        start(new BatchingPredictor.Options(64, Duration.ofMillis(20), 4096, Duration.ofSeconds(20)), 1 << 20);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Integer>> sent = new ArrayList<>();
            for (int c = 0; c < 32; c++) {
                long seed = c;
                sent.add(pool.submit(() -> {
                    float[] x = row(new SplittableRandom(seed));
                    try {
                        return post("/v1/predict", json(x)).statusCode();
                    } catch (java.io.IOException refused) {
                        return -1; // sent after the listener closed: refused, never half-answered
                    }
                }));
            }
            Thread.sleep(5); // some requests are in, waiting for their 20 ms batch
            server.close();
            int answered = 0;
            for (Future<Integer> f : sent) {
                int status = f.get(60, TimeUnit.SECONDS);
                assertTrue(status == 200 || status == -1, "status " + status);
                answered += status == 200 ? 1 : 0;
            }
            assertEquals(answered, server.metrics().requests(200));
        } finally {
            pool.shutdownNow();
            server = null;
        }
    }

    @Test
    void withoutBatchingEachRequestPredictsAlone() throws Exception {
        start(null, 1 << 20);
        float[] x = row(new SplittableRandom(4));
        HttpResponse<String> r = post("/v1/predict", json(x));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(0, server.metrics().batches());
        assertTrue(get("/health").body().contains("\"batching\":false"));
    }
}
