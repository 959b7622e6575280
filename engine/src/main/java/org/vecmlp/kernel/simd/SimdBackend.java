package org.vecmlp.kernel.simd;

import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.Kernels;
import org.vecmlp.kernel.Tuning;

/**
 * The Vector API backend. This package is the only code that imports {@code jdk.incubator.vector}; the provider
 * reaches it by reflection, only after checking that the module is present, so the engine loads without it.
 */
public final class SimdBackend implements Backend {
    /** The narrowest vector worth using: with fewer than 8 float lanes the scalar loops (auto-vectorised) win. */
    public static final int MIN_VECTOR_BITS = 256;

    private final Tuning tuning;

    private SimdBackend(Tuning tuning) {
        this.tuning = tuning;
    }

    /**
     * The backend on {@link VectorWidth#BITS}-bit vectors.
     *
     * @throws UnsupportedOperationException when the vectors would be narrower than {@link #MIN_VECTOR_BITS} or
     *                                       wider than the CPU's
     */
    public static SimdBackend create() {
        int bits = VectorWidth.BITS;
        if (bits < MIN_VECTOR_BITS) {
            throw new UnsupportedOperationException("the vectors are " + bits
                    + " bits, below the " + MIN_VECTOR_BITS + " bits the SIMD kernels need");
        }
        if (bits > VectorWidth.preferredBits()) {
            throw new UnsupportedOperationException(bits + "-bit vectors are wider than this CPU's "
                    + VectorWidth.preferredBits());
        }
        return new SimdBackend(null);
    }

    /**
     * The backend with another GEMM tuning than the one in force (for {@code vecmlp tune}, benchmarks and tests):
     * the same bits, another speed.
     */
    public static SimdBackend withTuning(Tuning tuning) {
        return new SimdBackend(java.util.Objects.requireNonNull(tuning, "tuning"));
    }

    /** The tuning this backend's GEMM runs with: the one in force for this JVM unless made {@link #withTuning}. */
    public Tuning tuning() {
        return tuning != null ? tuning : Tuning.inForce(VectorWidth.BITS);
    }

    /** The tuning in force for this JVM's SIMD kernels ({@link Tuning#inForce}), as {@code vecmlp info} shows it. */
    public static Tuning tuningInForce() {
        return Tuning.inForce(VectorWidth.BITS);
    }

    /** Bits per vector of the SIMD kernels. */
    public static int vectorBits() {
        return VectorWidth.BITS;
    }

    /**
     * Starts the warm-up of the vector code now, whatever work has been done, and waits up to {@code millis} for it:
     * true when the kernels run vector code. Until then they run scalar twins with the same bits (see
     * {@code Warmup}), so calling this only moves full speed earlier.
     */
    public static boolean warmUp(long millis) throws InterruptedException {
        return Warmup.awaitReady(millis);
    }

    /** A description of the vector shape, e.g. {@code 512-bit, 16 float lanes}. */
    public static String speciesDescription() {
        return VectorWidth.BITS + "-bit, " + VectorWidth.LENGTH + " float lanes";
    }

    @Override
    public String name() {
        return "simd";
    }

    @Override
    public Kernels newKernels() {
        SimdGemm gemm = new SimdGemm(tuning(), VectorUse.AFTER_WARMUP);
        SimdVectorOps ops = new SimdVectorOps();
        return new Kernels(name(), gemm, ops, new SimdPackedGemm(gemm, ops, VectorUse.AFTER_WARMUP));
    }

    @Override
    public String toString() {
        return "simd (" + speciesDescription() + (tuning == null ? "" : ", " + tuning.blocking()) + ")";
    }
}
