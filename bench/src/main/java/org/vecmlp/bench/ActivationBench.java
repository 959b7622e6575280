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
import org.openjdk.jmh.annotations.Warmup;
import org.vecmlp.kernel.Pointwise;
import org.vecmlp.kernel.VectorOps;
import org.vecmlp.nn.Activation;

/**
 * Does fusing bias, activation and derivative into one sweep pay? Three ways to get {@code a = f(z + b)} and
 * {@code f'} for backward, all on the SIMD backend over a {@code size/256 × 256} activation matrix with a 256-wide
 * bias:
 * <ul>
 *   <li>{@code fused}: the engine's {@link VectorOps#biasActivate}, one sweep storing {@code a} (in place over z, as
 *       for a hidden layer) and {@code f'} computed from {@code a};</li>
 *   <li>{@code twoPass}: an activation sweep, then a second sweep deriving {@code f'} from the stored output
 *       ({@link VectorOps#derivativeFromOutput}): memoised, but it reads the activations twice;</li>
 *   <li>{@code recompute}: the design without memoisation: the forward sweep keeps {@code z}, and backward's
 *       sweep evaluates {@code f} again (exp, tanh) to get {@code f'}.</li>
 * </ul> At 4,096 floats everything sits in L1; at 1M floats (4 MiB per array) the second pass
 * must come back from L3 or memory, which is what fusion saves.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class ActivationBench {

    @Param({"recompute", "twoPass", "fused"})
    public String variant;

    @Param({"sigmoid", "tanh", "relu"})
    public String activation;

    @Param({"4096", "1048576"})
    public int size;

    private VectorOps ops;
    private Pointwise act;
    private static final int COLS = 256;
    private float[] z;
    private float[] bias;
    private float[] deriv;
    private float[] out;
    private float[] zeroBias;
    private int rows;

    @Setup(Level.Trial)
    public void setUp() {
        ops = Variants.backend("simd").newKernels().ops();
        act = Activation.parse(activation).pointwise();
        SplittableRandom random = new SplittableRandom(1);
        z = new float[size];
        for (int i = 0; i < size; i++) {
            z[i] = (float) random.nextDouble(-4, 4);
        }
        rows = size / COLS;
        bias = new float[COLS];
        deriv = new float[size];
        out = new float[size];
        zeroBias = new float[COLS];
    }

    @Benchmark
    public float[] activate() {
        // fused and twoPass run in place, as the engine runs hidden layers, so each call activates the previous
        // call's output; recompute keeps z (the bias is 0). The cost of exp and tanh does not depend on the values.
        switch (variant) {
            case "fused" -> ops.biasActivate(act, rows, COLS, z, 0, bias, 0, z, 0, deriv, 0);
            case "twoPass" -> {
                ops.biasActivate(act, rows, COLS, z, 0, bias, 0, z, 0, null, 0);
                ops.derivativeFromOutput(act, z, 0, deriv, 0, size);
            }
            case "recompute" -> {
                ops.biasActivate(act, rows, COLS, z, 0, bias, 0, out, 0, null, 0); // keeps z + b in z
                ops.biasActivate(act, rows, COLS, z, 0, zeroBias, 0, out, 0, deriv, 0); // f again, for f'
            }
            default -> throw new IllegalArgumentException(variant);
        }
        return deriv;
    }
}
