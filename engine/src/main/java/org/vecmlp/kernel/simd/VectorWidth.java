package org.vecmlp.kernel.simd;

import jdk.incubator.vector.VectorShape;

/**
 * The vector width every SIMD kernel uses, known without initialising the Vector API's vector classes (which takes
 * 30–60 ms: {@code VectorShape} answers in about one). Code that only needs the lane count (packing layouts, scalar
 * twins, cut-offs) reads it here; vector code reads {@link Lanes#SPECIES}. The system property {@value #PROPERTY}
 * (256 or 512) narrows it, e.g. to test 256-bit code on an AVX-512 machine; by default it is the CPU's preferred
 * shape.
 */
final class VectorWidth {
    static final String PROPERTY = "vecmlp.simd.bits";

    /** Bits per vector. */
    static final int BITS = choose();

    /** Floats per vector. */
    static final int LENGTH = BITS / Float.SIZE;

    private VectorWidth() {
    }

    /** The CPU's preferred (widest useful) vector size in bits. */
    static int preferredBits() {
        return VectorShape.preferredShape().vectorBitSize();
    }

    private static int choose() {
        String bits = System.getProperty(PROPERTY, "").trim();
        if (bits.isEmpty() || bits.equals("0")) {
            return preferredBits();
        }
        try {
            return VectorShape.forBitSize(Integer.parseInt(bits)).vectorBitSize();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + "=" + bits + " is not a vector size (use 256 or 512)", e);
        }
    }
}
