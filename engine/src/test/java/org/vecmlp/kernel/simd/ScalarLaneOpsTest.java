package org.vecmlp.kernel.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vecmlp.kernel.Pointwise;
import org.vecmlp.kernel.VectorOps;

/**
 * The lane-at-a-time passes give the vector passes' bits exactly, for every pass, activation and length, so the
 * SIMD backend's size cut-offs change speed and never results. (Both also pass the ordinary contract suite.)
 */
class ScalarLaneOpsTest {
    private static final VectorOps VECTORS = new SimdVectorOps(0, 0);
    private static final VectorOps LANES = new ScalarLaneOps();
    private static final Pointwise[] ACTIVATIONS = {Pointwise.IDENTITY, Pointwise.SIGMOID, Pointwise.TANH,
            Pointwise.RELU, Pointwise.leakyRelu(0.1f), Pointwise.SOFTMAX, Pointwise.THRESHOLD};

    @Test
    void activationPassesGiveTheVectorBits() {
        SplittableRandom random = new SplittableRandom(11);
        for (Pointwise act : ACTIVATIONS) {
            for (int cols = 1; cols <= 70; cols++) {
                int rows = 1 + random.nextInt(3);
                float spread = random.nextBoolean() ? 3f : 40f; // the polynomial and the saturated ranges
                float[] z = values(random, 2 + rows * cols, spread);
                float[] bias = values(random, 1 + cols, 1f);
                for (boolean inPlace : new boolean[] {false, true}) {
                    int c = cols;
                    sameBits(act + " " + rows + "x" + cols + (inPlace ? " in place" : ""), z, bias, ops -> {
                        float[] zz = z.clone();
                        float[] out = inPlace ? zz : new float[3 + rows * c];
                        float[] deriv = act.storesDerivative() ? new float[rows * c] : null;
                        ops.biasActivate(act, rows, c, zz, 2, bias, 1, out, inPlace ? 2 : 3, deriv, 0);
                        return concat(zz, out, deriv);
                    });
                }
            }
        }
    }

    @Test
    void flatPassesGiveTheVectorBits() {
        SplittableRandom random = new SplittableRandom(12);
        for (int len = 0; len <= 300; len += 1 + len / 20) {
            int n = len;
            float[] x = values(random, n + 1, 2f);
            float[] y = values(random, n + 1, 2f);
            float[] w = values(random, n, 1f);
            if (n > 0) {
                w[0] = 0f; // sign(0) = 0
            }
            float[] v = values(random, n, 1f);
            for (int i = 0; i < n; i++) {
                v[i] = Math.abs(v[i]);
            }
            sameBits("multiply " + n, x, y, ops -> {
                float[] a = x.clone();
                ops.multiplyInPlace(a, 1, y, 0, n);
                return a;
            });
            sameBits("axpy " + n, x, y, ops -> {
                float[] b = y.clone();
                ops.axpy(0.37f, x, 1, b, 0, n);
                return b;
            });
            sameBits("sign " + n, w, y, ops -> {
                float[] g = y.clone();
                ops.addScaledSign(0.01f, w, 0, g, 1, n);
                return g;
            });
            sameBits("sgd " + n, w, x, ops -> {
                float[] ww = w.clone();
                ops.sgdUpdate(0.1f, ww, x, 0, n);
                return ww;
            });
            for (boolean nesterov : new boolean[] {false, true}) {
                sameBits("momentum " + n, w, x, ops -> {
                    float[] ww = w.clone(), vv = y.clone();
                    ops.momentumUpdate(0.1f, 0.9f, nesterov, ww, x, vv, 0, n);
                    return concat(ww, vv, null);
                });
            }
            sameBits("adam " + n, w, x, ops -> {
                float[] ww = w.clone(), m = x.clone(), vv = v.clone();
                ops.adamUpdate(0.001f, 0.9f, 0.1f, 0.999f, 0.001f, 1e-8f, ww, y, m, vv, 0, n);
                return concat(ww, concat(m, vv, null), null);
            });
            for (Pointwise act : new Pointwise[] {Pointwise.SIGMOID, Pointwise.TANH, Pointwise.leakyRelu(0.2f)}) {
                sameBits("derivative " + act + " " + n, x, y, ops -> {
                    float[] d = new float[n];
                    ops.derivativeFromOutput(act, x, 1, d, 0, n);
                    return d;
                });
            }
            int rows = 1 + n % 7, cols = n / rows;
            sameBits("column sums " + rows + "x" + cols, x, y, ops -> {
                float[] dst = y.clone();
                ops.addColumnSums(rows, cols, x, 0, dst, 1);
                return dst;
            });
            assertEquals(VECTORS.sumOfSquares(x, 1, n), LANES.sumOfSquares(x, 1, n), "sum of squares " + n);
            assertEquals(VECTORS.sumOfAbs(x, 1, n), LANES.sumOfAbs(x, 1, n), "sum of abs " + n);
        }
        float[] longer = values(random, 9000, 1f); // several 4096-element blocks
        assertEquals(VECTORS.sumOfSquares(longer, 3, 8997), LANES.sumOfSquares(longer, 3, 8997));
        assertEquals(VECTORS.sumOfAbs(longer, 3, 8997), LANES.sumOfAbs(longer, 3, 8997));
    }

    private interface Pass {
        float[] run(VectorOps ops);
    }

    private static void sameBits(String what, float[] a, float[] b, Pass pass) {
        float[] expected = pass.run(VECTORS);
        float[] actual = pass.run(LANES);
        int[] e = new int[expected.length], g = new int[actual.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = Float.floatToRawIntBits(expected[i]);
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = Float.floatToRawIntBits(actual[i]);
        }
        assertArrayEquals(e, g, what);
    }

    private static float[] concat(float[] a, float[] b, float[] c) {
        int n = a.length + b.length + (c == null ? 0 : c.length);
        float[] all = new float[n];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        if (c != null) {
            System.arraycopy(c, 0, all, a.length + b.length, c.length);
        }
        return all;
    }

    private static float[] values(SplittableRandom random, int n, float spread) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextDouble(-spread, spread);
        }
        return x;
    }
}
