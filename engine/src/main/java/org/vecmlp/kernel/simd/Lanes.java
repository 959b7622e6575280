package org.vecmlp.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one vector shape every SIMD kernel uses. It must be a {@code static final} constant: the JIT only turns
 * Vector API calls into machine instructions when the species is a constant. The system property
 * {@value #PROPERTY} (256 or 512) narrows it, e.g. to test 256-bit code on an AVX-512 machine; by default it is the
 * CPU's preferred shape.
 */
final class Lanes {
    static final String PROPERTY = "vecmlp.simd.bits";

    static final VectorSpecies<Float> SPECIES = choose();

    /** Floats per vector. */
    static final int LENGTH = SPECIES.length();

    private Lanes() {
    }

    private static VectorSpecies<Float> choose() {
        String bits = System.getProperty(PROPERTY, "").trim();
        if (bits.isEmpty() || bits.equals("0")) {
            return FloatVector.SPECIES_PREFERRED;
        }
        try {
            return VectorSpecies.of(float.class, VectorShape.forBitSize(Integer.parseInt(bits)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + "=" + bits + " is not a vector size (use 256 or 512)", e);
        }
    }
}
