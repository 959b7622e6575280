package org.vecmlp.cli;

import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.BackendProvider;

/** Resolves {@code --backend} and {@code --threads} to an engine backend, with option-named errors. */
final class Backends {
    private Backends() {
    }

    static Backend resolve(String name, int threads) {
        Backend backend;
        try {
            backend = BackendProvider.byName(name);
        } catch (IllegalArgumentException e) {
            throw new CliException("--backend " + name + ": " + e.getMessage());
        }
        if (threads > 1 && !backend.name().startsWith("parallel")) {
            throw new CliException("--threads " + threads + " needs a parallel backend; backend "
                    + backend.name() + " runs on one thread");
        }
        return backend;
    }
}
