package org.vecmlp.bench;

import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.kernel.parallel.ParallelBackend;

/**
 * Maps a benchmark's {@code variant} (and, for {@code parallel}, {@code threads} and {@code mode}) to an engine
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

    static Backend backend(String variant, int threads, String mode) {
        if (!variant.equals("parallel")) {
            return backend(variant);
        }
        warmUp();
        return BackendProvider.parallel(threads).withMode(ParallelBackend.Mode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)));
    }

    static void close(Backend backend) {
        if (backend instanceof ParallelBackend p) {
            p.close();
        }
    }
}
