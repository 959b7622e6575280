package org.vecmlp.kernel;

import org.vecmlp.kernel.scalar.ScalarVectorOps;

class ScalarVectorOpsTest extends VectorOpsContractTest {
    @Override
    protected VectorOps ops() {
        return new ScalarVectorOps();
    }
}
