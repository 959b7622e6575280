package org.vecmlp.kernel;

/**
 * Every size cut-off and block size the kernels use, in one place, each with its reason. Measured on the reference
 * machine (AMD Zen 4, 32 KiB L1d and 1 MiB L2 per core, AVX-512); see reports/ for the sweeps.
 */
public final class KernelParameters {
    private KernelParameters() {
    }

    /** Rows of C in the SIMD micro-kernel's register tile with 32 vector registers (AVX-512): 6 rows × 2 vectors =
     *  12 accumulators, plus the 2 B vectors and the A broadcast. */
    public static final int GEMM_MR = 6;

    /** Rows of the tile with 16 vector registers (AVX2): 6 × 2 + 3 = 15 should fit, but C2 then spills one
     *  accumulator to the stack on every step (seen in the disassembly), which halved the kernel's speed on Zen 3;
     *  5 rows (10 accumulators, still enough to cover the FMA latency on two ports) measured 1.2–2.1× faster. */
    public static final int GEMM_MR_16_REGISTERS = 5;

    /** Vectors per row of the micro-kernel's tile (NR = 2 × lanes: 32 floats with 512-bit vectors). */
    public static final int GEMM_NR_VECTORS = 2;

    /** Depth of a packed panel: an MR×KC A micro-panel (6 KiB at 256) stays in L1 while the kernel streams B. */
    public static final int GEMM_KC = 256;

    /** Rows of A packed at once: MC×KC floats (96 KiB) sit in L2 next to the B block. */
    public static final int GEMM_MC = 96;

    /** Columns of B packed at once: KC×NC floats (512 KiB at 512) fill about half of L2, leaving room for A and C. */
    public static final int GEMM_NC = 512;

    /** Below this many multiply-adds (m·n·k) a GEMM skips packing: the copies would cost more than they save. */
    public static final long GEMM_DIRECT_MAX_FLOPS = 24L * 24 * 24;

    /** Products whose n×k operand (a layer's weights, or its gradient) has at most this many elements skip packing at
     *  any m: with n or k this small, most of each register tile is padding and packing costs as much as the product,
     *  while C2 vectorises the plain loops over n; and they are fast from the first call (a 2-16-16-1 network's whole
     *  training and evaluation then never runs the micro-kernel before C2 has compiled it). */
    public static final long GEMM_DIRECT_MAX_NK = 32L * 32;

    /** Below this many multiply-adds a GEMM is not split across threads: forking costs a few microseconds. */
    public static final long PARALLEL_GEMM_MIN_FLOPS = 1L << 20;

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

    /** Column blocks of a parallel GEMM are multiples of this: a multiple of NR for 256- and 512-bit vectors, so
     *  block edges fall on the micro-kernel's tile grid and results equal the single-thread GEMM bit for bit. */
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
