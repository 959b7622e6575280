package org.vecmlp.kernel.simd;

/**
 * When a SIMD kernel runs its vector code. Every vector path has a scalar twin with the same bits (the FMA-chain GEMM
 * contract, {@link ScalarLaneOps}, {@link MicroKernelLanes}), so the choice changes speed only, never a result.
 */
enum VectorUse {
    /** Lanes until {@link Warmup} reports the vector code compiled, vectors after: the engine's default. */
    AFTER_WARMUP,
    /** Vectors from the first call (the warm-up itself, benchmarks and tests of the vector path). */
    ALWAYS,
    /** The scalar twins only (tests of the twins). */
    NEVER;

    /** Whether to run vector code now for a call of {@code work} multiply-adds or elements (counted towards starting
     *  the warm-up under {@link #AFTER_WARMUP}). */
    boolean vectorsNow(long work) {
        return this == ALWAYS || (this == AFTER_WARMUP && Warmup.ready(work));
    }
}
