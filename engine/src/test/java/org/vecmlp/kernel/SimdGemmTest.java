package org.vecmlp.kernel;


class SimdGemmTest extends GemmContractTest {
    @Override
    protected Gemm gemm() {
        return SimdOrSkip.simd().newKernels().gemm();
    }

    @Override
    protected VectorOps ops() {
        return SimdOrSkip.simd().newKernels().ops();
    }
}
