package org.vecmlp.kernel;

import org.vecmlp.kernel.scalar.ScalarGemm;

class ScalarGemmTest extends GemmContractTest {
    @Override
    protected Gemm gemm() {
        return new ScalarGemm();
    }
}
