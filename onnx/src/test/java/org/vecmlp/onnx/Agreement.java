package org.vecmlp.onnx;

import org.vecmlp.io.SavedModel;
import org.vecmlp.kernel.Backend;

/** Runs an imported or exported model in vecmlp and measures how far another runtime's outputs are. */
final class Agreement {
    /**
     * The bound every comparison in this module asserts: per output, {@code |vecmlp − other| ≤ BOUND·max(1, |other|)}.
     * Float32 with a different summation order (ONNX Runtime's MLAS, PyTorch's OpenBLAS) and different exp/tanh
     * approximations; the measured worst case is printed by each test.
     */
    static final double BOUND = 2e-6;

    private Agreement() {
    }

    /** vecmlp's outputs for {@code rows} rows of the model's raw (not yet standardised) inputs. */
    static float[] predict(SavedModel saved, float[] x, int rows, Backend backend) {
        float[] out = new float[rows * saved.model().spec().outputs()];
        saved.predictor(backend).predict(x, rows, out); // standardises as the model file says
        return out;
    }

    /** The largest relative difference; throws when it passes {@link #BOUND}. */
    static double check(String what, float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": " + actual.length + " outputs, expected " + expected.length);
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            double diff = Math.abs((double) actual[i] - expected[i]) / scale;
            if (!(diff <= BOUND)) {
                throw new AssertionError(what + ": output " + i + " is " + actual[i] + ", expected " + expected[i]
                        + " (relative difference " + diff + " > " + BOUND + ")");
            }
            worst = Math.max(worst, diff);
        }
        System.out.printf(java.util.Locale.ROOT, "agreement %-60s worst relative difference %.3g%n", what, worst);
        return worst;
    }
}
