package org.vecmlp.train;

import org.vecmlp.kernel.VectorOps;

/**
 * Applies one update to the whole flat parameter buffer from the gradient buffer of the same layout. Owns its state
 * (velocity, or Adam's moments), allocated once; {@link #update} allocates nothing.
 */
final class Optimizer {
    private final OptimizerSpec spec;
    private final float[] first;
    private final float[] second;
    private long steps;

    Optimizer(OptimizerSpec spec, int parameterCount) {
        this.spec = spec;
        boolean needsFirst = spec.kind() != OptimizerSpec.Kind.SGD;
        first = needsFirst ? new float[parameterCount] : null;
        second = spec.kind() == OptimizerSpec.Kind.ADAM ? new float[parameterCount] : null;
    }

    OptimizerSpec spec() {
        return spec;
    }

    /** Number of updates applied so far (Adam's t). */
    long steps() {
        return steps;
    }

    /** {@return a copy of the state} */
    OptimizerState state() {
        return new OptimizerState(steps, first == null ? null : first.clone(), second == null ? null : second.clone());
    }

    /** Puts back a copy of {@code s}. */
    void restore(OptimizerState s) {
        if ((s.first() == null) != (first == null) || (s.second() == null) != (second == null)
                || (first != null && s.first().length != first.length)
                || (second != null && s.second().length != second.length)) {
            throw new IllegalArgumentException("the optimizer state does not fit a " + spec + " optimizer of "
                    + (first != null ? first.length : second != null ? second.length : 0) + " parameters");
        }
        steps = s.steps();
        if (first != null) {
            System.arraycopy(s.first(), 0, first, 0, first.length);
        }
        if (second != null) {
            System.arraycopy(s.second(), 0, second, 0, second.length);
        }
    }

    /** One step: {@code params} move against {@code grads} at learning rate {@code lr}. */
    void update(VectorOps ops, float lr, float[] params, float[] grads) {
        steps++;
        int n = params.length;
        switch (spec.kind()) {
            case SGD -> ops.sgdUpdate(lr, params, grads, 0, n);
            case MOMENTUM, NESTEROV -> ops.momentumUpdate(lr, (float) spec.momentum(),
                    spec.kind() == OptimizerSpec.Kind.NESTEROV, params, grads, first, 0, n);
            case ADAM -> {
                double correction1 = 1 - Math.pow(spec.beta1(), steps);
                double correction2 = Math.sqrt(1 - Math.pow(spec.beta2(), steps));
                float lrHat = (float) (lr * correction2 / correction1);
                float epsHat = (float) (spec.epsilon() * correction2);
                ops.adamUpdate(lrHat, (float) spec.beta1(), (float) (1 - spec.beta1()), (float) spec.beta2(),
                        (float) (1 - spec.beta2()), epsHat, params, grads, first, second, 0, n);
            }
        }
    }
}
