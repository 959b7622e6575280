package org.vecmlp.kernel;

import org.vecmlp.kernel.simd.SimdBackend;

class SimdVectorOpsTest extends VectorOpsContractTest {
    @Override
    protected VectorOps ops() {
        return SimdBackend.create().newKernels().ops();
    }
}
