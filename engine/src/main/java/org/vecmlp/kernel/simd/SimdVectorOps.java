package org.vecmlp.kernel.simd;

import org.vecmlp.kernel.KernelParameters;
import org.vecmlp.kernel.Pointwise;
import org.vecmlp.kernel.VectorOps;

/**
 * The SIMD backend's element-wise passes: each call runs the vector loops ({@link VectorPasses}) or their twins one
 * lane at a time ({@link ScalarLaneOps}, the same bits). Lanes run passes shorter than the cut-offs in
 * {@link KernelParameters} ({@code SIMD_MIN_ROW}, {@code SIMD_MIN_LENGTH}), where vectors do not pay, and everything
 * until the vector code is compiled ({@link Warmup}). So the cut-offs and the warm-up change speed only. The vector
 * class, and the Vector API with it, is loaded only when vectors first run: a short run never pays for either.
 * Stateless.
 */
public final class SimdVectorOps implements VectorOps {
    private static final ScalarLaneOps LANES = new ScalarLaneOps();

    /** Loaded on first use. */
    private static final class Vectors {
        static final VectorPasses PASSES = new VectorPasses();
    }

    private final int minRow;
    private final int minLength;
    private final VectorUse vectors;

    /** The passes with the engine's cut-offs, on vectors once they are compiled. */
    public SimdVectorOps() {
        this(KernelParameters.SIMD_MIN_ROW, KernelParameters.SIMD_MIN_LENGTH, VectorUse.AFTER_WARMUP);
    }

    /** With other cut-offs, on vectors from the first call: rows narrower than {@code minRow} and flat passes
     *  shorter than {@code minLength} run one lane at a time (0 and 0: always vectors). For tests and benchmarks. */
    SimdVectorOps(int minRow, int minLength) {
        this(minRow, minLength, VectorUse.ALWAYS);
    }

    SimdVectorOps(int minRow, int minLength, VectorUse vectors) {
        this.minRow = minRow;
        this.minLength = minLength;
        this.vectors = vectors;
    }

    /** The ops for a call on a {@code rows×cols} matrix (the size test first: tiny passes never start the warm-up). */
    private VectorOps rows(int rows, int cols) {
        return cols >= minRow && vectors.vectorsNow((long) rows * cols) ? Vectors.PASSES : LANES;
    }

    /**
     * Whether rows narrower than the cut-off still run vectors, as one stretch over the whole block
     * ({@code VectorPasses.biasActivateNarrow}): for sigmoid and tanh, whose cost is a transcendental per element.
     */
    private static boolean narrowRowsPay(Pointwise activation) {
        return activation.kind() == Pointwise.Kind.SIGMOID || activation.kind() == Pointwise.Kind.TANH;
    }

    /** The ops for a flat pass over {@code len} elements. */
    private VectorOps flat(int len) {
        return len >= minLength && vectors.vectorsNow(len) ? Vectors.PASSES : LANES;
    }

    @Override
    public void biasActivate(Pointwise activation, int rows, int cols, float[] z, int zOff, float[] bias, int biasOff,
                             float[] out, int outOff, float[] deriv, int derivOff) {
        if (cols < minRow && narrowRowsPay(activation) && (long) rows * cols >= minRow
                && vectors.vectorsNow((long) rows * cols)) {
            Vectors.PASSES.biasActivateNarrow(activation, rows, cols, z, zOff, bias, biasOff, out, outOff, deriv,
                    derivOff);
            return;
        }
        rows(rows, cols).biasActivate(activation, rows, cols, z, zOff, bias, biasOff, out, outOff, deriv, derivOff);
    }

    @Override
    public void derivativeFromOutput(Pointwise activation, float[] a, int aOff, float[] deriv, int derivOff, int len) {
        flat(len).derivativeFromOutput(activation, a, aOff, deriv, derivOff, len);
    }

    @Override
    public void multiplyInPlace(float[] x, int xOff, float[] y, int yOff, int len) {
        flat(len).multiplyInPlace(x, xOff, y, yOff, len);
    }

    @Override
    public void addColumnSums(int rows, int cols, float[] m, int mOff, float[] dst, int dstOff) {
        rows(rows, cols).addColumnSums(rows, cols, m, mOff, dst, dstOff);
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        flat(len).axpy(alpha, x, xOff, y, yOff, len);
    }

    @Override
    public void addScaledSign(float lambda, float[] w, int wOff, float[] g, int gOff, int len) {
        flat(len).addScaledSign(lambda, w, wOff, g, gOff, len);
    }

    @Override
    public double sumOfSquares(float[] x, int off, int len) {
        return flat(len).sumOfSquares(x, off, len);
    }

    @Override
    public double sumOfAbs(float[] x, int off, int len) {
        return flat(len).sumOfAbs(x, off, len);
    }

    @Override
    public void sgdUpdate(float lr, float[] w, float[] g, int off, int len) {
        flat(len).sgdUpdate(lr, w, g, off, len);
    }

    @Override
    public void momentumUpdate(float lr, float mu, boolean nesterov, float[] w, float[] g, float[] v, int off,
                               int len) {
        flat(len).momentumUpdate(lr, mu, nesterov, w, g, v, off, len);
    }

    @Override
    public void adamUpdate(float lrHat, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
                           float epsHat, float[] w, float[] g, float[] m, float[] v, int off, int len) {
        flat(len).adamUpdate(lrHat, beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsHat, w, g, m, v, off, len);
    }
}
