package org.vecmlp.bench.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The inference questions of a run: {@code InferenceBench} (JMH, sample time: vecmlp's variants and ONNX Runtime
 * Java) with the Python peers of {@code inference.json} (PyTorch eager and TorchScript, numpy: each call timed on
 * its own), and the whole-process wall times of {@code wall.json} (default backend against {@code --backend scalar}).
 * Writes its part of the report's README and {@code inference-summary.md}, the table the project README embeds.
 */
final class InferenceSection {
    /** One engine's figure for one (workload, batch): median and p99 per call in µs, threads, allocation. */
    record Cell(String engine, int threads, double median, double error, double p99, double alloc) {
    }

    private final Path dir;
    private final Map<String, Map<String, Cell>> cells = new LinkedHashMap<>(); // "workload batch" → engine → cell
    private final List<JsonObject> wall = new ArrayList<>();
    private final List<JsonObject> pairs = new ArrayList<>();
    private String peers = "";

    InferenceSection(Path dir, List<JmhResult> jmh) throws IOException {
        this.dir = dir;
        for (JmhResult r : jmh) {
            if (!r.benchClass().equals("InferenceBench")) {
                continue;
            }
            String variant = r.param("variant");
            String engine = switch (variant) {
                case "scalar" -> "vecmlp scalar";
                case "simd" -> "vecmlp simd";
                case "parallel-2" -> "vecmlp parallel";
                default -> "ONNX Runtime";
            };
            int threads = variant.endsWith("-2") ? 2 : 1;
            Double alloc = r.secondary().get("gc.alloc.rate.norm");
            put(r.param("workload"), Integer.parseInt(r.param("batch")),
                    new Cell(engine, threads, r.median(), r.error(), r.p99(), alloc == null ? Double.NaN : alloc));
        }
        Path py = dir.resolve("inference.json");
        if (Files.exists(py)) {
            JsonObject root = JsonParser.parseString(Files.readString(py)).getAsJsonObject();
            peers = root.getAsJsonObject("libraries").toString();
            for (JsonElement e : root.getAsJsonArray("inference")) {
                JsonObject o = e.getAsJsonObject();
                String engine = switch (o.get("library").getAsString()) {
                    case "pytorch-eager" -> "PyTorch eager";
                    case "pytorch-torchscript" -> "PyTorch TorchScript";
                    default -> "numpy";
                };
                put(o.get("workload").getAsString(), o.get("batch").getAsInt(), new Cell(engine,
                        o.get("threads").getAsInt(), o.get("median_seconds").getAsDouble() * 1e6,
                        o.get("error").getAsDouble() * 1e6, o.get("p99_seconds").getAsDouble() * 1e6, Double.NaN));
            }
        }
        Path pairFile = dir.resolve("pairs.json");
        if (Files.exists(pairFile)) {
            for (JsonElement e : JsonParser.parseString(Files.readString(pairFile)).getAsJsonObject()
                    .getAsJsonArray("pairs")) {
                pairs.add(e.getAsJsonObject());
            }
        }
        Path w = dir.resolve("wall.json");
        if (Files.exists(w)) {
            for (JsonElement e : JsonParser.parseString(Files.readString(w)).getAsJsonObject().getAsJsonArray("wall")) {
                wall.add(e.getAsJsonObject());
            }
        }
    }

    private void put(String workload, int batch, Cell cell) {
        cells.computeIfAbsent(workload + " " + batch, k -> new LinkedHashMap<>())
                .put(cell.engine() + "/" + cell.threads(), cell);
    }

    boolean isEmpty() {
        return cells.isEmpty() && wall.isEmpty();
    }

