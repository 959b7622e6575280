package org.vecmlp.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.vecmlp.kernel.Pointwise;
import org.vecmlp.kernel.VectorOps;

/**
 * The element-wise passes on the Vector API. Every loop has the same anatomy: an unmasked main loop over whole
 * vectors, then one masked vector for the tail, so any length works without a scalar epilogue and only the tail pays
 * for a mask (a masked store is microcoded on AMD's AVX2 cores). Reductions keep four independent accumulators (see
 * {@code rowSum}), so the adds do not wait on each other. exp and tanh come from
 * {@link VectorMath} (polynomials with tested error bounds, the same bits before and after JIT compilation); the
 * contract test holds the outputs to 4·10⁻⁶ absolute. {@link SimdVectorOps} decides when these run (and when their
 * twins in {@link ScalarLaneOps} do); this class is first loaded, and the Vector API with it, when vectors first run.
 * Stateless.
 */
final class VectorPasses implements VectorOps {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;
    private static final FloatVector ONE = Lanes.ONE;
    @Override
    public void biasActivate(Pointwise activation, int rows, int cols, float[] z, int zOff, float[] bias, int biasOff,
                             float[] out, int outOff, float[] deriv, int derivOff) {
        boolean keepZ = !(out == z && outOff == zOff); // in place (hidden layers): the output overwrites z
        boolean keepD = deriv != null;
        for (int r = 0; r < rows; r++) {
            int zr = zOff + r * cols;
            int or = outOff + r * cols;
            int dr = derivOff + r * cols;
            // One loop per function: no vector variable is ever null or merged across branches, which would make
            // the JIT box it.
            switch (activation.kind()) {
                case IDENTITY -> addBias(z, zr, bias, biasOff, out, or, cols, keepZ);
                case SIGMOID -> sigmoidRow(z, zr, bias, biasOff, out, or, deriv, dr, cols, keepZ, keepD);
                case TANH -> tanhRow(z, zr, bias, biasOff, out, or, deriv, dr, cols, keepZ, keepD);
                case RELU, LEAKY_RELU -> reluRow(activation.alpha(), z, zr, bias, biasOff, out, or, deriv, dr, cols,
                        keepZ, keepD);
                case THRESHOLD -> thresholdRow(z, zr, bias, biasOff, out, or, cols, keepZ);
                case SOFTMAX -> softmaxRow(z, zr, bias, biasOff, out, or, cols);
            }
        }
    }

    /** Sweeps over one row, which stays in L1: z + b (kept or not), then e^−v, then σ = 1/(1 + e^−v) and σ(1−σ). */
    private static void sigmoidRow(float[] z, int zr, float[] bias, int bOff, float[] out, int or, float[] deriv,
                                   int dr, int cols, boolean keepZ, boolean keepD) {
        addBias(z, zr, bias, bOff, out, or, cols, keepZ);
        sigmoidOfSums(out, or, deriv, dr, cols, keepD);
    }

    /** {@code out = σ(out)} and {@code deriv = σ(1−σ)} over a stretch of biased sums. */
    private static void sigmoidOfSums(float[] out, int or, float[] deriv, int dr, int len, boolean keepD) {
        VectorMath.exp(out, or, -1f, out, or, len);
        int j = 0;
        for (; j <= len - L; j += L) {
            FloatVector a = ONE.div(FloatVector.fromArray(S, out, or + j).add(ONE));
            a.intoArray(out, or + j);
            if (keepD) {
                a.mul(ONE.sub(a)).intoArray(deriv, dr + j);
            }
        }
        if (j < len) { // the tail: one masked vector
            VectorMask<Float> m = S.indexInRange(j, len);
            FloatVector a = ONE.div(FloatVector.fromArray(S, out, or + j, m).add(ONE));
            a.intoArray(out, or + j, m);
            if (keepD) {
                a.mul(ONE.sub(a)).intoArray(deriv, dr + j, m);
            }
        }
    }

    /** Sweeps over one row, which stays in L1: z + b (kept or not), then tanh, then 1 − a². */
    private static void tanhRow(float[] z, int zr, float[] bias, int bOff, float[] out, int or, float[] deriv,
                                int dr, int cols, boolean keepZ, boolean keepD) {
        addBias(z, zr, bias, bOff, out, or, cols, keepZ);
        tanhOfSums(out, or, deriv, dr, cols, keepD);
    }

