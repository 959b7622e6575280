package org.vecmlp.kernel;

import org.vecmlp.kernel.scalar.ScalarGemm;
import org.vecmlp.kernel.scalar.ScalarVectorOps;

/**
 * A family of kernel implementations. Variants are plain objects, not a global switch: tests and benchmarks build
 * several side by side in one JVM. {@link BackendProvider} picks the default one. A backend that owns threads (the
 * parallel one) stops them on {@link #close()}; for the others closing does nothing, so code that takes any backend
 * can close it in a try-with-resources.
 */
public interface Backend extends AutoCloseable {

    /** {@return a short name, e.g. {@code scalar}} */
    String name();

    /** {@return new kernels for one thread} */
    Kernels newKernels();

    /** Releases what the backend owns (a thread pool); kernels already made must not be used afterwards. */
    @Override
    default void close() {
    }

    /** {@return the plain-loop reference backend: always available, the oracle and the fallback} */
    static Backend scalar() {
        return ScalarBackend.INSTANCE;
    }

    /** The scalar backend's singleton; its kernels are stateless, so all threads can share one instance. */
    final class ScalarBackend implements Backend {
        static final ScalarBackend INSTANCE = new ScalarBackend();
        private final Kernels kernels = new Kernels("scalar", new ScalarGemm(), new ScalarVectorOps());

        private ScalarBackend() {
        }

        @Override
        public String name() {
            return "scalar";
        }

        @Override
        public Kernels newKernels() {
            return kernels;
        }

        @Override
        public String toString() {
            return name();
        }
    }
}
