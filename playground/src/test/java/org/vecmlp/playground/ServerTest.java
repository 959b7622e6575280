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
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.playground.server.PlaygroundServer;

/** The live page's API: answers, refusals with their exact messages, caps, idle removal, the event stream. */
class ServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private PlaygroundServer server;

    private PlaygroundServer start(int maxSessions, Duration idle) throws Exception {
        server = PlaygroundServer.start("127.0.0.1", 0, new PlaygroundServer.Options(maxSessions, idle,
                Duration.ofMillis(20), BackendProvider.bestSerial()));
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> r) {
        return strict(r.body());
    }

    /**
     * Parses JSON as strictly as a browser's {@code JSON.parse}: {@code NaN}, {@code Infinity}, single quotes and
     * the like are errors (Gson's default parser accepts them, which hid frames the page could not read).
     */
    static JsonObject strict(String text) {
        com.google.gson.stream.JsonReader reader = new com.google.gson.stream.JsonReader(new java.io.StringReader(text));
        reader.setStrictness(com.google.gson.Strictness.STRICT);
        return JsonParser.parseReader(reader).getAsJsonObject(); // STRICT: a NaN or Infinity value throws
    }

    private String newSession() throws Exception {
        HttpResponse<String> r = send("POST", "/api/sessions", null);
        assertEquals(201, r.statusCode(), r.body());
        return json(r).get("id").getAsString();
    }

    @Test
    void badValuesAreRefusedWithTheSettingAndTheSessionIsUnchanged() throws Exception {
        start(4, Duration.ofMinutes(1));
        String id = newSession();
        HttpResponse<String> r = send("POST", "/api/sessions/" + id + "/settings", "learningRate=0.3&batchSize=31");
        assertEquals(400, r.statusCode());
        assertEquals("batchSize: 31 is not in 1 to 30", json(r).get("error").getAsString());
        assertEquals("batchSize", json(r).get("parameter").getAsString());
        r = send("POST", "/api/sessions/" + id + "/settings", "networkShape=4,9");
        assertEquals("networkShape: a layer of 9 neurons; each has 1 to 8", json(r).get("error").getAsString());
        r = send("POST", "/api/sessions/" + id + "/settings", "colour=red");
        assertEquals("unknown setting 'colour'", json(r).get("error").getAsString());
        r = send("POST", "/api/sessions/" + id + "/settings", "x=false&y=false");
        assertEquals("features: no input feature is on; switch on at least one", json(r).get("error").getAsString());
        r = send("POST", "/api/sessions/" + id + "/settings", "dataset=custom");
        assertEquals("custom data: no points uploaded yet (send a CSV of x1,x2,label rows first)",
                json(r).get("error").getAsString());
        r = send("GET", "/api/sessions/" + id, null);
        assertTrue(json(r).get("settings").getAsString().contains("learningRate=0.03&"), "unchanged: " + r.body());
        r = send("POST", "/api/sessions/" + id + "/settings", "learningRate=0.3&collectStats=false");
        assertEquals(200, r.statusCode(), "TensorFlow Playground's unused keys are accepted");
        assertTrue(json(r).get("settings").getAsString().contains("learningRate=0.3&"));
    }

    @Test
    void uploadsAreCheckedLineByLineAndBecomeTheCustomSet() throws Exception {
        start(4, Duration.ofMinutes(1));
        String id = newSession();
        HttpResponse<String> r = send("POST", "/api/sessions/" + id + "/data?name=mine.csv",
                "x1,x2,label\n1,2,1\n3,oops,0\n");
        assertEquals(400, r.statusCode());
        assertEquals("mine.csv line 3: x2 is not a number: 'oops'", json(r).get("error").getAsString());
        r = send("POST", "/api/sessions/" + id + "/data?name=mine.csv", "1,2,1\n2,1,0.5\n");
        assertEquals("mine.csv line 2: a classification label must be 1, -1 or 0 (two classes) or 0 to 5 (more), "
                + "found 0.5", json(r).get("error").getAsString());
        r = send("POST", "/api/sessions/" + id + "/data?name=mine.csv", "1,2,1\n2,1,2\n0,0,-1\n1,1,0\n");
        assertEquals("mine.csv: labels up to 2 mean classes 0 to 2, so the label -1 of data row 3 has no class",
                json(r).get("error").getAsString());
        StringBuilder csv = new StringBuilder("x1,x2,label\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i % 7 - 3).append(',').append(i % 5 - 2).append(',').append(i % 2).append('\n');
        }
        r = send("POST", "/api/sessions/" + id + "/data?name=mine.csv", csv.toString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(40, json(r).get("rows").getAsInt());
        assertTrue(json(r).get("settings").getAsString().contains("dataset=custom"));
        assertEquals(200, send("POST", "/api/sessions/" + id + "/step", null).statusCode());
        assertEquals(1, json(send("GET", "/api/sessions/" + id, null)).get("epoch").getAsInt());
        r = send("POST", "/api/sessions/" + id + "/data", "x".repeat(2 << 20));
        assertEquals(413, r.statusCode());
    }

    @Test
    void sessionsAreCappedAndIdleOnesRemoved() throws Exception {
        start(2, Duration.ofMillis(300));
        newSession();
        newSession();
        HttpResponse<String> r = send("POST", "/api/sessions", null);
        assertEquals(503, r.statusCode());
        assertEquals("too many sessions (the cap is 2): close another playground tab or wait for idle ones to "
                + "expire", json(r).get("error").getAsString());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.sessionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, server.sessionCount(), "idle sessions removed");
        r = send("POST", "/api/sessions/nope/play", null);
        assertEquals(404, r.statusCode());
        assertTrue(json(r).get("error").getAsString().startsWith("no session 'nope'"));
        assertEquals(201, send("POST", "/api/sessions", null).statusCode(), "room again");
    }

    @Test
    void wrongMethodsAndPathsGetTheirStatus() throws Exception {
        start(2, Duration.ofMinutes(1));
        String id = newSession();
        assertEquals(405, send("GET", "/api/sessions", null).statusCode());
        assertEquals(405, send("GET", "/api/sessions/" + id + "/play", null).statusCode());
        assertEquals(405, send("POST", "/index.html", "").statusCode());
        assertEquals(404, send("GET", "/etc/passwd", null).statusCode());
        assertEquals(404, send("POST", "/api/sessions/" + id + "/explode", null).statusCode());
        HttpResponse<String> page = send("GET", "/", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertEquals(204, send("DELETE", "/api/sessions/" + id, null).statusCode());
        assertEquals(404, send("POST", "/api/sessions/" + id + "/play", null).statusCode());
    }

    @Test
    void aDivergingRunStopsWithAMessageAndTheServerGoesOn() throws Exception {
        start(2, Duration.ofMinutes(1));
        String id = newSession();
        assertEquals(200, send("POST", "/api/sessions/" + id + "/settings",
                "problem=regression&regDataset=reg-plane&activation=relu&networkShape=8,8,8,8&learningRate=10"
                        + "&batchSize=1&xSquared=true&ySquared=true").statusCode());
        assertEquals(200, send("POST", "/api/sessions/" + id + "/play", null).statusCode());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String state = "";
        while (!state.equals("diverged") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            state = json(send("GET", "/api/sessions/" + id, null)).get("state").getAsString();
        }
        assertEquals("diverged", state);
        JsonObject frame = firstFrame(id);
        assertTrue(frame.get("message").getAsString().startsWith("training diverged in epoch "),
                frame.get("message").getAsString());
        assertTrue(Double.isFinite(frame.get("trainLoss").getAsDouble()), "the last good epoch's loss is shown");
        int lastGood = frame.get("epoch").getAsInt();
        assertEquals(200, send("POST", "/api/sessions/" + id + "/settings", "learningRate=0.01").statusCode());
        JsonObject after = json(send("GET", "/api/sessions/" + id, null));
        assertEquals("paused", after.get("state").getAsString());
        assertEquals(lastGood, after.get("epoch").getAsInt(), "a lower rate goes on from the last good weights");
    }

    @Test
    void anEpochLimitStopsTheRunAndRaisingItLetsItGoOn() throws Exception {
        start(2, Duration.ofMinutes(1));
        String id = newSession();
        assertEquals(200, send("POST", "/api/sessions/" + id + "/settings", "epochs=4&speed=1").statusCode());
        send("POST", "/api/sessions/" + id + "/play", null);
        awaitState(id, "finished");
        JsonObject frame = firstFrame(id);
        assertEquals(4, frame.get("epoch").getAsInt());
        assertEquals("stopped after 4 epochs (the epochs setting)", frame.get("message").getAsString());
        assertEquals(200, send("POST", "/api/sessions/" + id + "/settings", "epochs=7").statusCode());
        assertEquals("paused", json(send("GET", "/api/sessions/" + id, null)).get("state").getAsString(),
                "a raised limit keeps the run, paused, at epoch 4");
        assertEquals(4, json(send("GET", "/api/sessions/" + id, null)).get("epoch").getAsInt());
        send("POST", "/api/sessions/" + id + "/play", null);
        awaitState(id, "finished");
        assertEquals(7, json(send("GET", "/api/sessions/" + id, null)).get("epoch").getAsInt());
    }

    private void awaitState(String id, String wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String state = "";
        while (!state.equals(wanted) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            state = json(send("GET", "/api/sessions/" + id, null)).get("state").getAsString();
        }
        assertEquals(wanted, state);
    }

    @Test
    void theStreamCarriesMapsWeightsAndTheHistory() throws Exception {
        start(2, Duration.ofMinutes(1));
        String id = newSession();
        send("POST", "/api/sessions/" + id + "/settings", "networkShape=5,3&showTestData=true");
        send("POST", "/api/sessions/" + id + "/step", null);
        JsonObject f = firstFrame(id);
        assertEquals(1, f.get("epoch").getAsInt());
        assertEquals(100 * 100, Base64.getDecoder().decode(f.get("output").getAsString()).length);
        assertEquals(3, f.getAsJsonArray("neurons").size(), "two hidden layers and the output");
        assertEquals(5, f.getAsJsonArray("neurons").get(0).getAsJsonArray().size());
        assertEquals(20 * 20, Base64.getDecoder().decode(f.getAsJsonArray("neurons").get(0).getAsJsonArray().get(0)
                .getAsString()).length);
        assertEquals(2 * 5, f.getAsJsonArray("weights").get(0).getAsJsonArray().size());
        assertEquals(2, f.getAsJsonArray("history").size(), "epochs 0 and 1");
        assertEquals(250, f.getAsJsonArray("train").size());
        assertEquals(250, f.getAsJsonArray("test").size());
        assertTrue(f.get("historyFromStart").getAsBoolean());
    }

    @Test
    void aRegressionRunsFramesAreJsonAndItsAccuracyIsNull() throws Exception {
        start(2, Duration.ofMinutes(1));
        String id = newSession();
        assertEquals(200, send("POST", "/api/sessions/" + id + "/settings",
                "problem=regression&regDataset=reg-gauss").statusCode());
        assertEquals(200, send("POST", "/api/sessions/" + id + "/step", null).statusCode());
        JsonObject f = firstFrame(id); // parsed strictly: a NaN would fail here, as it failed in the browser
        assertEquals(1, f.get("epoch").getAsInt());
        assertTrue(f.get("trainAccuracy").isJsonNull(), "a regression run has no accuracy: " + f.get("trainAccuracy"));
        assertTrue(f.get("trainLoss").getAsDouble() > 0);
        assertEquals("regression", f.get("problem").getAsString());
    }

    @Test
    void aLinkWithBadValuesAppliesTheOthersAndNamesEachBadOne() throws Exception {
        start(2, Duration.ofMinutes(1));
        String id = newSession();
        HttpResponse<String> r = send("POST", "/api/sessions/" + id + "/link",
                "activation=relu&dataset=xor&networkShape=4,1000&learningRate=0.1&batchSize=x&noise=15");
        assertEquals(200, r.statusCode(), r.body());
        JsonObject o = json(r);
        String settings = o.get("settings").getAsString();
        for (String applied : new String[] {"activation=relu", "dataset=xor", "learningRate=0.1", "noise=15",
                "networkShape=4,2", "batchSize=10"}) {
            assertTrue(settings.contains(applied), applied + " in " + settings);
        }
        var refused = o.getAsJsonArray("refused");
        assertEquals(2, refused.size(), refused.toString());
        assertEquals("batchSize", refused.get(0).getAsJsonObject().get("parameter").getAsString());
        assertEquals("batchSize: 'x' is not a whole number", refused.get(0).getAsJsonObject().get("error")
                .getAsString());
        assertEquals("networkShape", refused.get(1).getAsJsonObject().get("parameter").getAsString());
        assertEquals("networkShape: a layer of 1000 neurons; each has 1 to 8", refused.get(1).getAsJsonObject()
                .get("error").getAsString());
        // More activations than the link's layers: refused, the layers applied with one activation.
        o = json(send("POST", "/api/sessions/" + id + "/link", "networkShape=3,3,3&layerActivations=relu,tanh"));
        assertTrue(o.get("settings").getAsString().contains("networkShape=3,3,3&"), o.toString());
        assertEquals("layerActivations", o.getAsJsonArray("refused").get(0).getAsJsonObject().get("parameter")
                .getAsString());
    }

    @Test
    void aNewLearningRateGoesOnFromTheSameEpochAndAnotherSettingStartsAnew() throws Exception {
        start(2, Duration.ofMinutes(1));
        String id = newSession();
        for (int i = 0; i < 3; i++) {
            send("POST", "/api/sessions/" + id + "/step", null);
        }
        assertEquals(200, send("POST", "/api/sessions/" + id + "/settings", "learningRate=0.1").statusCode());
        JsonObject after = json(send("GET", "/api/sessions/" + id, null));
        assertEquals(3, after.get("epoch").getAsInt(), "as in TensorFlow Playground, a new rate keeps training");
        assertEquals(4, firstFrame(id).getAsJsonArray("history").size(), "the loss curve is kept");
        assertEquals(200, send("POST", "/api/sessions/" + id + "/settings", "activation=relu").statusCode());
        assertEquals(0, json(send("GET", "/api/sessions/" + id, null)).get("epoch").getAsInt());
    }

    @Test
    void theTrainedNetworkDownloadsAsAModelFileAndAsOnnx() throws Exception {
        start(2, Duration.ofMinutes(1));
        String id = newSession();
        send("POST", "/api/sessions/" + id + "/settings", "networkShape=3&xSquared=true&mode=engine&loss=bce");
        send("POST", "/api/sessions/" + id + "/step", null);
        HttpResponse<byte[]> vmlp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/sessions/" + id + "/model.vmlp")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, vmlp.statusCode());
        assertEquals("attachment; filename=\"playground-circle.vmlp\"",
                vmlp.headers().firstValue("Content-Disposition").orElseThrow());
        org.vecmlp.io.SavedModel saved = org.vecmlp.io.ModelFile.decode("download", vmlp.body());
        assertEquals("3-3(tanh)-1(sigmoid) bce", saved.model().spec().describe());
        assertEquals(2, saved.classes());
        assertEquals("x,y,xSquared", saved.metadata().get("inputs"));
        HttpResponse<byte[]> onnx = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/sessions/" + id + "/model.onnx")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, onnx.statusCode());
        float[] x = {1f, -2f, 1f, 0.5f, 0.5f, 0.25f};
        float[] ours = new float[2];
        saved.predictor(org.vecmlp.kernel.Backend.scalar()).predict(x, 2, ours);
        ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        try (ai.onnxruntime.OrtSession session = env.createSession(onnx.body());
             ai.onnxruntime.OnnxTensor input = ai.onnxruntime.OnnxTensor.createTensor(env,
                     java.nio.FloatBuffer.wrap(x), new long[] {2, 3});
             ai.onnxruntime.OrtSession.Result result = session.run(java.util.Map.of(
                     session.getInputNames().iterator().next(), input))) {
            float[][] ort = (float[][]) result.get(0).getValue();
            for (int r = 0; r < 2; r++) {
                assertEquals(ours[r], ort[r][0], 1e-5, "row " + r);
            }
        }
    }

    @Test
    void moreThanTwoClassesTrainWithASoftmaxInEngineMode() throws Exception {
        start(2, Duration.ofMinutes(1));
        String id = newSession();
        HttpResponse<String> r = send("POST", "/api/sessions/" + id + "/settings", "dataset=arms&classes=4");
        assertEquals(400, r.statusCode());
        assertEquals("mode: TensorFlow Playground's rules (parity) train two classes; 'arms' has more, so it trains in "
                + "engine mode (softmax and cross-entropy)", json(r).get("error").getAsString());
        assertEquals(200, send("POST", "/api/sessions/" + id + "/settings",
                "dataset=blobs&classes=4&mode=engine&networkShape=6,6&optimizer=adam&learningRate=0.03").statusCode());
        for (int i = 0; i < 3; i++) {
            send("POST", "/api/sessions/" + id + "/step", null);
        }
        JsonObject f = firstFrame(id);
        assertEquals(4, f.get("classes").getAsInt());
        assertEquals(16, f.getAsJsonArray("testConfusion").size(), "4 × 4, actual by predicted");
        int counted = 0;
        for (var c : f.getAsJsonArray("testConfusion")) {
            counted += c.getAsInt();
        }
        assertEquals(f.getAsJsonArray("test").size(), counted);
        assertEquals(4, f.getAsJsonArray("neurons").get(2).getAsJsonArray().size(), "a map per class");
        assertEquals(100 * 100, Base64.getDecoder().decode(f.get("outputClasses").getAsString()).length);
        double accuracy = f.get("testAccuracy").getAsDouble();
        assertTrue(accuracy > 0.8 && accuracy <= 1, "four blobs are told apart after 3 epochs: " + accuracy);
        assertEquals(java.util.Set.of(0, 1, 2, 3), labels(f.getAsJsonArray("train")));
        // An upload of classes 0 to 3 is a four-class set too, and its model file a four-class classifier.
        StringBuilder csv = new StringBuilder("x1,x2,label\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i % 2 == 0 ? 3 : -3).append(',').append(i % 4 < 2 ? 3 : -3).append(',').append(i % 4)
                    .append('\n');
        }
        assertEquals(200, send("POST", "/api/sessions/" + id + "/data?name=four.csv", csv.toString()).statusCode());
        HttpResponse<byte[]> vmlp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/sessions/" + id + "/model.vmlp")).build(), HttpResponse.BodyHandlers.ofByteArray());
        org.vecmlp.io.SavedModel saved = org.vecmlp.io.ModelFile.decode("four", vmlp.body());
        assertEquals(4, saved.classes());
        assertEquals("2-6(tanh)-6(tanh)-4(softmax) ce", saved.model().spec().describe());
    }

    private static java.util.Set<Integer> labels(com.google.gson.JsonArray points) {
        java.util.Set<Integer> seen = new java.util.TreeSet<>();
        for (var p : points) {
            seen.add((int) p.getAsJsonArray().get(2).getAsDouble());
        }
        return seen;
    }

    /** Opens the stream and returns its first frame. */
    private JsonObject firstFrame(String id) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/sessions/"
                + id + "/events")).timeout(Duration.ofSeconds(20)).build();
        HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    return strict(line.substring(6));
                }
            }
        }
        throw new AssertionError("the stream ended without a frame");
    }
}