    /** {@code out = tanh(out)} and {@code deriv = 1 − out²} over a stretch of biased sums. */
    private static void tanhOfSums(float[] out, int or, float[] deriv, int dr, int len, boolean keepD) {
        VectorMath.tanh(out, or, out, or, len);
        if (keepD) {
            int j = 0;
            for (; j <= len - L; j += L) {
                FloatVector a = FloatVector.fromArray(S, out, or + j);
                ONE.sub(a.mul(a)).intoArray(deriv, dr + j);
            }
            if (j < len) { // the tail: one masked vector
                VectorMask<Float> m = S.indexInRange(j, len);
                FloatVector a = FloatVector.fromArray(S, out, or + j, m);
                ONE.sub(a.mul(a)).intoArray(deriv, dr + j, m);
            }
        }
    }

    /**
     * {@link #biasActivate} for rows narrower than a few vectors (the playground's 8 units), sigmoid or tanh only: the bias is added row by row in plain loops, then the transcendental runs over the
     * whole rows×cols block as one stretch of vectors, instead of one short masked stretch per row. Element-wise, so
     * the same bits as the row by row pass.
     */
    void biasActivateNarrow(Pointwise activation, int rows, int cols, float[] z, int zOff, float[] bias, int biasOff,
                            float[] out, int outOff, float[] deriv, int derivOff) {
        boolean keepZ = !(out == z && outOff == zOff);
        for (int r = 0; r < rows; r++) {
            int zr = zOff + r * cols;
            int or = outOff + r * cols;
            for (int j = 0; j < cols; j++) {
                float v = z[zr + j] + bias[biasOff + j];
                if (keepZ) {
                    z[zr + j] = v;
                }
                out[or + j] = v;
            }
        }
        int len = rows * cols;
        switch (activation.kind()) {
            case SIGMOID -> sigmoidOfSums(out, outOff, deriv, derivOff, len, deriv != null);
            case TANH -> tanhOfSums(out, outOff, deriv, derivOff, len, deriv != null);
            default -> throw new IllegalArgumentException(activation + " has no narrow-row pass");
        }
    }

    /** {@code out = z + b}, also stored back into z unless they are the same row. */
    private static void addBias(float[] z, int zr, float[] bias, int bOff, float[] out, int or, int cols,
                                boolean keepZ) {
        int j = 0;
        for (; j <= cols - L; j += L) {
            FloatVector v = FloatVector.fromArray(S, z, zr + j).add(FloatVector.fromArray(S, bias, bOff + j));
            if (keepZ) {
                v.intoArray(z, zr + j);
            }
            v.intoArray(out, or + j);
        }
        if (j < cols) { // the tail: one masked vector
            VectorMask<Float> m = S.indexInRange(j, cols);
            FloatVector v = FloatVector.fromArray(S, z, zr + j, m).add(FloatVector.fromArray(S, bias, bOff + j, m));
            if (keepZ) {
                v.intoArray(z, zr + j, m);
            }
            v.intoArray(out, or + j, m);
        }
    }

    /** ReLU (slope 0) and leaky ReLU share one loop: {@code a = z > 0 ? z : slope·z}, {@code f' = z > 0 ? 1 : slope}. */
    private static void reluRow(float slope, float[] z, int zr, float[] bias, int bOff, float[] out, int or,
                                float[] deriv, int dr, int cols, boolean keepZ, boolean keepD) {
        FloatVector slopes = FloatVector.broadcast(S, slope);
        int j = 0;
        for (; j <= cols - L; j += L) {
            FloatVector v = FloatVector.fromArray(S, z, zr + j).add(FloatVector.fromArray(S, bias, bOff + j));
            if (keepZ) {
                v.intoArray(z, zr + j);
            }
            VectorMask<Float> on = v.compare(VectorOperators.GT, 0f);
            v.mul(slopes).blend(v, on).intoArray(out, or + j);
            if (keepD) {
                slopes.blend(ONE, on).intoArray(deriv, dr + j);
            }
        }
        if (j < cols) { // the tail: one masked vector
            VectorMask<Float> m = S.indexInRange(j, cols);
            FloatVector v = FloatVector.fromArray(S, z, zr + j, m).add(FloatVector.fromArray(S, bias, bOff + j, m));
            if (keepZ) {
                v.intoArray(z, zr + j, m);
            }
            VectorMask<Float> on = v.compare(VectorOperators.GT, 0f);
            v.mul(slopes).blend(v, on).intoArray(out, or + j, m);
            if (keepD) {
                slopes.blend(ONE, on).intoArray(deriv, dr + j, m);
            }
        }
    }

