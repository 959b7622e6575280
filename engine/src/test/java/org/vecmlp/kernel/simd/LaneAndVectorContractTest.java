package org.vecmlp.kernel.simd;

import org.junit.jupiter.api.Nested;
import org.vecmlp.kernel.VectorOps;
import org.vecmlp.kernel.VectorOpsContractTest;

/** Both halves of the SIMD element-wise passes under the contract on their own: always vectors, always lanes. */
class LaneAndVectorContractTest {
    @Nested
    class AlwaysVectors extends VectorOpsContractTest {
        @Override
        protected VectorOps ops() {
            return new SimdVectorOps(0, 0);
        }
    }

    @Nested
    class AlwaysLanes extends VectorOpsContractTest {
        @Override
        protected VectorOps ops() {
            return new ScalarLaneOps();
        }
    }
}
