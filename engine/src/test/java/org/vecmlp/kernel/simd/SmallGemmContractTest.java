package org.vecmlp.kernel.simd;

import org.vecmlp.kernel.Gemm;
import org.vecmlp.kernel.GemmBlocking;
import org.vecmlp.kernel.GemmContractTest;
import org.vecmlp.kernel.Tuning;
import org.vecmlp.kernel.KernelParameters;
import org.vecmlp.kernel.VectorOps;

/**
 * The GEMM contract (accuracy, and one FMA chain per element, bit for bit) on {@link SmallGemm}'s unpacked vector
 * loops alone: the small-product cut-off is raised past every shape of the suite, so no product packs, and NT
 * products up to the scratch capacity transpose B.
 */
class SmallGemmContractTest extends GemmContractTest {
    @Override
    protected Gemm gemm() {
        return new SimdGemm(new Tuning(GemmBlocking.of("8x2v", 72, 320, 768), Long.MAX_VALUE, 0, "test"),
                VectorUse.ALWAYS);
    }

    @Override
    protected VectorOps ops() {
        return new SimdVectorOps(KernelParameters.SIMD_MIN_ROW, KernelParameters.SIMD_MIN_LENGTH);
    }
}