    private static void thresholdRow(float[] z, int zr, float[] bias, int bOff, float[] out, int or, int cols,
                                     boolean keepZ) {
        FloatVector zero = FloatVector.zero(S);
        int j = 0;
        for (; j <= cols - L; j += L) {
            FloatVector v = FloatVector.fromArray(S, z, zr + j).add(FloatVector.fromArray(S, bias, bOff + j));
            if (keepZ) {
                v.intoArray(z, zr + j);
            }
            zero.blend(ONE, v.compare(VectorOperators.GE, 0f)).intoArray(out, or + j);
        }
        if (j < cols) { // the tail: one masked vector
            VectorMask<Float> m = S.indexInRange(j, cols);
            FloatVector v = FloatVector.fromArray(S, z, zr + j, m).add(FloatVector.fromArray(S, bias, bOff + j, m));
            if (keepZ) {
                v.intoArray(z, zr + j, m);
            }
            zero.blend(ONE, v.compare(VectorOperators.GE, 0f)).intoArray(out, or + j, m);
        }
    }

    /**
     * Stable softmax of one row (shift by the maximum); keeps the biased logits in z. Each sweep is its own small
     * method: as one method it is too big for C1's register allocator, which then never profiles it for C2, leaving
     * the Vector API in its allocating fallback.
     */
    private static void softmaxRow(float[] z, int zr, float[] bias, int biasOff, float[] out, int or, int cols) {
        float rowMax = addBiasAndMax(z, zr, bias, biasOff, cols);
        shift(z, zr, -rowMax, out, or, cols);
        VectorMath.exp(out, or, 1f, out, or, cols);
        scale(out, or, 1f / rowSum(out, or, cols), cols);
    }

    private static float addBiasAndMax(float[] z, int zr, float[] bias, int biasOff, int cols) {
        FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (; j <= cols - L; j += L) {
            FloatVector v = FloatVector.fromArray(S, z, zr + j).add(FloatVector.fromArray(S, bias, biasOff + j));
            v.intoArray(z, zr + j);
            max = max.max(v);
        }
        if (j < cols) { // the tail: one masked vector
            VectorMask<Float> m = S.indexInRange(j, cols);
            FloatVector v = FloatVector.fromArray(S, z, zr + j, m).add(FloatVector.fromArray(S, bias, biasOff + j, m));
            v.intoArray(z, zr + j, m);
            max = max.blend(max.max(v), m);
        }
        return max.reduceLanes(VectorOperators.MAX); // max is exact in any order
    }

    private static void shift(float[] src, int srcOff, float delta, float[] dst, int dstOff, int len) {
        int j = 0;
        for (; j <= len - L; j += L) {
            FloatVector.fromArray(S, src, srcOff + j).add(delta).intoArray(dst, dstOff + j);
        }
        if (j < len) { // the tail: one masked vector
            VectorMask<Float> m = S.indexInRange(j, len);
            FloatVector.fromArray(S, src, srcOff + j, m).add(delta).intoArray(dst, dstOff + j, m);
        }
    }

