package org.vecmlp.kernel.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.vecmlp.kernel.Backend;

/** Closing a parallel backend stops its own threads; a caller's pool is left to the caller. */
class ParallelBackendCloseTest {

    @Test
    void closingTheBackendStopsItsOwnPool() {
        ParallelBackend owned = new ParallelBackend(Backend.scalar(), 3);
        assertFalse(owned.isClosed());
        try (Backend used = owned) {
            assertEquals("parallel", used.name());
        }
        assertTrue(owned.isClosed(), "close shut the backend's own pool");
    }

    @Test
    void aCallersPoolIsNotShutByTheBackend() {
        ForkJoinPool pool = ParallelBackend.newPool(2);
        try {
            try (ParallelBackend backend = new ParallelBackend(Backend.scalar(), pool)) {
                assertEquals(2, backend.threads());
            }
            assertFalse(pool.isShutdown(), "the caller keeps its pool");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyBackendCanBeClosedAndTheScalarOneStaysUsable() {
        Backend scalar = Backend.scalar();
        scalar.close();
        float[] c = new float[1];
        scalar.newKernels().gemm().gemmNN(1, 1, 1, 1f, new float[] {2f}, 0, 1, new float[] {3f}, 0, 1, 0f, c, 0, 1);
        assertEquals(6f, c[0]);
    }
}
