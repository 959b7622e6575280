package org.vecmlp.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp and tanh over arrays, built from additions, multiplications and FMAs only, and a lane sum in a fixed order.
 *
 * <p>Why not the Vector API's lane-wise EXP, TANH and {@code reduceLanes(ADD)}: they return different bits before
 * and after the JIT compiles them (a per-lane Java fallback, then the JDK's vector math library; the reduction order
 * is unspecified), which would make training results depend on warm-up. Every operation used here is correctly
 * rounded, so the bits never change. Why arrays and not {@code FloatVector exp(FloatVector)}: a method that takes or
 * returns vectors boxes them whenever the JIT declines to inline it, which it does for larger callees; so each loop
 * here is self-contained (tanh repeats exp's few lines for that reason).
 *
 * <p>Error bounds, tested by {@code VectorMathTest} against {@code Math}: exp within 1 ulp on [−87, 88] (inputs are
 * clamped to [−87.3, 88.3], so it never returns 0 or ∞); tanh within 1·10⁻⁷ absolute. {@link ScalarLaneOps} computes
 * the same functions one lane at a time, with the same operations in the same order, so it gives the same bits.
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;
    static final float LOG2E = 1.44269504088896341f;
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    static final float ROUND = 12582912f; // 1.5·2²³: adding and subtracting it rounds to the nearest integer
    static final int EXPONENT_SHIFT = 0x4B40_0000 - 127; // the bits of ROUND, minus the bias: n + ROUND → n + 127
    // tanh's odd polynomial on |x| < TANH_SMALL: x + x·z·q(z), z = x².
    static final float TANH_SMALL = 0.625f;
    static final float T0 = -5.70498872745e-3f;
    static final float T1 = 2.06390887954e-2f;
    static final float T2 = -5.37397155531e-2f;
    static final float T3 = 1.33314422036e-1f;
    static final float T4 = -3.33332819422e-1f;
    static final float EXP_MIN = -87.3f;
    static final float EXP_MAX = 88.3f;
    private static final FloatVector BLOG2E = FloatVector.broadcast(S, LOG2E);
    private static final FloatVector BROUND = FloatVector.broadcast(S, ROUND);
    static final float P0 = 1.9875691500e-4f;
    static final float P1 = 1.3981999507e-3f;
    static final float P2 = 8.3334519073e-3f;
    static final float P3 = 4.1665795894e-2f;
    static final float P4 = 1.6666665459e-1f;
    static final float P5 = 5.0000001201e-1f;

    /** Shuffles that fold the upper half of the lanes onto the lower: L/2, L/4, …, 1 (see {@link #FOLDS} users). */
    static final VectorShuffle<Float>[] FOLDS = folds();

    private VectorMath() {
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] folds() {
        VectorShuffle<Float>[] folds = new VectorShuffle[Integer.numberOfTrailingZeros(L)];
        for (int s = 0, half = L / 2; half >= 1; s++, half /= 2) {
            int h = half;
            folds[s] = VectorShuffle.fromOp(S, i -> (i + h) % L);
        }
        return folds;
    }

    /**
     * {@code dst[i] = e^(scale·src[i])}: Cody–Waite reduction to r in [−ln2/2, ln2/2], a degree-7 polynomial,
     * then ×2ⁿ through the exponent bits. {@code dst} may be {@code src}.
     */
    static void exp(float[] src, int srcOff, float scale, float[] dst, int dstOff, int len) {
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector v = FloatVector.fromArray(S, src, srcOff + i).mul(scale).max(EXP_MIN).min(EXP_MAX);
            FloatVector shifted = v.fma(BLOG2E, BROUND); // n + 1.5·2²³: its low bits hold n
            FloatVector n = shifted.sub(BROUND);
            FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), v);
            r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(P0, P1).fma(r, FloatVector.broadcast(S, P2)).fma(r, FloatVector.broadcast(S, P3))
                    .fma(r, FloatVector.broadcast(S, P4)).fma(r, FloatVector.broadcast(S, P5));
            FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
            IntVector bits = ((IntVector) shifted.viewAsIntegralLanes()).sub(EXPONENT_SHIFT)
                    .lanewise(VectorOperators.LSHL, 23);
            y.mul(bits.viewAsFloatingLanes()).intoArray(dst, dstOff + i);
        }
        if (i < len) { // the tail: one masked vector
            VectorMask<Float> m = S.indexInRange(i, len);
            FloatVector v = FloatVector.fromArray(S, src, srcOff + i, m).mul(scale).max(EXP_MIN).min(EXP_MAX);
            FloatVector shifted = v.fma(BLOG2E, BROUND); // n + 1.5·2²³: its low bits hold n
            FloatVector n = shifted.sub(BROUND);
            FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), v);
            r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(P0, P1).fma(r, FloatVector.broadcast(S, P2)).fma(r, FloatVector.broadcast(S, P3))
                    .fma(r, FloatVector.broadcast(S, P4)).fma(r, FloatVector.broadcast(S, P5));
            FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
            IntVector bits = ((IntVector) shifted.viewAsIntegralLanes()).sub(EXPONENT_SHIFT)
                    .lanewise(VectorOperators.LSHL, 23);
            y.mul(bits.viewAsFloatingLanes()).intoArray(dst, dstOff + i, m);
        }
    }

    /**
     * {@code dst[i] = tanh(src[i])}: an odd polynomial for |x| < 0.625, {@code ±(1 − 2/(e^{2|x|} + 1))} beyond.
     * {@code dst} may be {@code src}.
     */
    static void tanh(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector two = FloatVector.broadcast(S, 2f);
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector x = FloatVector.fromArray(S, src, srcOff + i);
            FloatVector z = x.mul(x);
            FloatVector q = z.fma(T0, T1).fma(z, FloatVector.broadcast(S, T2)).fma(z, FloatVector.broadcast(S, T3))
                    .fma(z, FloatVector.broadcast(S, T4));
            FloatVector small = q.mul(z).fma(x, x);
            // e^(2|x|), as in exp() above.
            FloatVector v = x.abs().mul(2f).min(EXP_MAX);
            FloatVector shifted = v.fma(BLOG2E, BROUND); // n + 1.5·2²³: its low bits hold n
            FloatVector n = shifted.sub(BROUND);
            FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), v);
            r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(P0, P1).fma(r, FloatVector.broadcast(S, P2)).fma(r, FloatVector.broadcast(S, P3))
                    .fma(r, FloatVector.broadcast(S, P4)).fma(r, FloatVector.broadcast(S, P5));
            IntVector bits = ((IntVector) shifted.viewAsIntegralLanes()).sub(EXPONENT_SHIFT)
                    .lanewise(VectorOperators.LSHL, 23);
            FloatVector t = p.mul(r.mul(r)).add(r).add(1f).mul(bits.viewAsFloatingLanes());
            FloatVector large = one.sub(two.div(t.add(1f)));
            large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
            large.blend(small, x.abs().compare(VectorOperators.LT, TANH_SMALL)).intoArray(dst, dstOff + i);
        }
        if (i < len) { // the tail: one masked vector
            VectorMask<Float> m = S.indexInRange(i, len);
            FloatVector x = FloatVector.fromArray(S, src, srcOff + i, m);
            FloatVector z = x.mul(x);
            FloatVector q = z.fma(T0, T1).fma(z, FloatVector.broadcast(S, T2)).fma(z, FloatVector.broadcast(S, T3))
                    .fma(z, FloatVector.broadcast(S, T4));
            FloatVector small = q.mul(z).fma(x, x);
            // e^(2|x|), as in exp() above.
            FloatVector v = x.abs().mul(2f).min(EXP_MAX);
            FloatVector shifted = v.fma(BLOG2E, BROUND); // n + 1.5·2²³: its low bits hold n
            FloatVector n = shifted.sub(BROUND);
            FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), v);
            r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(P0, P1).fma(r, FloatVector.broadcast(S, P2)).fma(r, FloatVector.broadcast(S, P3))
                    .fma(r, FloatVector.broadcast(S, P4)).fma(r, FloatVector.broadcast(S, P5));
            IntVector bits = ((IntVector) shifted.viewAsIntegralLanes()).sub(EXPONENT_SHIFT)
                    .lanewise(VectorOperators.LSHL, 23);
            FloatVector t = p.mul(r.mul(r)).add(r).add(1f).mul(bits.viewAsFloatingLanes());
            FloatVector large = one.sub(two.div(t.add(1f)));
            large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
            large.blend(small, x.abs().compare(VectorOperators.LT, TANH_SMALL)).intoArray(dst, dstOff + i, m);
        }
    }
}
