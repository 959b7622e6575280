package org.vecmlp.kernel;

/**
 * The kernels' fixed cut-offs (parallel splits, small products), each with its reason. Not every number lives
 * here yet: the SIMD GEMM's tile and cache blocks are its {@code Tuning}, and a few cut-offs still sit in the
 * classes that use them (issue 26 gathers them). Measured on the reference
 * machine (AMD Zen 4, 32 KiB L1d and 1 MiB L2 per core, AVX-512); see reports/ for the sweeps.
 */
public final class KernelParameters {
    private KernelParameters() {
    }

    // The SIMD GEMM's register tile, cache blocks and small-product cut-offs are its Tuning (per CPU, see
    // TuningDefaults and `vecmlp tune`), not constants.

    /** Below this many multiply-adds a GEMM is not split across threads: forking costs a few microseconds. */
    public static final long PARALLEL_GEMM_MIN_FLOPS = 1L << 20;

    /** A last piece of a parallel GEMM this small (multiply-adds) is folded into the one before: it would run the
     *  unpacked loops, paying a task for almost no work. */
    public static final long PARALLEL_GEMM_MIN_PIECE_FLOPS = 24L * 24 * 24;

    /** Each parallel GEMM task gets at least this many multiply-adds (about 0.1 ms of work), so stealing pays. */
    public static final long PARALLEL_GEMM_TASK_FLOPS = 1L << 22;

    /** Row pieces of a GEMM sharing packed B get at least this many multiply-adds per B block (about 15 µs): they
     *  are claimed inside a runner session, where a claim costs well under a microsecond, and small pieces let 16
     *  threads share the 256-row GEMMs of a training step. */
    public static final long PARALLEL_GEMM_SHARED_TASK_FLOPS = 1L << 20;

    /** Element-wise passes shorter than this run on the calling thread (a fork costs more than the pass). */
    public static final int PARALLEL_ELEMENTWISE_MIN = 1 << 16;

    /** Element-wise passes are split into chunks of this many floats (64 KiB): several per thread, for stealing. */
    public static final int PARALLEL_ELEMENTWISE_CHUNK = 1 << 14;

    /** Column blocks of a parallel GEMM are at least this wide, rounded up to whole register tiles (NR columns) so
     *  that no piece computes padding. */
    public static final int PARALLEL_GEMM_COLUMN_GRAIN = 64;

    /** Data parallelism keeps one gradient copy per shard; above this many parameters (4 MiB a copy) zeroing and
     *  reducing the copies costs more than splitting the step's large GEMMs, which need no copies. */
    public static final int DATA_PARALLEL_MAX_PARAMETERS = 1 << 20;

    /** Rows narrower than this run the SIMD backend's activation pass one lane at a time ({@code ScalarLaneOps}, the
     *  same bits): a row of a few vectors spends more on masks and set-up than it saves, and plain loops are fast
     *  from the first call, while vector code runs in an allocating fallback until C2 compiles it. */
    public static final int SIMD_MIN_ROW = 32;

    /** Flat element-wise passes (optimizer updates, products, sums) shorter than this run one lane at a time on the
     *  SIMD backend, for the same reasons; C2 vectorises most of those plain loops by itself once it compiles them. */
    public static final int SIMD_MIN_LENGTH = 1024;
}