    /**
     * The sum in a fixed order, the reductions' one anatomy ({@link ScalarLaneOps} replays it): four accumulators
     * take whole vectors in turn (element i of a group of 4·L goes to accumulator i / L, lane i mod L); the vectors
     * left over, then one masked tail, go to the first; then {@code (a0 + a1) + (a2 + a3)} and the pairwise lane fold.
     */
    private static float rowSum(float[] x, int off, int len) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int j = 0;
        for (; j <= len - 4 * L; j += 4 * L) {
            a0 = a0.add(FloatVector.fromArray(S, x, off + j));
            a1 = a1.add(FloatVector.fromArray(S, x, off + j + L));
            a2 = a2.add(FloatVector.fromArray(S, x, off + j + 2 * L));
            a3 = a3.add(FloatVector.fromArray(S, x, off + j + 3 * L));
        }
        for (; j <= len - L; j += L) {
            a0 = a0.add(FloatVector.fromArray(S, x, off + j));
        }
        if (j < len) {
            a0 = a0.add(FloatVector.fromArray(S, x, off + j, S.indexInRange(j, len)));
        }
        FloatVector sum = a0.add(a1).add(a2.add(a3));
        for (VectorShuffle<Float> fold : VectorMath.FOLDS) {
            sum = sum.add(sum.rearrange(fold));
        }
        return sum.lane(0);
    }

    private static void scale(float[] x, int off, float factor, int len) {
        int j = 0;
        for (; j <= len - L; j += L) {
            FloatVector.fromArray(S, x, off + j).mul(factor).intoArray(x, off + j);
        }
        if (j < len) { // the tail: one masked vector
            VectorMask<Float> m = S.indexInRange(j, len);
            FloatVector.fromArray(S, x, off + j, m).mul(factor).intoArray(x, off + j, m);
        }
    }

    @Override
    public void derivativeFromOutput(Pointwise activation, float[] a, int aOff, float[] deriv, int derivOff, int len) {
        switch (activation.kind()) {
            case SIGMOID -> {
                int i = 0;
                for (; i <= len - L; i += L) {
                    FloatVector v = FloatVector.fromArray(S, a, aOff + i);
                    v.mul(ONE.sub(v)).intoArray(deriv, derivOff + i);
                }
                if (i < len) { // the tail: one masked vector
                    VectorMask<Float> m = S.indexInRange(i, len);
                    FloatVector v = FloatVector.fromArray(S, a, aOff + i, m);
                    v.mul(ONE.sub(v)).intoArray(deriv, derivOff + i, m);
                }
            }
            case TANH -> {
                int i = 0;
                for (; i <= len - L; i += L) {
                    FloatVector v = FloatVector.fromArray(S, a, aOff + i);
                    ONE.sub(v.mul(v)).intoArray(deriv, derivOff + i);
                }
                if (i < len) { // the tail: one masked vector
                    VectorMask<Float> m = S.indexInRange(i, len);
                    FloatVector v = FloatVector.fromArray(S, a, aOff + i, m);
                    ONE.sub(v.mul(v)).intoArray(deriv, derivOff + i, m);
                }
            }
            case RELU, LEAKY_RELU -> {
                FloatVector slopes = FloatVector.broadcast(S, activation.alpha());
                int i = 0;
                for (; i <= len - L; i += L) {
                    FloatVector v = FloatVector.fromArray(S, a, aOff + i);
                    slopes.blend(ONE, v.compare(VectorOperators.GT, 0f)).intoArray(deriv, derivOff + i);
                }
                if (i < len) { // the tail: one masked vector
                    VectorMask<Float> m = S.indexInRange(i, len);
                    FloatVector v = FloatVector.fromArray(S, a, aOff + i, m);
                    slopes.blend(ONE, v.compare(VectorOperators.GT, 0f)).intoArray(deriv, derivOff + i, m);
                }
            }
            default -> throw new IllegalArgumentException(activation + " stores no derivative");
        }
    }

    @Override
    public void multiplyInPlace(float[] x, int xOff, float[] y, int yOff, int len) {
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector.fromArray(S, x, xOff + i).mul(FloatVector.fromArray(S, y, yOff + i))
                    .intoArray(x, xOff + i);
        }
        if (i < len) { // the tail: one masked vector
            VectorMask<Float> m = S.indexInRange(i, len);
            FloatVector.fromArray(S, x, xOff + i, m).mul(FloatVector.fromArray(S, y, yOff + i, m))
                    .intoArray(x, xOff + i, m);
        }
    }

    @Override
    public void addColumnSums(int rows, int cols, float[] mat, int mOff, float[] dst, int dstOff) {
        int j = 0;
        for (; j <= cols - L; j += L) {
            FloatVector acc = FloatVector.fromArray(S, dst, dstOff + j);
            for (int r = 0; r < rows; r++) {
                acc = acc.add(FloatVector.fromArray(S, mat, mOff + r * cols + j));
            }
            acc.intoArray(dst, dstOff + j);
        }
        if (j < cols) { // the tail: one masked vector
            VectorMask<Float> m = S.indexInRange(j, cols);
            FloatVector acc = FloatVector.fromArray(S, dst, dstOff + j, m);
            for (int r = 0; r < rows; r++) {
                acc = acc.add(FloatVector.fromArray(S, mat, mOff + r * cols + j, m));
            }
            acc.intoArray(dst, dstOff + j, m);
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        if (i < len) { // the tail: one masked vector
            VectorMask<Float> m = S.indexInRange(i, len);
            FloatVector.fromArray(S, x, xOff + i, m).fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, y, yOff + i, m))
                    .intoArray(y, yOff + i, m);
        }
    }

    @Override
    public void addScaledSign(float lambda, float[] w, int wOff, float[] g, int gOff, int len) {
        FloatVector plus = FloatVector.broadcast(S, lambda);
        FloatVector minus = FloatVector.broadcast(S, -lambda);
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector v = FloatVector.fromArray(S, w, wOff + i);
            FloatVector step = zero.blend(plus, v.compare(VectorOperators.GT, 0f))
                    .blend(minus, v.compare(VectorOperators.LT, 0f));
            FloatVector.fromArray(S, g, gOff + i).add(step).intoArray(g, gOff + i);
        }
        if (i < len) { // the tail: one masked vector
            VectorMask<Float> m = S.indexInRange(i, len);
            FloatVector v = FloatVector.fromArray(S, w, wOff + i, m);
            FloatVector step = zero.blend(plus, v.compare(VectorOperators.GT, 0f))
                    .blend(minus, v.compare(VectorOperators.LT, 0f));
            FloatVector.fromArray(S, g, gOff + i, m).add(step).intoArray(g, gOff + i, m);
        }
    }

    @Override
    public double sumOfSquares(float[] x, int off, int len) {
        // Float lanes summed into double every 4096 elements keep the error of long sums small; within a block the
        // reductions' anatomy (see rowSum), with fma(v, v, a).
        double total = 0;
        for (int block = 0; block < len; block += 4096) {
            int end = Math.min(len, block + 4096);
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            int i = block;
            for (; i <= end - 4 * L; i += 4 * L) {
                FloatVector v0 = FloatVector.fromArray(S, x, off + i);
                FloatVector v1 = FloatVector.fromArray(S, x, off + i + L);
                FloatVector v2 = FloatVector.fromArray(S, x, off + i + 2 * L);
                FloatVector v3 = FloatVector.fromArray(S, x, off + i + 3 * L);
                a0 = v0.fma(v0, a0);
                a1 = v1.fma(v1, a1);
                a2 = v2.fma(v2, a2);
                a3 = v3.fma(v3, a3);
            }
            for (; i <= end - L; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, off + i);
                a0 = v.fma(v, a0);
            }
            if (i < end) {
                FloatVector v = FloatVector.fromArray(S, x, off + i, S.indexInRange(i, end));
                a0 = v.fma(v, a0);
            }
            FloatVector acc = a0.add(a1).add(a2.add(a3));
            for (VectorShuffle<Float> fold : VectorMath.FOLDS) { // a fixed order: reduceLanes(ADD) has none
                acc = acc.add(acc.rearrange(fold));
            }
            total += acc.lane(0);
        }
        return total;
    }

    @Override
    public double sumOfAbs(float[] x, int off, int len) {
        double total = 0;
        for (int block = 0; block < len; block += 4096) {
            int end = Math.min(len, block + 4096);
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            int i = block;
            for (; i <= end - 4 * L; i += 4 * L) {
                a0 = a0.add(FloatVector.fromArray(S, x, off + i).abs());
                a1 = a1.add(FloatVector.fromArray(S, x, off + i + L).abs());
                a2 = a2.add(FloatVector.fromArray(S, x, off + i + 2 * L).abs());
                a3 = a3.add(FloatVector.fromArray(S, x, off + i + 3 * L).abs());
            }
            for (; i <= end - L; i += L) {
                a0 = a0.add(FloatVector.fromArray(S, x, off + i).abs());
            }
            if (i < end) {
                a0 = a0.add(FloatVector.fromArray(S, x, off + i, S.indexInRange(i, end)).abs());
            }
            FloatVector acc = a0.add(a1).add(a2.add(a3));
            for (VectorShuffle<Float> fold : VectorMath.FOLDS) { // a fixed order: reduceLanes(ADD) has none
                acc = acc.add(acc.rearrange(fold));
            }
            total += acc.lane(0);
        }
        return total;
    }

    @Override
    public void sgdUpdate(float lr, float[] w, float[] g, int off, int len) {
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector.fromArray(S, g, off + i).fma(FloatVector.broadcast(S, -lr), FloatVector.fromArray(S, w, off + i))
                    .intoArray(w, off + i);
        }
        if (i < len) { // the tail: one masked vector
            VectorMask<Float> m = S.indexInRange(i, len);
            FloatVector.fromArray(S, g, off + i, m).fma(FloatVector.broadcast(S, -lr), FloatVector.fromArray(S, w, off + i, m))
                    .intoArray(w, off + i, m);
        }
    }

    @Override
    public void momentumUpdate(float lr, float mu, boolean nesterov, float[] w, float[] g, float[] v, int off, int len) {
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector gi = FloatVector.fromArray(S, g, off + i);
            FloatVector vi = FloatVector.fromArray(S, v, off + i).fma(FloatVector.broadcast(S, mu), gi);
            vi.intoArray(v, off + i);
            FloatVector step = nesterov ? vi.fma(FloatVector.broadcast(S, mu), gi) : vi;
            step.fma(FloatVector.broadcast(S, -lr), FloatVector.fromArray(S, w, off + i)).intoArray(w, off + i);
        }
        if (i < len) { // the tail: one masked vector
            VectorMask<Float> m = S.indexInRange(i, len);
            FloatVector gi = FloatVector.fromArray(S, g, off + i, m);
            FloatVector vi = FloatVector.fromArray(S, v, off + i, m).fma(FloatVector.broadcast(S, mu), gi);
            vi.intoArray(v, off + i, m);
            FloatVector step = nesterov ? vi.fma(FloatVector.broadcast(S, mu), gi) : vi;
            step.fma(FloatVector.broadcast(S, -lr), FloatVector.fromArray(S, w, off + i, m)).intoArray(w, off + i, m);
        }
    }

    @Override
    public void adamUpdate(float lrHat, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
                           float epsHat,
                           float[] w, float[] g, float[] mom, float[] vel, int off, int len) {
        float c1 = oneMinusBeta1;
        float c2 = oneMinusBeta2;
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector gi = FloatVector.fromArray(S, g, off + i);
            FloatVector mi = FloatVector.fromArray(S, mom, off + i).mul(beta1).add(gi.mul(c1));
            FloatVector vi = FloatVector.fromArray(S, vel, off + i).mul(beta2).add(gi.mul(gi).mul(c2));
            mi.intoArray(mom, off + i);
            vi.intoArray(vel, off + i);
            FloatVector step = mi.mul(lrHat).div(vi.sqrt().add(epsHat));
            FloatVector.fromArray(S, w, off + i).sub(step).intoArray(w, off + i);
        }
        if (i < len) { // the tail: one masked vector
            VectorMask<Float> m = S.indexInRange(i, len);
            FloatVector gi = FloatVector.fromArray(S, g, off + i, m);
            FloatVector mi = FloatVector.fromArray(S, mom, off + i, m).mul(beta1).add(gi.mul(c1));
            FloatVector vi = FloatVector.fromArray(S, vel, off + i, m).mul(beta2).add(gi.mul(gi).mul(c2));
            mi.intoArray(mom, off + i, m);
            vi.intoArray(vel, off + i, m);
            FloatVector step = mi.mul(lrHat).div(vi.sqrt().add(epsHat));
            FloatVector.fromArray(S, w, off + i, m).sub(step).intoArray(w, off + i, m);
        }
    }
}
