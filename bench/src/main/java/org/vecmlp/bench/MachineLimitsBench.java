package org.vecmlp.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's limits, measured in Java in the same run as everything they are compared with, so a report's "% of
 * peak" and roofline come from this machine at this moment, not from a datasheet:
 * <ul>
 *   <li>{@code fmaPeak1}, {@code fmaPeak2}: the vector FMA peak on one and on two threads — {@value #ACCUMULATORS}
 *       independent accumulators (more than the FMA latency × throughput product of any current core, so the
 *       chains never wait), {@value #STEPS} steps per op;</li>
 *   <li>{@code copy} and {@code triad} (STREAM's {@code a = b} and {@code a = b + s·c}) over arrays sized for L1, L2,
 *       L3 and DRAM, one thread.</li>
 * </ul>
 * Each op also counts its floating-point operations or bytes in a JMH auxiliary counter ({@code flops},
 * {@code bytes}), which JMH reports per second: the run's JSON holds flop/s and byte/s for this machine's vector
 * width, so a report made anywhere reads them without knowing it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MachineLimitsBench {
    /** Independent FMA chains: 12 fit the 16 AVX2 registers with the two operands and leave the loop unspilled. */
    public static final int ACCUMULATORS = 12;
    /** FMA steps per op on every accumulator. */
    public static final int STEPS = 4096;

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final long FLOPS_PER_FMA_OP = flopsPerFmaOp();

    /** Floating-point operations of one {@code fmaPeak} op: accumulators × steps × lanes × 2 (multiply and add). */
    public static long flopsPerFmaOp() {
        return 2L * ACCUMULATORS * STEPS * S.length();
    }

    /** Bytes one {@code copy} (read b, write a) or {@code triad} (read b and c, write a) op moves. */
    public static long bytesPerOp(String kernel, int floats) {
        return (kernel.equals("copy") ? 2L : 3L) * 4L * floats;
    }

    /** The chains' factor and addend, read from a field so that the JIT cannot fold the loop away. */
    private float factor = 0.999999f;
    private float addend = 1e-7f;

    /** Floating-point operations done, per second in JMH's output (summed over the threads). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public long flops;

        @Setup(Level.Iteration)
        public void clear() {
            flops = 0;
        }
    }

    /** Bytes read and written, per second in JMH's output. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void clear() {
            bytes = 0;
        }
    }

    /** The arrays of the bandwidth kernels; only they take the size parameter. */
    @State(Scope.Thread)
    public static class Arrays {
        /** Floats per array, sized so that all of an op's arrays fit the named level (DRAM: none does). */
        @Param({"L1:1024", "L2:16384", "L3:262144", "DRAM:16777216"})
        public String size;

        float[] a;
        float[] b;
        float[] c;
        long copyBytes; // per op, counted once here rather than on every op
        long triadBytes;

        @Setup(Level.Trial)
        public void setUp() {
            int n = floats(size);
            a = new float[n];
            b = new float[n];
            c = new float[n];
            copyBytes = bytesPerOp("copy", n);
            triadBytes = bytesPerOp("triad", n);
            for (int i = 0; i < n; i++) {
                b[i] = i * 1e-6f;
                c[i] = 1f - i * 1e-7f;
            }
        }
    }

    /** The floats per array of a {@code size} parameter such as {@code L2:16384}. */
    public static int floats(String size) {
        return Integer.parseInt(size.substring(size.indexOf(':') + 1));
    }

    @Benchmark
    @Threads(1)
    public float fmaPeak1(Flops counter) {
        counter.flops += FLOPS_PER_FMA_OP;
        return fma();
    }

    @Benchmark
    @Threads(2)
    public float fmaPeak2(Flops counter) {
        counter.flops += FLOPS_PER_FMA_OP;
        return fma();
    }

    /** 12 chains {@code acc = acc·x + y}: x just below 1 keeps them finite and their values from denormals. */
    private float fma() {
        FloatVector x = FloatVector.broadcast(S, factor); // locals: vectors held in fields stay boxed objects
        FloatVector y = FloatVector.broadcast(S, addend);
        FloatVector a0 = y, a1 = y, a2 = y, a3 = y, a4 = y, a5 = y, a6 = y, a7 = y, a8 = y, a9 = y, a10 = y, a11 = y;
        for (int s = 0; s < STEPS; s++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    @Benchmark
    @Threads(1)
    public float[] copy(Arrays arrays, Bytes counter) {
        counter.bytes += arrays.copyBytes;
        float[] src = arrays.b, dst = arrays.a;
        int n = src.length, i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, src, i).intoArray(dst, i);
        }
        for (; i < n; i++) {
            dst[i] = src[i];
        }
        return dst;
    }

    @Benchmark
    @Threads(1)
    public float[] triad(Arrays arrays, Bytes counter) {
        counter.bytes += arrays.triadBytes;
        float[] src = arrays.b, other = arrays.c, dst = arrays.a;
        FloatVector scale = FloatVector.broadcast(S, 0.5f);
        int n = src.length, i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, other, i).fma(scale, FloatVector.fromArray(S, src, i)).intoArray(dst, i);
        }
        for (; i < n; i++) {
            dst[i] = Math.fma(other[i], 0.5f, src[i]);
        }
        return dst;
    }
}
