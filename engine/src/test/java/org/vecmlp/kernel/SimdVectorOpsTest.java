package org.vecmlp.kernel;


class SimdVectorOpsTest extends VectorOpsContractTest {
    @Override
    protected VectorOps ops() {
        return SimdOrSkip.simd().newKernels().ops();
    }
}
