package org.vecmlp.cli;

import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.kernel.parallel.ParallelBackend;

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
            // auto on one thread is the JVM's default choice, which -Dvecmlp.backend can force.
            backend = name.equals("auto") ? BackendProvider.defaultBackend() : BackendProvider.byName(name);
        } catch (IllegalArgumentException e) {
            throw new CliException("--backend " + name + ": " + e.getMessage());
        }
        if (threads > 1 && !backend.name().startsWith("parallel")) {
            throw new CliException("--threads " + threads + " needs a parallel backend; backend "
                    + backend.name() + " runs on one thread");
        }
        return backend;
    }

    /** As {@link #resolve}, with the parallel backend's step mode and shard size ({@code --parallel-mode}, {@code
     *  --shard-rows}); other backends accept only their defaults. */
    static Backend resolveForTraining(String name, int threads, String mode, int shardRows) {
        ParallelBackend.Mode parsed = switch (mode) {
            case "auto" -> ParallelBackend.Mode.AUTO;
            case "data" -> ParallelBackend.Mode.DATA;
            case "operation" -> ParallelBackend.Mode.OPERATION;
            default -> throw new CliException("--parallel-mode must be auto, data or operation, got '" + mode + "'");
        };
        Backend backend = resolve(name, threads);
        if (backend instanceof ParallelBackend parallel) {
            return parallel.withShardRows(shardRows).withMode(parsed);
        }
        if (parsed != ParallelBackend.Mode.AUTO || shardRows != ParallelBackend.DEFAULT_SHARD_ROWS) {
            throw new CliException((parsed != ParallelBackend.Mode.AUTO ? "--parallel-mode " + mode
                    : "--shard-rows " + shardRows) + " needs a parallel backend; backend " + backend.name()
                    + " runs on one thread");
        }
        return backend;
    }
}
