package org.vecmlp.kernel.parallel;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.Gemm;
import org.vecmlp.kernel.GemmContractTest;
import org.vecmlp.kernel.VectorOps;
import org.vecmlp.kernel.VectorOpsContractTest;

/**
 * The shared GEMM and element-wise contracts on the parallel kernels, 1 to 4 threads over the scalar and the SIMD
 * backend, with the split cut-offs lowered so that the contracts' small inputs run as many tasks: the shared-B row
 * pieces, the row and column blocks and every element-wise branch (activation rows, products, axpy, sign, SGD,
 * momentum, Adam) are exercised as several pieces, not only on the calling thread.
 */
class ParallelContractsTest {
    /** Split nearly everything: a GEMM of a few multiply-adds, passes of two elements, chunks of 7 floats. */
    static final ParallelCutoffs TINY = new ParallelCutoffs(1, 256, 64, 2, 7);
    private static final Map<String, ParallelBackend> BACKENDS = new HashMap<>();

    static synchronized ParallelBackend backend(String inner, int threads) {
        return BACKENDS.computeIfAbsent(inner + threads, key -> new ParallelBackend(
                inner.equals("Simd") ? org.vecmlp.kernel.SimdOrSkip.simd() : Backend.scalar(), threads, TINY));
    }

    @AfterAll
    static void closeAll() {
        BACKENDS.values().forEach(ParallelBackend::close);
    }

    @Nested
    class GemmScalar1Threads extends GemmContractTest {
        @Override
        protected Gemm gemm() {
            return backend("Scalar", 1).newKernels().gemm();
        }

        @Override
        protected VectorOps ops() {
            return backend("Scalar", 1).newKernels().ops();
        }
    }

    @Nested
    class VectorOpsScalar1Threads extends VectorOpsContractTest {
        @Override
        protected VectorOps ops() {
            return backend("Scalar", 1).newKernels().ops();
        }
    }

    @Nested
    class GemmScalar2Threads extends GemmContractTest {
        @Override
        protected Gemm gemm() {
            return backend("Scalar", 2).newKernels().gemm();
        }

        @Override
        protected VectorOps ops() {
            return backend("Scalar", 2).newKernels().ops();
        }
    }

    @Nested
    class VectorOpsScalar2Threads extends VectorOpsContractTest {
        @Override
        protected VectorOps ops() {
            return backend("Scalar", 2).newKernels().ops();
        }
    }

    @Nested
    class GemmScalar3Threads extends GemmContractTest {
        @Override
        protected Gemm gemm() {
            return backend("Scalar", 3).newKernels().gemm();
        }

        @Override
        protected VectorOps ops() {
            return backend("Scalar", 3).newKernels().ops();
        }
    }

    @Nested
    class VectorOpsScalar3Threads extends VectorOpsContractTest {
        @Override
        protected VectorOps ops() {
            return backend("Scalar", 3).newKernels().ops();
        }
    }

    @Nested
    class GemmScalar4Threads extends GemmContractTest {
        @Override
        protected Gemm gemm() {
            return backend("Scalar", 4).newKernels().gemm();
        }

        @Override
        protected VectorOps ops() {
            return backend("Scalar", 4).newKernels().ops();
        }
    }

    @Nested
    class VectorOpsScalar4Threads extends VectorOpsContractTest {
        @Override
        protected VectorOps ops() {
            return backend("Scalar", 4).newKernels().ops();
        }
    }

    @Nested
    class GemmSimd1Threads extends GemmContractTest {
        @Override
        protected Gemm gemm() {
            return backend("Simd", 1).newKernels().gemm();
        }

        @Override
        protected VectorOps ops() {
            return backend("Simd", 1).newKernels().ops();
        }
    }

    @Nested
    class VectorOpsSimd1Threads extends VectorOpsContractTest {
        @Override
        protected VectorOps ops() {
            return backend("Simd", 1).newKernels().ops();
        }
    }

    @Nested
    class GemmSimd2Threads extends GemmContractTest {
        @Override
        protected Gemm gemm() {
            return backend("Simd", 2).newKernels().gemm();
        }

        @Override
        protected VectorOps ops() {
            return backend("Simd", 2).newKernels().ops();
        }
    }

    @Nested
    class VectorOpsSimd2Threads extends VectorOpsContractTest {
        @Override
        protected VectorOps ops() {
            return backend("Simd", 2).newKernels().ops();
        }
    }

    @Nested
    class GemmSimd3Threads extends GemmContractTest {
        @Override
        protected Gemm gemm() {
            return backend("Simd", 3).newKernels().gemm();
        }

        @Override
        protected VectorOps ops() {
            return backend("Simd", 3).newKernels().ops();
        }
    }

    @Nested
    class VectorOpsSimd3Threads extends VectorOpsContractTest {
        @Override
        protected VectorOps ops() {
            return backend("Simd", 3).newKernels().ops();
        }
    }

    @Nested
    class GemmSimd4Threads extends GemmContractTest {
        @Override
        protected Gemm gemm() {
            return backend("Simd", 4).newKernels().gemm();
        }

        @Override
        protected VectorOps ops() {
            return backend("Simd", 4).newKernels().ops();
        }
    }

    @Nested
    class VectorOpsSimd4Threads extends VectorOpsContractTest {
        @Override
        protected VectorOps ops() {
            return backend("Simd", 4).newKernels().ops();
        }
    }
}
