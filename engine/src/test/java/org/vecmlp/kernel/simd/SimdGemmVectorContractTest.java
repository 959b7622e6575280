package org.vecmlp.kernel.simd;

import org.vecmlp.kernel.Gemm;
import org.vecmlp.kernel.GemmContractTest;
import org.vecmlp.kernel.KernelParameters;
import org.vecmlp.kernel.VectorOps;

/** The GEMM contract on the vector micro-kernel from the first call (the default waits for the warm-up). */
class SimdGemmVectorContractTest extends GemmContractTest {
    @Override
    protected Gemm gemm() {
        return new SimdGemm(VectorUse.ALWAYS);
    }

    @Override
    protected VectorOps ops() {
        return new SimdVectorOps(KernelParameters.SIMD_MIN_ROW, KernelParameters.SIMD_MIN_LENGTH);
    }
}
