package org.vecmlp.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one vector species every SIMD kernel uses, {@link VectorWidth#BITS} wide. It must be a {@code static final}
 * constant: the JIT only turns Vector API calls into machine instructions when the species is a constant. Only
 * vector code touches this class, so the Vector API is initialised when vectors first run.
 */
final class Lanes {
    static final VectorSpecies<Float> SPECIES = VectorSpecies.of(float.class, VectorShape.forBitSize(VectorWidth.BITS));

    /** Floats per vector. */
    static final int LENGTH = SPECIES.length();

    /** 1.0 in every lane. */
    static final FloatVector ONE = FloatVector.broadcast(SPECIES, 1f);

    private Lanes() {
    }
}
