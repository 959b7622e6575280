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
            // Zen 3 (family 25, AVX2, 16 ymm registers, 512 KiB L2), on an EPYC VM (2 vCPUs): once the kernels run one
            // loop from β·C, 5x2v (the tile that fits 16 registers without spills) leads; JMH GemmBench, same run:
            // 512^3 NN 6,275 ± 1,890 against 7,630 ± 2,363 µs for 8x2v mc 72 kc 320 nc 768, mnist 128x784x256 NN
            // 1,313 ± 281 against 1,748 ± 730 µs; `vecmlp tune` chose the same tile (45.8 against 34.6 GFLOP/s).
            // The tuner found packing faster than the plain loops even at 8^3; the cut-offs stay, for speed from the
            // first call.
            new Row("AMD Zen 3, AVX2", (cpu, bits) -> cpu.amd() && cpu.family() == 25 && bits == 256,
                    new GemmBlocking(5, 2, 120, 320, 768), DIRECT_FLOPS, DIRECT_NK),
            // Zen 4 (family 25, AVX-512 on 256-bit units, 32 zmm registers, 1 MiB L2): the reference machine of the
            // first reports (6x2v reached 85-90% of OpenBLAS there).
            new Row("AMD Zen 4/5, AVX-512", (cpu, bits) -> cpu.amd() && cpu.family() >= 25 && bits == 512,
                    new GemmBlocking(6, 2, 96, 256, 512), DIRECT_FLOPS, DIRECT_NK),
            // Sapphire Rapids (2 MiB L2): 6x2v measured 71-74 GFLOP/s there; the wider tiles are not yet measured.
            new Row("Intel, AVX-512", (cpu, bits) -> cpu.intel() && bits == 512,
                    new GemmBlocking(6, 2, 96, 256, 512), DIRECT_FLOPS, DIRECT_NK),
            new Row("any CPU, 512-bit vectors (32 registers)", (cpu, bits) -> bits >= 512,
                    new GemmBlocking(6, 2, 96, 256, 512), DIRECT_FLOPS, DIRECT_NK),
            // 16 vector registers: the tile without spills, as measured on Zen 3, the only AVX2 machine measured so far.
            new Row("any CPU, 256-bit vectors (16 registers)", (cpu, bits) -> true,
                    new GemmBlocking(5, 2, 120, 320, 768), DIRECT_FLOPS, DIRECT_NK));

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
