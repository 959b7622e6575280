package org.vecmlp.kernel;

import org.vecmlp.kernel.simd.SimdBackend;

class SimdGemmTest extends GemmContractTest {
    @Override
    protected Gemm gemm() {
        return SimdBackend.create().newKernels().gemm();
    }
}
