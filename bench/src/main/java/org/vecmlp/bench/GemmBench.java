package org.vecmlp.bench;

import java.util.SplittableRandom;
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
import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.Gemm;

/**
 * How fast is one GEMM, per variant, layout and shape? One invocation is one {@code C = op(A)·op(B)} (β = 0) of
 * shape M×K×N (C is M×N), so GFLOP/s = 2·M·N·K / (time per op). The three layouts are the three products of a
 * training step: NN forward (X·W), TN weight gradient (Xᵀ·dZ), NT input gradient (dZ·Wᵀ).
 *
 * <p>Setup checks the variant against the scalar reference on the same inputs, so a fast wrong kernel cannot
 * report a number.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar GemmBench -p variant=simd -p threads=1 -p op=NN -p shape=512x512x512
 * java -jar bench/target/benchmarks.jar GemmBench -p variant=parallel -p threads=1,2 -p shape=1024x1024x1024
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class GemmBench {

    /** {@code ejml}: EJML's single-thread float GEMM, the pure-Java library a JVM user would otherwise pick. */
    @Param({"scalar", "simd", "parallel", "ejml"})
    public String variant;

    /** Threads of the parallel variant; the others ignore it (run them with {@code -p threads=1}). */
    @Param({"1", "2"})
    public int threads;

    /** The SIMD GEMM's tuning: {@code default} (the one in force) or {@code SHAPE:MC:KC:NC}, e.g. {@code 8x2v:72:320:768}. */
    @Param({"default"})
    public String tuning;

    @Param({"NN", "TN", "NT"})
    public String op;

    @Param({"64x64x64", "128x128x128", "256x256x256", "512x512x512", "1024x1024x1024", "128x784x256",
            "784x128x256", "128x256x784", "256x1024x1024", "2048x2048x2048", "16x2x8", "16x8x8"})
    public String shape;

    private Backend backend;
    private Gemm gemm;
    private int m;
    private int k;
    private int n;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup(Level.Trial)
    public void setUp() {
        String[] dims = shape.split("x");
        m = Integer.parseInt(dims[0]);
        k = Integer.parseInt(dims[1]);
        n = Integer.parseInt(dims[2]);
        SplittableRandom random = new SplittableRandom(42);
        a = random(random, m * k);
        b = random(random, k * n);
        c = new float[m * n];
        if (variant.equals("ejml")) {
            gemm = new EjmlGemm(); // no vecmlp backend
        } else {
            backend = Variants.backend(variant, threads, tuning);
            gemm = backend.newKernels().gemm();
        }
        run(gemm, c);
        float[] expected = new float[m * n];
        run(Backend.scalar().newKernels().gemm(), expected);
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - c[i]) > 1e-4f * (1 + k)) {
                throw new IllegalStateException(variant + " " + op + " " + shape + " differs from scalar at " + i
                        + ": " + c[i] + " vs " + expected[i]);
            }
        }
    }

    private void run(Gemm g, float[] out) {
        switch (op) {
            case "NN" -> g.gemmNN(m, n, k, 1f, a, 0, k, b, 0, n, 0f, out, 0, n);
            case "TN" -> g.gemmTN(m, n, k, 1f, a, 0, m, b, 0, n, 0f, out, 0, n); // A stored k×m
            case "NT" -> g.gemmNT(m, n, k, 1f, a, 0, k, b, 0, k, 0f, out, 0, n); // B stored n×k
            default -> throw new IllegalArgumentException("op " + op);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Variants.close(backend);
    }

    @Benchmark
    public float[] gemm() {
        run(gemm, c);
        return c;
    }

    private static float[] random(SplittableRandom random, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return x;
    }
}