    void append(StringBuilder md) throws IOException {
        if (!cells.isEmpty()) {
            md.append("## Inference (`InferenceBench` and the Python peers)\n\n")
                    .append("One op = one `predict` call on `batch` rows into the caller's buffer, on a predictor made "
                            + "once. vecmlp and ONNX Runtime Java (same weights as an ONNX graph, CPU provider, all "
                            + "graph optimisations): JMH sample time, median and 99th percentile per call, ± JMH's "
                            + "99.9% error of the mean. PyTorch (eager and traced+frozen TorchScript, under "
                            + "`inference_mode`) and numpy (three matmuls, bias, ReLU, softmax): each call timed on "
                            + "its own, median, p99 and the median absolute deviation. rows/s = batch / median. ")
                    .append(peers.isEmpty() ? "" : "Python libraries: `" + peers + "`. ")
                    .append("Networks: mnist 784-256-128-10 ReLU/softmax, wide 1024-1024-1024-10.\n\n")
                    .append("| network | batch | engine | threads | median µs | p99 µs | rows/s | alloc B/op |\n")
                    .append("|---|---:|---|---:|---:|---:|---:|---:|\n");
            for (Map.Entry<String, Map<String, Cell>> row : cells.entrySet()) {
                String[] key = row.getKey().split(" ");
                int batch = Integer.parseInt(key[1]);
                for (Cell c : row.getValue().values()) {
                    md.append(String.format(Locale.ROOT, "| %s | %d | %s | %d | %s ± %s | %s | %s | %s |%n", key[0],
                            batch, c.engine(), c.threads(), Report.num(c.median()), Report.num(c.error()),
                            Report.num(c.p99()), Report.num(batch / (c.median() * 1e-6)),
                            Double.isNaN(c.alloc()) ? "" : String.format(Locale.ROOT, "%.1f", c.alloc())));
                }
            }
            md.append("\n");
        }
        if (!pairs.isEmpty()) {
            md.append("### Interleaved with ONNX Runtime (`InferencePairs`)\n\n")
                    .append("The two engines alternate in blocks of about 20 ms inside one JVM (order flipped every "
                            + "pair); each pair of blocks gives one ratio of median call times. Below 1: the first "
                            + "is faster. Median of the ratios ± their median absolute deviation.\n\n"
                            + "| network | batch | pair | ratio | first µs | second µs | pairs |\n"
                            + "|---|---:|---|---:|---:|---:|---:|\n");
            for (JsonObject o : pairs) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.3f ± %.3f | %s | %s | %d |%n",
                        o.get("workload").getAsString(), o.get("batch").getAsInt(), o.get("pair").getAsString(),
                        o.get("ratio").getAsDouble(), o.get("ratio_error").getAsDouble(),
                        Report.num(o.get("first_median_us").getAsDouble()),
                        Report.num(o.get("second_median_us").getAsDouble()), o.get("pairs").getAsInt()));
            }
            md.append('\n');
        }
        if (!cells.isEmpty()) {
            md.append("### vecmlp against the peers\n\n").append(summary()).append('\n');
        }
        if (!wall.isEmpty()) {
            md.append("## Whole-process wall time (`bench/baselines/wall.py`)\n\nDefault backend against `--backend scalar`, ").append(wallTable());
        }
        StringBuilder readme = new StringBuilder();
        if (!cells.isEmpty()) {
            readme.append(summary()).append('\n');
        }
        if (!wall.isEmpty()) {
            readme.append("Short runs, default backend against `--backend scalar` (`bench/baselines/wall.py`): ")
                    .append(wallTable());
        }
        if (!readme.isEmpty()) {
            Files.writeString(dir.resolve("inference-summary.md"), readme.toString().strip() + "\n");
        }
    }

    private String wallTable() {
        StringBuilder md = new StringBuilder("the `vecmlp` command as a user runs it, one JVM per run, interleaved "
                + "and alternated; median wall time and peak resident memory of ").append(wall.get(0).get("runs")
                .getAsInt()).append(" runs each, and the median of the paired per-round ratios ± their median absolute "
                + "deviation.\n\n| case | default s | scalar s | default / scalar | default peak MiB | "
                + "scalar peak MiB |\n|---|---:|---:|---:|---:|---:|\n");
        for (JsonObject o : wall) {
            md.append(String.format(Locale.ROOT, "| `%s` | %.3f | %.3f | %.2f ± %.2f | %.0f | %.0f |%n",
                    o.get("command").getAsString(), o.get("default_seconds").getAsDouble(),
                    o.get("scalar_seconds").getAsDouble(), o.get("ratio").getAsDouble(),
                    o.get("ratio_error").getAsDouble(), o.get("default_peak_mib").getAsDouble(),
                    o.get("scalar_peak_mib").getAsDouble()));
        }
        return md.append('\n').toString();
    }

    /** Per network and batch: vecmlp's median per call and how many times faster it is than each peer. */
    private String summary() {
        String[] peerColumns = {"vecmlp parallel/2", "ONNX Runtime/1", "ONNX Runtime/2", "PyTorch eager/1",
                "PyTorch TorchScript/1", "PyTorch eager/2", "numpy/1"};
        StringBuilder s = new StringBuilder("Median µs per `predict` call; in brackets, that engine's time over "
                + "vecmlp `simd`'s on one thread (above 1×: vecmlp `simd` is faster; for `vecmlp parallel/2`, below "
                + "1× is the speed-up of two threads). The last two columns come from the interleaved run "
                + "(`InferencePairs`): ONNX Runtime's time over vecmlp's, with the error carried over. Same run, same "
                + "machine.\n\n"
                + "| network | batch | vecmlp simd (p99) |");
        for (String p : peerColumns) {
            s.append(' ').append(p).append(" |");
        }
        s.append(" ONNX Runtime / vecmlp, interleaved: 1 thread | 2 threads |");
        s.append("\n|---|---:|---:|").append("---:|".repeat(peerColumns.length + 2)).append('\n');
        for (Map.Entry<String, Map<String, Cell>> row : cells.entrySet()) {
            Cell simd = row.getValue().get("vecmlp simd/1");
            if (simd == null) {
                continue;
            }
            String[] key = row.getKey().split(" ");
            s.append(String.format(Locale.ROOT, "| %s | %s | %s (%s) |", key[0], key[1], Report.num(simd.median()),
                    Report.num(simd.p99())));
            for (String p : peerColumns) {
                Cell c = row.getValue().get(p);
                s.append(c == null ? " |" : String.format(Locale.ROOT, " %s (%.2f×) |", Report.num(c.median()),
                        c.median() / simd.median()));
            }
            for (String pair : new String[] {"vecmlp simd / ONNX Runtime, 1 thread",
                    "vecmlp parallel / ONNX Runtime, 2 threads"}) {
                JsonObject o = pairs.stream().filter(p -> p.get("workload").getAsString().equals(key[0])
                        && p.get("batch").getAsString().equals(key[1]) && p.get("pair").getAsString().equals(pair))
                        .findFirst().orElse(null);
                s.append(o == null ? " |" : String.format(Locale.ROOT, " %.2f× ± %.2f |",
                        1 / o.get("ratio").getAsDouble(),
                        o.get("ratio_error").getAsDouble() / Math.pow(o.get("ratio").getAsDouble(), 2)));
            }
            s.append('\n');
        }
        return s.toString();
    }
}
