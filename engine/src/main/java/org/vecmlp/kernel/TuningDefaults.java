package org.vecmlp.kernel;

import java.util.List;
import java.util.function.BiPredicate;

/**
 * The built-in tuning per CPU family and vector width: the one table of defaults, used when no tuning file is in
 * force. Each row says where its figures were measured; {@code vecmlp tune} measures the machine it runs on and
 * writes a file that overrides this table. The first row that matches wins.
 */
final class TuningDefaults {
    private TuningDefaults() {
    }

    private record Row(String family, BiPredicate<Cpu, Integer> matches, GemmBlocking blocking, long directMaxFlops,
                       long directMaxNk) {
    }

    /** The plain-loop cut-offs every row uses (and a tuning file that names none): fast from the first call. */
    static final long DIRECT_FLOPS = 24L * 24 * 24;
    static final long DIRECT_NK = 32L * 32;

    private static final List<Row> ROWS = List.of(
            // Zen 3 (family 25, AVX2, 16 ymm registers, 512 KiB L2): `vecmlp tune` on an EPYC VM (2 vCPUs). JMH
            // GemmBench confirmed 8x2v at 1.3-1.5x the 5x2v tile on the mnist shapes and 512^3. The tuner found
            // packing faster than the plain loops even at 8^3; the cut-offs stay, for speed from the first call.
            new Row("AMD Zen 3, AVX2", (cpu, bits) -> cpu.amd() && cpu.family() == 25 && bits == 256,
                    new GemmBlocking(8, 2, 72, 320, 768), DIRECT_FLOPS, DIRECT_NK),
            // Zen 4 (family 25, AVX-512 on 256-bit units, 32 zmm registers, 1 MiB L2): the reference machine of the
            // first reports (6x2v reached 85-90% of OpenBLAS there).
            new Row("AMD Zen 4/5, AVX-512", (cpu, bits) -> cpu.amd() && cpu.family() >= 25 && bits == 512,
                    new GemmBlocking(6, 2, 96, 256, 512), DIRECT_FLOPS, DIRECT_NK),
            // Sapphire Rapids (2 MiB L2): 6x2v measured 71-74 GFLOP/s there; the wider tiles are not yet measured.
            new Row("Intel, AVX-512", (cpu, bits) -> cpu.intel() && bits == 512,
                    new GemmBlocking(6, 2, 96, 256, 512), DIRECT_FLOPS, DIRECT_NK),
            new Row("any CPU, 512-bit vectors (32 registers)", (cpu, bits) -> bits >= 512,
                    new GemmBlocking(6, 2, 96, 256, 512), DIRECT_FLOPS, DIRECT_NK),
            // 16 vector registers: 8x2v has more accumulators than registers, yet C2 compiling the kernel on its own
            // (a call per tile) measured fastest on Zen 3, the only AVX2 machine measured so far.
            new Row("any CPU, 256-bit vectors (16 registers)", (cpu, bits) -> true,
                    new GemmBlocking(8, 2, 120, 256, 512), DIRECT_FLOPS, DIRECT_NK));

    /** The built-in tuning for a CPU whose SIMD kernels use {@code vectorBits}-bit vectors. */
    static Tuning forCpu(Cpu cpu, int vectorBits) {
        for (Row row : ROWS) {
            if (row.matches.test(cpu, vectorBits)) {
                return new Tuning(row.blocking, row.directMaxFlops, row.directMaxNk,
                        "built-in for " + row.family);
            }
        }
        throw new AssertionError("the last row matches every CPU");
    }
}
