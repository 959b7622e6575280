package org.vecmlp.cli;

import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.BackendProvider;

/** Resolves {@code --backend} and {@code --threads} to an engine backend, with option-named errors. */
final class Backends {
    private Backends() {
    }

    /**
     * {@code parallel}, or {@code auto} with more than one thread, gives a parallel backend on its own pool of
     * {@code threads} daemon threads; the other names run on one thread.
     */
    static Backend resolve(String name, int threads) {
        Backend backend;
        try {
            if (name.equals("parallel") || (name.equals("auto") && threads > 1)) {
                return BackendProvider.parallel(threads);
            }
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
