package org.vecmlp.bench;

import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.BackendProvider;

/** Maps a benchmark's {@code variant} parameter to an engine backend; fails loudly if it cannot run here. */
final class Variants {
    private Variants() {
    }

    static Backend backend(String variant) {
        return BackendProvider.byName(variant);
    }
}
