package org.vecmlp.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vecmlp.Mlp;
import org.vecmlp.infer.Predictor;
import org.vecmlp.io.SavedModel;
import org.vecmlp.kernel.Backend;
import org.vecmlp.onnx.OnnxExport;
import org.vecmlp.train.Initializer;

/**
 * How long does one {@code predict} call take, the way a service embedding the engine makes it? One op is one call
 * on {@code batch} rows into a caller's buffer, on a {@link Predictor} made once (weights packed once). The peer,
 * measured in the same run: ONNX Runtime Java (CPU execution provider, all graph optimisations) on the same weights as
 * an ONNX graph, with its input tensor made once and the result closed each call, as its API is meant to be used.
 * Sample time gives the median and the 99th percentile per call; rows/s = batch / median. Setup checks every
 * variant's outputs against the scalar reference.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar InferenceBench -p workload=mnist -p batch=1 -prof gc
 * java -jar bench/target/benchmarks.jar InferenceBench -p variant=simd,onnxruntime -p batch=1,1024
 * </pre>
 * The forks run the JVM's default collector (G1), as a service embedding the engine usually does; with the Parallel
 * or Serial collector C2's loop strip mining is off and the vector micro-kernel compiles to code about half as fast
 * ({@code BackendProvider.jitAdvice()}).
 * Variants: {@code scalar}, {@code simd}, {@code parallel-2} (the parallel backend on 2 threads), {@code onnxruntime}
 * (1 intra-op thread) and {@code onnxruntime-2} (2).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class InferenceBench {

    @Param({"scalar", "simd", "parallel-2", "onnxruntime", "onnxruntime-2"})
    public String variant;

    /** {@code mnist}: 784-256-128-10 ReLU/softmax (the W5); {@code wide}: 1024-1024-1024-10. */
    @Param({"mnist", "wide"})
    public String workload;

    @Param({"1", "16", "1024"})
    public int batch;

    private Backend backend;
    private Predictor predictor;
    private float[] x;
    private float[] out;
    private OrtEnvironment env;
    private OrtSession session;
    private OnnxTensor input;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        Workload w = Workload.valueOf(workload);
        Mlp model = Mlp.initialize(w.spec, Initializer.HE, 42);
        x = w.inputs(batch, 7);
        out = new float[batch * w.spec.outputs()];
        float[] expected = new float[out.length];
        model.predictor(Backend.scalar()).predict(x, batch, expected);
        if (variant.startsWith("onnxruntime")) {
            env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(variant.endsWith("-2") ? 2 : 1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            byte[] onnx = OnnxExport.encode(new SavedModel(model, null, 0, Map.of())).toByteArray();
            session = env.createSession(onnx, options);
            input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {batch, w.spec.inputs()});
            predictOnnx();
        } else {
            backend = variant.equals("parallel-2") ? Variants.backend("parallel", 2, "default") : Variants.backend(variant);
            predictor = model.predictor(backend);
            predictor.predict(x, batch, out);
        }
        for (int i = 0; i < out.length; i++) {
            if (!(Math.abs(out[i] - expected[i]) <= 1e-4f)) {
                throw new IllegalStateException(variant + " output " + i + " is " + out[i] + ", the scalar reference "
                        + expected[i]);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        if (session != null) {
            input.close();
            session.close();
        }
        Variants.close(backend);
    }

    @Benchmark
    public float[] predict() throws OrtException {
        if (session != null) {
            return predictOnnx();
        }
        predictor.predict(x, batch, out);
        return out;
    }

    private float[] predictOnnx() throws OrtException {
        try (OrtSession.Result result = session.run(Map.of("input", input))) {
            FloatBuffer y = ((OnnxTensor) result.get(0)).getFloatBuffer();
            y.get(out);
        }
        return out;
    }
}
