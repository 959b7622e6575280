package org.vecmlp.kernel;

import java.util.Objects;

/**
 * The kernels one thread uses: a GEMM, the element-wise passes and the packed-weight forward pass of inference,
 * with the name of the backend that made them. Instances may hold scratch buffers (packing), so one belongs to one
 * thread; ask the {@link Backend} for more.
 *
 * @param backend the name of the backend that made them
 * @param gemm    the matrix products
 * @param ops     the element-wise passes and reductions
 * @param packed  the packed-weight forward pass of inference
 */
public record Kernels(String backend, Gemm gemm, VectorOps ops, PackedGemm packed) {
    /** Checks that every part is there. */
    public Kernels {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(gemm, "gemm");
        Objects.requireNonNull(ops, "ops");
        Objects.requireNonNull(packed, "packed");
    }

    /**
     * Kernels whose inference path is the plain one over {@code gemm} and {@code ops} ({@link PlainPackedGemm}).
     *
     * @param backend the name of the backend that made them
     * @param gemm       the matrix products
     * @param ops         the element-wise passes and reductions
     */
    public Kernels(String backend, Gemm gemm, VectorOps ops) {
        this(backend, gemm, ops, new PlainPackedGemm(gemm, ops));
    }
}
