package org.vecmlp.cli;

import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.kernel.parallel.ParallelBackend;
import org.vecmlp.train.ParallelPolicy;

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

    /** {@code --parallel-mode} and {@code --shard-rows} as the training policy, with option-named errors. */
    static ParallelPolicy parallelPolicy(String mode, int shardRows) {
        ParallelPolicy.Mode parsed;
        try {
            parsed = ParallelPolicy.parseMode(mode);
        } catch (IllegalArgumentException e) {
            throw new CliException("--parallel-mode must be auto, data or operation, got '" + mode + "'");
        }
        if (shardRows < 1) {
            throw new CliException("--shard-rows must be at least 1, got " + shardRows);
        }
        return new ParallelPolicy(parsed, shardRows);
    }

    /**
     * As {@link #resolve}; a policy other than the default ({@code --parallel-mode}, {@code --shard-rows}) needs a
     * parallel backend.
     */
    static Backend resolveForTraining(String name, int threads, ParallelPolicy policy) {
        Backend backend = resolve(name, threads);
        if (!(backend instanceof ParallelBackend) && !policy.equals(ParallelPolicy.DEFAULT)) {
            throw new CliException((policy.mode() != ParallelPolicy.Mode.AUTO ? "--parallel-mode "
                    + policy.mode().name().toLowerCase(java.util.Locale.ROOT) : "--shard-rows " + policy.shardRows())
                    + " needs a parallel backend; backend " + backend.name() + " runs on one thread");
        }
        return backend;
    }
}
