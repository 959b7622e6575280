package org.vecmlp.kernel.simd;

import org.vecmlp.kernel.Gemm;
import org.vecmlp.kernel.GemmContractTest;

/** The GEMM contract on the vector micro-kernel from the first call (the default waits for the warm-up). */
class SimdGemmVectorContractTest extends GemmContractTest {
    @Override
    protected Gemm gemm() {
        return new SimdGemm(VectorUse.ALWAYS);
    }
}
