package org.vecmlp.bench;

import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.kernel.parallel.ParallelBackend;

/**
 * Maps a benchmark's {@code variant} (and, for {@code parallel}, {@code threads}) to an engine
 * backend; fails loudly if it cannot run here. Parallel backends own a pool: close them in {@code @TearDown}. The SIMD
 * kernels are warmed up first ({@link BackendProvider#warmUp}), so that no measured call runs their scalar twins.
 */
final class Variants {
    private Variants() {
    }

    static Backend backend(String variant) {
        warmUp();
        return BackendProvider.byName(variant);
    }

    private static void warmUp() {
        if (!BackendProvider.warmUp(java.time.Duration.ofSeconds(30))) {
            throw new IllegalStateException("the SIMD kernels did not warm up within 30 s");
        }
    }

    /**
     * The backend of a benchmark's {@code variant}, {@code threads} (parallel only) and GEMM {@code tuning}:
     * {@code default} (the one in force), or {@code SHAPE:MC:KC:NC[:DIRECT_MULTIPLY_ADDS:DIRECT_NK]} such as
     * {@code 8x2v:72:320:768} (cut-offs default to the built-in ones), so that one JMH run compares tunings side by
     * side.
     */
    static Backend backend(String variant, int threads, String tuning) {
        if (tuning.equals("default") || variant.equals("scalar")) {
            return variant.equals("parallel") ? parallel(threads) : backend(variant);
        }
        warmUp();
        Backend simd = org.vecmlp.kernel.simd.SimdBackend.withTuning(parseTuning(tuning));
        return variant.equals("parallel") ? new ParallelBackend(simd, threads) : simd;
    }

    private static Backend parallel(int threads) {
        warmUp();
        return BackendProvider.parallel(threads);
    }

    static org.vecmlp.kernel.Tuning parseTuning(String spec) {
        String[] f = spec.split(":");
        if (f.length != 4 && f.length != 6) {
            throw new IllegalArgumentException("tuning '" + spec + "': expected SHAPE:MC:KC:NC[:MULTIPLY_ADDS:NK]");
        }
        org.vecmlp.kernel.Tuning builtIn = org.vecmlp.kernel.Tuning.builtIn(org.vecmlp.kernel.Cpu.current(),
                org.vecmlp.kernel.simd.SimdBackend.vectorBits());
        return new org.vecmlp.kernel.Tuning(org.vecmlp.kernel.GemmBlocking.of(f[0], Integer.parseInt(f[1]),
                Integer.parseInt(f[2]), Integer.parseInt(f[3])),
                f.length == 6 ? Long.parseLong(f[4]) : builtIn.directMaxFlops(),
                f.length == 6 ? Long.parseLong(f[5]) : builtIn.directMaxNk(), "benchmark parameter " + spec);
    }

    /** Closes a trial's backend (a parallel backend's pool; the others ignore it); null: the trial made none. */
    static void close(Backend backend) {
        if (backend != null) {
            backend.close();
        }
    }
}
