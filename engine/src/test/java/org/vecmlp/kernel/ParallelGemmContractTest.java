package org.vecmlp.kernel;

import org.junit.jupiter.api.AfterAll;
import org.vecmlp.kernel.parallel.ParallelBackend;

/** The GEMM contract for the parallel GEMM on 3 threads over the best serial backend (its large shapes split). */
class ParallelGemmContractTest extends GemmContractTest {
    private static final ParallelBackend BACKEND = BackendProvider.parallel(3);

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    @Override
    protected Gemm gemm() {
        return BACKEND.newKernels().gemm();
    }

    @Override
    protected VectorOps ops() {
        return BACKEND.newKernels().ops();
    }
}
