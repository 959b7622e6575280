package org.vecmlp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one contract every {@link VectorOps} passes, against double-precision formulas, on awkward lengths (0, 1,
 * primes, around multiples of 8 and 16) and with non-zero offsets. Transcendental activations must be within
 * 4·10⁻⁶ absolute of the exact value (outputs are in [−1, 1]); everything else within a few ulps.
 */
public abstract class VectorOpsContractTest {

    protected abstract VectorOps ops();

    static final int[] LENGTHS = {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 127, 1000};

    static IntStream lengths() {
        return IntStream.of(LENGTHS);
    }

    static Stream<Arguments> activationsAndShapes() {
        Pointwise[] activations = {Pointwise.IDENTITY, Pointwise.SIGMOID, Pointwise.TANH, Pointwise.RELU,
                Pointwise.leakyRelu(0.1f), Pointwise.SOFTMAX, Pointwise.THRESHOLD};
        int[][] shapes = {{1, 1}, {1, 17}, {3, 7}, {5, 16}, {4, 33}, {2, 64}, {7, 65}, {16, 10}};
        return Stream.of(activations).flatMap(a -> Stream.of(shapes).map(s -> Arguments.of(a, s[0], s[1])));
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("activationsAndShapes")
    void biasActivateMatchesDefinition(Pointwise act, int rows, int cols) {
        SplittableRandom random = new SplittableRandom(rows * 31L + cols);
        int zOff = 3, bOff = 1, oOff = 2, dOff = 5;
        float[] z = new float[zOff + rows * cols];
        for (int i = zOff; i < z.length; i++) {
            z[i] = (float) random.nextDouble(-6, 6);
        }
        z[zOff] = 0f; // the kink of ReLU and the step of threshold, after the bias below
        float[] bias = new float[bOff + cols];
        for (int i = bOff; i < bias.length; i++) {
            bias[i] = (float) random.nextDouble(-1, 1);
        }
        z[zOff] = -bias[bOff];
        float[] zBefore = z.clone();
        float[] out = new float[oOff + rows * cols];
        float[] deriv = new float[dOff + rows * cols];

        ops().biasActivate(act, rows, cols, z, zOff, bias, bOff, out, oOff, deriv, dOff);

        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, (double) zBefore[zOff + r * cols + j] + bias[bOff + j]);
            }
            for (int j = 0; j < cols; j++) {
                sum += Math.exp((double) zBefore[zOff + r * cols + j] + bias[bOff + j] - max);
            }
            for (int j = 0; j < cols; j++) {
                int i = r * cols + j;
                double v = (float) (zBefore[zOff + i] + bias[bOff + j]);
                assertEquals(v, z[zOff + i], 0.0, "z must hold the biased logits");
                double a;
                double d;
                switch (act.kind()) {
                    case IDENTITY -> { a = v; d = 1; }
                    case SIGMOID -> { a = 1 / (1 + Math.exp(-v)); d = a * (1 - a); }
                    case TANH -> { a = Math.tanh(v); d = 1 - a * a; }
                    case RELU -> { a = v > 0 ? v : 0; d = v > 0 ? 1 : 0; }
                    case LEAKY_RELU -> { a = v > 0 ? v : act.alpha() * v; d = v > 0 ? 1 : act.alpha(); }
                    case SOFTMAX -> { a = Math.exp(v - max) / sum; d = Double.NaN; }
                    case THRESHOLD -> { a = v >= 0 ? 1 : 0; d = Double.NaN; }
                    default -> throw new AssertionError();
                }
                double tolerance = switch (act.kind()) {
                    case SIGMOID, TANH, SOFTMAX -> 4e-6;
                    default -> Math.ulp((float) a); // one rounding of α·z
                };
                float actual = out[oOff + i];
                assertTrue(Math.abs(actual - a) <= tolerance, act + " out[" + r + "][" + j + "] = " + actual
                        + ", expected " + a + " (z = " + v + ")");
                if (act.storesDerivative()) {
                    assertTrue(Math.abs(deriv[dOff + i] - d) <= 2 * tolerance, act + " derivative[" + r + "][" + j
                            + "] = " + deriv[dOff + i] + ", expected " + d);
                }
            }
        }
        if (!act.storesDerivative()) {
            for (float v : deriv) {
                assertEquals(0f, v, act + " stores no derivative");
            }
        }
    }

    @ParameterizedTest(name = "{0} derivative from output")
    @MethodSource("activationsAndShapes")
    void derivativeFromOutputMatchesTheFusedPass(Pointwise act, int rows, int cols) {
        if (!act.storesDerivative()) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> ops().derivativeFromOutput(act, new float[1], 0, new float[1], 0, 1));
            return;
        }
        SplittableRandom random = new SplittableRandom(rows * 13L + cols);
        float[] z = new float[rows * cols];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextDouble(-5, 5);
        }
        float[] out = new float[z.length];
        float[] fused = new float[z.length];
        ops().biasActivate(act, rows, cols, z, 0, new float[cols], 0, out, 0, fused, 0);
        float[] separate = new float[z.length + 2];
        ops().derivativeFromOutput(act, out, 0, separate, 2, z.length);
        for (int i = 0; i < z.length; i++) {
            assertEquals(fused[i], separate[i + 2], 1e-6f, act + " at " + i);
        }
    }

    @ParameterizedTest(name = "{0} in place, no derivative")
    @MethodSource("activationsAndShapes")
    void biasActivateInPlaceWithoutDerivative(Pointwise act, int rows, int cols) {
        SplittableRandom random = new SplittableRandom(cols * 7L + rows);
        float[] z = new float[rows * cols];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextDouble(-4, 4);
        }
        float[] bias = new float[cols];
        for (int j = 0; j < cols; j++) {
            bias[j] = (float) random.nextDouble(-1, 1);
        }
        float[] separate = new float[z.length];
        float[] zCopy = z.clone();
        float[] deriv = new float[z.length];
        ops().biasActivate(act, rows, cols, zCopy, 0, bias, 0, separate, 0, deriv, 0);
        ops().biasActivate(act, rows, cols, z, 0, bias, 0, z, 0, null, 0);
        for (int i = 0; i < z.length; i++) {
            assertEquals(separate[i], z[i], 0f, act + ": in place must equal out of place at " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void elementwiseAndReductions(int len) {
        SplittableRandom random = new SplittableRandom(len);
        int off = 3;
        float[] x = random(random, off + len);
        float[] y = random(random, off + len);
        if (len > 0) {
            x[off + len / 2] = 0f; // sign(0) = 0
        }

        float[] prod = x.clone();
        ops().multiplyInPlace(prod, off, y, off, len);
        float[] axpy = y.clone();
        ops().axpy(0.37f, x, off, axpy, off, len);
        float[] sign = y.clone();
        ops().addScaledSign(0.05f, x, off, sign, off, len);
        double squares = ops().sumOfSquares(x, off, len);
        double abs = ops().sumOfAbs(x, off, len);

        double expSquares = 0, expAbs = 0;
        for (int i = off; i < off + len; i++) {
            assertEquals((double) x[i] * y[i], prod[i], 1e-6, "multiply");
            assertEquals(y[i] + 0.37 * x[i], axpy[i], 1e-6, "axpy");
            assertEquals(y[i] + 0.05 * Math.signum(x[i]), sign[i], 1e-6, "sign");
            expSquares += (double) x[i] * x[i];
            expAbs += Math.abs(x[i]);
        }
        for (int i = 0; i < off; i++) {
            assertEquals(x[i], prod[i], 0f, "multiply wrote before the offset");
            assertEquals(y[i], axpy[i], 0f, "axpy wrote before the offset");
        }
        assertEquals(expSquares, squares, 1e-5 * (1 + expSquares));
        assertEquals(expAbs, abs, 1e-5 * (1 + expAbs));
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void columnSums(int cols) {
        SplittableRandom random = new SplittableRandom(cols + 100);
        int rows = 1 + cols % 7;
        float[] m = random(random, 2 + rows * cols);
        float[] dst = random(random, 1 + cols);
        float[] before = dst.clone();
        ops().addColumnSums(rows, cols, m, 2, dst, 1);
        for (int j = 0; j < cols; j++) {
            double s = before[1 + j];
            for (int r = 0; r < rows; r++) {
                s += m[2 + r * cols + j];
            }
            assertEquals(s, dst[1 + j], 1e-5);
        }
        assertEquals(before[0], dst[0], 0f);
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void optimizerUpdates(int len) {
        SplittableRandom random = new SplittableRandom(len + 1000);
        float[] w = random(random, len);
        float[] g = random(random, len);
        float[] v = random(random, len);
        float[] m = random(random, len);
        float[] vPos = new float[len];
        for (int i = 0; i < len; i++) {
            vPos[i] = Math.abs(v[i]);
        }

        float[] sgd = w.clone();
        ops().sgdUpdate(0.1f, sgd, g, 0, len);
        float[] mom = w.clone();
        float[] momV = v.clone();
        ops().momentumUpdate(0.1f, 0.9f, false, mom, g, momV, 0, len);
        float[] nes = w.clone();
        float[] nesV = v.clone();
        ops().momentumUpdate(0.1f, 0.9f, true, nes, g, nesV, 0, len);
        float[] adam = w.clone();
        float[] adamM = m.clone();
        float[] adamV = vPos.clone();
        ops().adamUpdate(0.01f, 0.9f, 0.1f, 0.999f, 0.001f, 1e-8f, adam, g, adamM, adamV, 0, len);

        for (int i = 0; i < len; i++) {
            assertEquals(w[i] - 0.1 * g[i], sgd[i], 1e-6);
            double vel = 0.9 * v[i] + g[i];
            assertEquals(vel, momV[i], 1e-6);
            assertEquals(w[i] - 0.1 * vel, mom[i], 1e-6);
            assertEquals(vel, nesV[i], 1e-6);
            assertEquals(w[i] - 0.1 * (g[i] + 0.9 * vel), nes[i], 1e-6);
            double mi = 0.9 * m[i] + 0.1 * g[i];
            double vi = 0.999 * vPos[i] + 0.001 * g[i] * g[i];
            assertEquals(mi, adamM[i], 1e-6);
            assertEquals(vi, adamV[i], 1e-6);
            assertEquals(w[i] - 0.01 * mi / (Math.sqrt(vi) + 1e-8), adam[i], 1e-5);
        }
    }

    private static float[] random(SplittableRandom random, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) random.nextDouble(-2, 2);
        }
        return x;
    }
}
