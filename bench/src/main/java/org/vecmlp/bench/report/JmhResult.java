package org.vecmlp.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark result from JMH's JSON output: the benchmark, its parameters, the median of the measured
 * iterations (of the samples, in sample-time mode) and JMH's 99.9% error, in the unit JMH reported; the 99th
 * percentile in sample-time mode (NaN otherwise).
 */
record JmhResult(String benchmark, Map<String, String> params, double median, double error, String unit,
                 Map<String, Double> secondary, double p99) {

    /** The simple name, e.g. {@code GemmBench}. */
    String benchClass() {
        String[] parts = benchmark.split("\\.");
        return parts[parts.length - 2];
    }

    String param(String name) {
        return params.getOrDefault(name, "");
    }

    static List<JmhResult> read(Path file) throws IOException {
        List<JmhResult> results = new ArrayList<>();
        JsonArray array = JsonParser.parseString(Files.readString(file)).getAsJsonArray();
        for (JsonElement e : array) {
            JsonObject o = e.getAsJsonObject();
            Map<String, String> params = new LinkedHashMap<>();
            if (o.has("params")) {
                for (Map.Entry<String, JsonElement> p : o.getAsJsonObject("params").entrySet()) {
                    params.put(p.getKey(), p.getValue().getAsString());
                }
            }
            JsonObject metric = o.getAsJsonObject("primaryMetric");
            JsonObject percentiles = metric.getAsJsonObject("scorePercentiles");
            double median = percentiles.get("50.0").getAsDouble();
            double p99 = percentiles.has("99.0") ? percentiles.get("99.0").getAsDouble() : Double.NaN;
            double error = metric.get("scoreError").isJsonPrimitive() ? metric.get("scoreError").getAsDouble() : Double.NaN;
            Map<String, Double> secondary = new LinkedHashMap<>();
            if (o.has("secondaryMetrics")) {
                for (Map.Entry<String, JsonElement> s : o.getAsJsonObject("secondaryMetrics").entrySet()) {
                    secondary.put(s.getKey(), s.getValue().getAsJsonObject().getAsJsonObject("scorePercentiles")
                            .get("50.0").getAsDouble());
                }
            }
            results.add(new JmhResult(o.get("benchmark").getAsString(), params, median, error,
                    metric.get("scoreUnit").getAsString(), secondary, p99));
        }
        return results;
    }
}
