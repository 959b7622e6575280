package org.vecmlp.kernel;


/**
 * The packed forward pass for kernels with no packed format of their own: the "packed" weights are a row-major copy,
 * the product is the backend's {@link Gemm#gemmNN} (for one row its loops are already a GEMV: each weight row is
 * read once, contiguously), then its activation sweep in place. The scalar backend's inference path, and the SIMD
 * one's for layers too small to pack.
 */
public final class PlainPackedGemm implements PackedGemm {
    /** The layout name of the weights this class packs. */
    public static final String LAYOUT = "row-major";

    private final Gemm gemm;
    private final VectorOps ops;

    /**
     * The forward pass as a plain product and one activation sweep.
     *
     * @param gemm the product
     * @param ops  the activation sweep
     */
    public PlainPackedGemm(Gemm gemm, VectorOps ops) {
        this.gemm = gemm;
        this.ops = ops;
    }

    @Override
    public PackedWeights pack(float[] w, int off, int k, int n) {
        float[] copy = new float[Math.multiplyExact(k, n)];
        System.arraycopy(w, off, copy, 0, copy.length);
        return new PackedWeights(LAYOUT, k, n, copy);
    }

    @Override
    public void forward(int m, float[] x, int xOff, PackedWeights w, float[] bias, int biasOff, Pointwise f,
                        float[] out, int outOff) {
        if (!LAYOUT.equals(w.layout())) {
            throw new IllegalArgumentException("weights packed as " + w.layout() + ", expected " + LAYOUT);
        }
        int k = w.k(), n = w.n();
        gemm.gemmNN(m, n, k, 1f, x, xOff, k, w.data(), 0, n, 0f, out, outOff, n);
        ops.biasActivate(f, m, n, out, outOff, bias, biasOff, out, outOff, null, 0);
    }
}
