package org.vecmlp.train;

import java.io.Serializable;

/**
 * An optimizer's state, copied out of a trainer ({@link Trainer#optimizerState()}) to be carried elsewhere and put
 * back ({@link Trainer#restoreOptimizerState}): local SGD averages it across machines.
 *
 * @param steps  updates applied so far (Adam's t)
 * @param first  the velocity (momentum, Nesterov) or Adam's first moment; null for plain SGD
 * @param second Adam's second moment; null otherwise
 */
public record OptimizerState(long steps, float[] first, float[] second) implements Serializable {
    private static final long serialVersionUID = 1L;
}
