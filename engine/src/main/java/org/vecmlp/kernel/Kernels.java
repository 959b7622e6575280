package org.vecmlp.kernel;

import java.util.Objects;

/**
 * The kernels one thread uses: a GEMM and the element-wise passes, with the name of the backend that made them.
 * Instances may hold scratch buffers (packing), so one belongs to one thread; ask the {@link Backend} for more.
 */
public record Kernels(String backend, Gemm gemm, VectorOps ops) {
    public Kernels {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(gemm, "gemm");
        Objects.requireNonNull(ops, "ops");
    }
}
