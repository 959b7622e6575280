package org.vecmlp.kernel.simd;

import static org.vecmlp.kernel.simd.VectorMath.EXPONENT_SHIFT;
import static org.vecmlp.kernel.simd.VectorMath.EXP_MAX;
import static org.vecmlp.kernel.simd.VectorMath.EXP_MIN;
import static org.vecmlp.kernel.simd.VectorMath.LN2_HI;
import static org.vecmlp.kernel.simd.VectorMath.LN2_LO;
import static org.vecmlp.kernel.simd.VectorMath.LOG2E;
import static org.vecmlp.kernel.simd.VectorMath.P0;
import static org.vecmlp.kernel.simd.VectorMath.P1;
import static org.vecmlp.kernel.simd.VectorMath.P2;
import static org.vecmlp.kernel.simd.VectorMath.P3;
import static org.vecmlp.kernel.simd.VectorMath.P4;
import static org.vecmlp.kernel.simd.VectorMath.P5;
import static org.vecmlp.kernel.simd.VectorMath.ROUND;
import static org.vecmlp.kernel.simd.VectorMath.T0;
import static org.vecmlp.kernel.simd.VectorMath.T1;
import static org.vecmlp.kernel.simd.VectorMath.T2;
import static org.vecmlp.kernel.simd.VectorMath.T3;
import static org.vecmlp.kernel.simd.VectorMath.T4;
import static org.vecmlp.kernel.simd.VectorMath.TANH_SMALL;

import org.vecmlp.kernel.Pointwise;
import org.vecmlp.kernel.VectorOps;
import org.vecmlp.kernel.scalar.ScalarVectorOps;

/**
 * The SIMD element-wise passes written one lane at a time: the same operations in the same order as
 * {@link SimdVectorOps} and {@link VectorMath}, so the bits are the same; the lane sums and their fixed pairwise fold
 * are replayed too. {@link SimdVectorOps} hands it passes too short for vectors to pay: plain loops are fast from the
 * first call, while Vector API code runs in an allocating fallback until C2 has compiled it (seconds of a short run).
 * Because the bits agree, where the cut-off falls never changes a result. No Vector API call here; stateless.
 */
final class ScalarLaneOps implements VectorOps {
    private static final int L = VectorWidth.LENGTH;
    private static final int FOLDS = Integer.numberOfTrailingZeros(L);
    private static final int SUM = 0, SQUARES = 1, ABS = 2;
    private static final ScalarVectorOps REFERENCE = new ScalarVectorOps();

    /** {@code e^v} as {@link VectorMath#exp} computes one lane (v already scaled). */
    static float exp(float x) {
        float v = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float shifted = Math.fma(v, LOG2E, ROUND);
        float n = shifted - ROUND;
        float r = Math.fma(n, -LN2_HI, v);
        r = Math.fma(n, -LN2_LO, r);
        return expPolynomial(r) * scale(shifted);
    }

    /** {@code tanh(x)} as {@link VectorMath#tanh} computes one lane. */
    static float tanh(float x) {
        float z = x * x;
        float q = Math.fma(Math.fma(Math.fma(Math.fma(z, T0, T1), z, T2), z, T3), z, T4);
        float small = Math.fma(q * z, x, x);
        float v = Math.min(Math.abs(x) * 2f, EXP_MAX);
        float shifted = Math.fma(v, LOG2E, ROUND);
        float n = shifted - ROUND;
        float r = Math.fma(n, -LN2_HI, v);
        r = Math.fma(n, -LN2_LO, r);
        float t = expPolynomial(r) * scale(shifted);
        float large = 1f - 2f / (t + 1f);
        large = x < 0f ? -large : large;
        return Math.abs(x) < TANH_SMALL ? small : large;
    }

