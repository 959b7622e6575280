package org.vecmlp.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vecmlp.Mlp;
import org.vecmlp.infer.Predictor;
import org.vecmlp.io.SavedModel;
import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.parallel.ParallelBackend;
import org.vecmlp.onnx.OnnxExport;
import org.vecmlp.train.Initializer;

/**
 * vecmlp against ONNX Runtime Java, interleaved: on this shared VM the speed of one core changes by up to 2× from
 * one minute to the next (another tenant on the sibling hardware thread), so figures measured one after the other,
 * as JMH runs its benchmarks, can put noise into a ratio. Here the two engines alternate in short blocks inside one
 * JVM, and each block pair gives one ratio; the report takes the median of those ratios and their median absolute
 * deviation. Pairs: vecmlp simd vs ONNX Runtime on 1 thread, and vecmlp parallel vs ONNX Runtime on 2, for each
 * network and batch; also vecmlp parallel on 2 threads vs simd on 1.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar org.vecmlp.bench.InferencePairs OUT.json [SECONDS]</pre>
 */
public final class InferencePairs {
    private static final int[] BATCHES = {1, 16, 1024};

    private interface Call {
        void run() throws OrtException;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: InferencePairs OUT.json [SECONDS per pair, default 6]");
            System.exit(2);
        }
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 6;
        Variants.backend("simd"); // warms the SIMD kernels up
        List<Map<String, Object>> results = new ArrayList<>();
        try (ParallelBackend two = (ParallelBackend) Variants.backend("parallel", 2, "default")) {
            Backend simd = Variants.backend("simd");
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            for (Workload w : new Workload[] {Workload.mnist, Workload.wide}) {
                Mlp model = Mlp.initialize(w.spec, Initializer.HE, 42);
                byte[] onnx = OnnxExport.encode(new SavedModel(model, null, 0, Map.of())).toByteArray();
                for (int batch : BATCHES) {
                    float[] x = w.inputs(batch, 7);
                    float[] out = new float[batch * w.spec.outputs()];
                    Predictor one = model.predictor(simd);
                    Predictor parallel = model.predictor(two);
                    try (OrtSession ort1 = session(env, onnx, 1); OrtSession ort2 = session(env, onnx, 2);
                         OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x),
                                 new long[] {batch, w.spec.inputs()})) {
                        Call vecmlp1 = () -> one.predict(x, batch, out);
                        Call vecmlp2 = () -> parallel.predict(x, batch, out);
                        Call onnx1 = () -> runOnnx(ort1, input, out);
                        Call onnx2 = () -> runOnnx(ort2, input, out);
                        results.add(pair(w.name(), batch, "vecmlp simd / ONNX Runtime, 1 thread", vecmlp1, onnx1,
                                seconds));
                        results.add(pair(w.name(), batch, "vecmlp parallel / ONNX Runtime, 2 threads", vecmlp2,
                                onnx2, seconds));
                        results.add(pair(w.name(), batch, "vecmlp parallel 2 threads / simd 1 thread", vecmlp2,
                                vecmlp1, seconds));
                    }
                }
            }
        }
        Files.writeString(Path.of(args[0]), new GsonBuilder().setPrettyPrinting().create()
                .toJson(Map.of("pairs", results)));
        System.err.println("wrote " + args[0]);
    }

    private static OrtSession session(OrtEnvironment env, byte[] onnx, int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return env.createSession(onnx, options);
    }

    private static void runOnnx(OrtSession session, OnnxTensor input, float[] out) throws OrtException {
        try (OrtSession.Result result = session.run(Map.of("input", input))) {
            ((OnnxTensor) result.get(0)).getFloatBuffer().get(out);
        }
    }

    /**
     * Alternates blocks of {@code a} and {@code b} (each block ~20 ms of calls, order flipped every pair) for about
     * {@code seconds}, after a warm-up of both; per block the median call time; per pair the ratio a / b.
     */
    private static Map<String, Object> pair(String workload, int batch, String name, Call a, Call b, double seconds)
            throws OrtException {
        long callsPerBlock = Math.max(1, calibrate(a, b));
        for (int i = 0; i < 5; i++) {
            block(a, callsPerBlock);
            block(b, callsPerBlock);
        }
        List<Double> ratios = new ArrayList<>();
        List<Double> aTimes = new ArrayList<>();
        List<Double> bTimes = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        for (int pair = 0; System.nanoTime() < end || pair < 10; pair++) {
            double ta, tb;
            if (pair % 2 == 0) {
                ta = block(a, callsPerBlock);
                tb = block(b, callsPerBlock);
            } else {
                tb = block(b, callsPerBlock);
                ta = block(a, callsPerBlock);
            }
            ratios.add(ta / tb);
            aTimes.add(ta);
            bTimes.add(tb);
        }
        double ratio = median(ratios);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("workload", workload);
        r.put("batch", batch);
        r.put("pair", name);
        r.put("ratio", ratio);
        r.put("ratio_error", median(ratios.stream().map(v -> Math.abs(v - ratio)).toList()));
        r.put("first_median_us", median(aTimes) * 1e6);
        r.put("second_median_us", median(bTimes) * 1e6);
        r.put("pairs", ratios.size());
        r.put("calls_per_block", callsPerBlock);
        System.err.printf("%s batch %d, %s: %.3f ± %.3f (%d pairs)%n", workload, batch, name, ratio,
                r.get("ratio_error"), ratios.size());
        return r;
    }

    /** Calls per block so that a block of the slower engine takes about 20 ms. */
    private static long calibrate(Call a, Call b) throws OrtException {
        double slowest = Math.max(time(a, 3), time(b, 3));
        return (long) Math.ceil(0.02 / slowest);
    }

    private static double time(Call c, int calls) throws OrtException {
        long t = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            c.run();
        }
        return (System.nanoTime() - t) * 1e-9 / calls;
    }

    /** The median seconds per call over a block. */
    private static double block(Call c, long calls) throws OrtException {
        double[] times = new double[(int) Math.min(calls, 4096)];
        for (int i = 0; i < times.length; i++) {
            long t = System.nanoTime();
            c.run();
            times[i] = (System.nanoTime() - t) * 1e-9;
        }
        Arrays.sort(times);
        return times[times.length / 2];
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
