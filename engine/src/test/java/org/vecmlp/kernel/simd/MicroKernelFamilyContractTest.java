package org.vecmlp.kernel.simd;

import org.junit.jupiter.api.Nested;
import org.vecmlp.kernel.Gemm;
import org.vecmlp.kernel.GemmBlocking;
import org.vecmlp.kernel.GemmContractTest;
import org.vecmlp.kernel.Tuning;
import org.vecmlp.kernel.KernelParameters;
import org.vecmlp.kernel.VectorOps;

/**
 * The GEMM contract (accuracy, and one FMA chain per element, bit for bit) on every micro-kernel of the family, on
 * vectors from the first call, with tiny cache blocks (so the contract's shapes cross many MC, KC and NC blocks and
 * every kind of edge tile) and with the usual ones. Since all of them equal the FMA chain, they equal each other:
 * tuning cannot change a result.
 */
class MicroKernelFamilyContractTest {

    static Gemm gemm(String shape, int mc, int kc, int nc) {
        return new SimdGemm(new Tuning(GemmBlocking.of(shape, mc, kc, nc), 0, 0, "test"), VectorUse.ALWAYS);
    }

    @Nested
    class Tile4x3vSmallBlocks extends GemmContractTest {
        @Override
        protected Gemm gemm() {
            return MicroKernelFamilyContractTest.gemm("4x3v", 9, 24, 40);
        }

        @Override
        protected VectorOps ops() {
            return new SimdVectorOps(KernelParameters.SIMD_MIN_ROW, KernelParameters.SIMD_MIN_LENGTH);
        }
    }

    @Nested
    class Tile5x2vSmallBlocks extends GemmContractTest {
        @Override
        protected Gemm gemm() {
            return MicroKernelFamilyContractTest.gemm("5x2v", 11, 17, 33);
        }

        @Override
        protected VectorOps ops() {
            return new SimdVectorOps(KernelParameters.SIMD_MIN_ROW, KernelParameters.SIMD_MIN_LENGTH);
        }
    }

    @Nested
    class Tile6x2vSmallBlocks extends GemmContractTest {
        @Override
        protected Gemm gemm() {
            return MicroKernelFamilyContractTest.gemm("6x2v", 12, 31, 16);
        }

        @Override
        protected VectorOps ops() {
            return new SimdVectorOps(KernelParameters.SIMD_MIN_ROW, KernelParameters.SIMD_MIN_LENGTH);
        }
    }

    @Nested
    class Tile8x2vSmallBlocks extends GemmContractTest {
        @Override
        protected Gemm gemm() {
            return MicroKernelFamilyContractTest.gemm("8x2v", 16, 8, 64);
        }

        @Override
        protected VectorOps ops() {
            return new SimdVectorOps(KernelParameters.SIMD_MIN_ROW, KernelParameters.SIMD_MIN_LENGTH);
        }
    }

    @Nested
    class Tile8x3vSmallBlocks extends GemmContractTest {
        @Override
        protected Gemm gemm() {
            return MicroKernelFamilyContractTest.gemm("8x3v", 8, 40, 24);
        }

        @Override
        protected VectorOps ops() {
            return new SimdVectorOps(KernelParameters.SIMD_MIN_ROW, KernelParameters.SIMD_MIN_LENGTH);
        }
    }

    @Nested
    class Tile12x2vSmallBlocks extends GemmContractTest {
        @Override
        protected Gemm gemm() {
            return MicroKernelFamilyContractTest.gemm("12x2v", 24, 13, 32);
        }

        @Override
        protected VectorOps ops() {
            return new SimdVectorOps(KernelParameters.SIMD_MIN_ROW, KernelParameters.SIMD_MIN_LENGTH);
        }
    }

    @Nested
    class Tile4x3v extends GemmContractTest {
        @Override
        protected Gemm gemm() {
            return MicroKernelFamilyContractTest.gemm("4x3v", 128, 256, 512);
        }

        @Override
        protected VectorOps ops() {
            return new SimdVectorOps(KernelParameters.SIMD_MIN_ROW, KernelParameters.SIMD_MIN_LENGTH);
        }
    }

    @Nested
    class Tile8x2v extends GemmContractTest {
        @Override
        protected Gemm gemm() {
            return MicroKernelFamilyContractTest.gemm("8x2v", 96, 192, 1024);
        }

        @Override
        protected VectorOps ops() {
            return new SimdVectorOps(KernelParameters.SIMD_MIN_ROW, KernelParameters.SIMD_MIN_LENGTH);
        }
    }

    @Nested
    class Tile8x3v extends GemmContractTest {
        @Override
        protected Gemm gemm() {
            return MicroKernelFamilyContractTest.gemm("8x3v", 96, 384, 768);
        }

        @Override
        protected VectorOps ops() {
            return new SimdVectorOps(KernelParameters.SIMD_MIN_ROW, KernelParameters.SIMD_MIN_LENGTH);
        }
    }

    @Nested
    class Tile12x2v extends GemmContractTest {
        @Override
        protected Gemm gemm() {
            return MicroKernelFamilyContractTest.gemm("12x2v", 120, 320, 480);
        }

        @Override
        protected VectorOps ops() {
            return new SimdVectorOps(KernelParameters.SIMD_MIN_ROW, KernelParameters.SIMD_MIN_LENGTH);
        }
    }
}
