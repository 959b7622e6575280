package org.vecmlp.kernel.parallel;

import org.vecmlp.kernel.KernelParameters;

/**
 * When the parallel kernels split work, and into how many pieces: {@link #DEFAULT} holds the
 * {@link KernelParameters}; tests lower them so that every split path runs as several tasks on small inputs.
 * Results never depend on them (each element has one owner and one arithmetic), only the speed does.
 *
 * @param gemmMinFlops       below this many multiply-adds a GEMM runs on the calling thread
 * @param gemmTaskFlops      multiply-adds per task when C is cut into row or column blocks
 * @param gemmSharedTaskFlops multiply-adds per row piece and B block when the pieces share packed B
 * @param elementwiseMin     element-wise passes shorter than this run on the calling thread
 * @param elementwiseChunk   floats per chunk of a split element-wise pass
 */
record ParallelCutoffs(long gemmMinFlops, long gemmTaskFlops, long gemmSharedTaskFlops, int elementwiseMin,
                       int elementwiseChunk) {
    static final ParallelCutoffs DEFAULT = new ParallelCutoffs(KernelParameters.PARALLEL_GEMM_MIN_FLOPS,
            KernelParameters.PARALLEL_GEMM_TASK_FLOPS, KernelParameters.PARALLEL_GEMM_SHARED_TASK_FLOPS,
            KernelParameters.PARALLEL_ELEMENTWISE_MIN, KernelParameters.PARALLEL_ELEMENTWISE_CHUNK);

    ParallelCutoffs {
        if (gemmMinFlops < 1 || gemmTaskFlops < 1 || gemmSharedTaskFlops < 1 || elementwiseMin < 1
                || elementwiseChunk < 1) {
            throw new IllegalArgumentException("cut-offs must be positive");
        }
    }
}
