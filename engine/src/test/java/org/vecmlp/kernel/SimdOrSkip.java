package org.vecmlp.kernel;

import org.junit.jupiter.api.Assumptions;

/**
 * The SIMD backend for a test, or the test skipped, with the reason, where this CPU or JVM cannot run it (vectors
 * narrower than 256 bits, or no {@code jdk.incubator.vector}): such machines run the scalar backend, and the tests
 * of the SIMD backend say so instead of failing.
 */
public final class SimdOrSkip {
    private SimdOrSkip() {
    }

    public static Backend simd() {
        Assumptions.assumeTrue(BackendProvider.available().contains("simd"),
                () -> "the SIMD backend cannot run here (" + BackendProvider.vectorSpeciesDescription() + ")");
        return BackendProvider.byName("simd");
    }

    /** {@link BackendProvider#byName}, skipping the test when the name is {@code simd} and SIMD cannot run here. */
    public static Backend byName(String name) {
        return name.equals("simd") ? simd() : BackendProvider.byName(name);
    }
}
