package org.vecmlp.kernel;


class SimdGemmTest extends GemmContractTest {
    @Override
    protected Gemm gemm() {
        return SimdOrSkip.simd().newKernels().gemm();
    }
}