    private static float expPolynomial(float r) {
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(r, P0, P1), r, P2), r, P3), r, P4), r, P5);
        return p * (r * r) + r + 1f;
    }

    /** 2ⁿ from the bits of {@code n + 1.5·2²³}. */
    private static float scale(float shifted) {
        return Float.intBitsToFloat((Float.floatToRawIntBits(shifted) - EXPONENT_SHIFT) << 23);
    }

    /**
     * What the vector reduction over {@code x[from, end)} holds in lane 0 after {@link VectorMath#FOLDS} (the anatomy
     * of {@code VectorPasses.rowSum}): four accumulators take whole vectors in turn over groups of 4·L elements, the
     * rest goes to the first, lane l of each adds its elements in order; the lanes are {@code (a0 + a1) + (a2 + a3)};
     * then they fold pairwise (upper half onto lower, L/2 … 1).
     */
    private static float folded(int kind, float[] x, int off, int from, int end, int level, int lane) {
        if (level == 0) {
            int grouped = from + (end - from) / (4 * L) * (4 * L);
            float a0 = accumulate(kind, x, off, from + lane, grouped, 4 * L, 0f);
            a0 = accumulate(kind, x, off, grouped + lane, end, L, a0);
            float a1 = accumulate(kind, x, off, from + L + lane, grouped, 4 * L, 0f);
            float a2 = accumulate(kind, x, off, from + 2 * L + lane, grouped, 4 * L, 0f);
            float a3 = accumulate(kind, x, off, from + 3 * L + lane, grouped, 4 * L, 0f);
            return (a0 + a1) + (a2 + a3);
        }
        return folded(kind, x, off, from, end, level - 1, lane)
                + folded(kind, x, off, from, end, level - 1, lane + (L >> level)); // fold number `level` adds lane + L/2^level
    }

    /** One lane of one accumulator: adds the elements {@code start, start + step, …} below {@code end}, in order. */
    private static float accumulate(int kind, float[] x, int off, int start, int end, int step, float acc) {
        for (int i = start; i < end; i += step) {
            float v = x[off + i];
            acc = switch (kind) {
                case SQUARES -> Math.fma(v, v, acc);
                case ABS -> acc + Math.abs(v);
                default -> acc + v;
            };
        }
        return acc;
    }

    private static float foldedSum(int kind, float[] x, int off, int from, int end) {
        return folded(kind, x, off, from, end, FOLDS, 0);
    }

    @Override
    public void biasActivate(Pointwise activation, int rows, int cols, float[] z, int zOff, float[] bias, int biasOff,
                             float[] out, int outOff, float[] deriv, int derivOff) {
        for (int r = 0; r < rows; r++) {
            biasActivateRow(activation, cols, z, zOff + r * cols, bias, biasOff, out, outOff + r * cols, deriv,
                    derivOff + r * cols);
        }
    }

    /** One row of {@link #biasActivate}. */
    void biasActivateRow(Pointwise activation, int cols, float[] z, int zr, float[] bias, int bOff, float[] out,
                         int or, float[] deriv, int dr) {
        boolean keepZ = !(out == z && or == zr);
        boolean keepD = deriv != null;
        float slope = activation.alpha();
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            float v = z[zr + j] + bias[bOff + j];
            if (keepZ || activation.kind() == Pointwise.Kind.SOFTMAX) {
                z[zr + j] = v;
            }
            switch (activation.kind()) {
                case IDENTITY -> out[or + j] = v;
                case SIGMOID -> {
                    float a = 1f / (exp(-v) + 1f);
                    out[or + j] = a;
                    if (keepD) {
                        deriv[dr + j] = a * (1f - a);
                    }
                }
                case TANH -> {
                    float a = tanh(v);
                    out[or + j] = a;
                    if (keepD) {
                        deriv[dr + j] = 1f - a * a;
                    }
                }
                case RELU, LEAKY_RELU -> {
                    boolean on = v > 0f;
                    out[or + j] = on ? v : v * slope;
                    if (keepD) {
                        deriv[dr + j] = on ? 1f : slope;
                    }
                }
                case THRESHOLD -> out[or + j] = v >= 0f ? 1f : 0f;
                case SOFTMAX -> max = Math.max(max, v);
            }
        }
        if (activation.kind() == Pointwise.Kind.SOFTMAX) {
            float shift = -max;
            for (int j = 0; j < cols; j++) {
                out[or + j] = exp(z[zr + j] + shift); // the vector pass scales by 1 here: exact
            }
            float factor = 1f / foldedSum(SUM, out, or, 0, cols);
            for (int j = 0; j < cols; j++) {
                out[or + j] *= factor;
            }
        }
    }

    // The reference loops already compute these three the way the vector passes do (the same operations per
    // element; column sums add the rows in order), so they are the twins as they are.
    @Override
    public void derivativeFromOutput(Pointwise activation, float[] a, int aOff, float[] deriv, int derivOff, int len) {
        REFERENCE.derivativeFromOutput(activation, a, aOff, deriv, derivOff, len);
    }

    @Override
    public void multiplyInPlace(float[] x, int xOff, float[] y, int yOff, int len) {
        REFERENCE.multiplyInPlace(x, xOff, y, yOff, len);
    }

    @Override
    public void addColumnSums(int rows, int cols, float[] m, int mOff, float[] dst, int dstOff) {
        REFERENCE.addColumnSums(rows, cols, m, mOff, dst, dstOff);
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] = Math.fma(x[xOff + i], alpha, y[yOff + i]);
        }
    }

    @Override
    public void addScaledSign(float lambda, float[] w, int wOff, float[] g, int gOff, int len) {
        for (int i = 0; i < len; i++) {
            float v = w[wOff + i];
            g[gOff + i] += v > 0f ? lambda : v < 0f ? -lambda : 0f;
        }
    }

    @Override
    public double sumOfSquares(float[] x, int off, int len) {
        return blockSums(SQUARES, x, off, len);
    }

    @Override
    public double sumOfAbs(float[] x, int off, int len) {
        return blockSums(ABS, x, off, len);
    }

    /** As the vector passes: float lanes over blocks of 4096 elements, each block's fold added in double. */
    private static double blockSums(int kind, float[] x, int off, int len) {
        double total = 0;
        for (int block = 0; block < len; block += 4096) {
            total += foldedSum(kind, x, off, block, Math.min(len, block + 4096));
        }
        return total;
    }

    @Override
    public void sgdUpdate(float lr, float[] w, float[] g, int off, int len) {
        for (int i = off; i < off + len; i++) {
            w[i] = Math.fma(g[i], -lr, w[i]);
        }
    }

    @Override
    public void momentumUpdate(float lr, float mu, boolean nesterov, float[] w, float[] g, float[] v, int off,
                               int len) {
        for (int i = off; i < off + len; i++) {
            float vi = Math.fma(v[i], mu, g[i]);
            v[i] = vi;
            float step = nesterov ? Math.fma(vi, mu, g[i]) : vi;
            w[i] = Math.fma(step, -lr, w[i]);
        }
    }

    @Override
    public void adamUpdate(float lrHat, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
                           float epsHat, float[] w, float[] g, float[] mom,
                           float[] vel, int off, int len) {
        float c1 = oneMinusBeta1;
        float c2 = oneMinusBeta2;
        for (int i = off; i < off + len; i++) {
            float gi = g[i];
            float mi = mom[i] * beta1 + gi * c1;
            float vi = vel[i] * beta2 + gi * gi * c2;
            mom[i] = mi;
            vel[i] = vi;
            w[i] = w[i] - mi * lrHat / ((float) Math.sqrt(vi) + epsHat);
        }
    }
}
