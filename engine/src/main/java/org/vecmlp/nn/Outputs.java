package org.vecmlp.nn;

/** Turns output rows into class predictions, the same way for training metrics, evaluation and prediction. */
public final class Outputs {
    private Outputs() {
    }

    /**
     * The predicted class of one output row: the arg-max for two or more units, otherwise 1 when the single output
     * is at least 0.5 (the midpoint of 0/1 targets; a sigmoid's 0.5 is z = 0) and 0 below.
     *
     * @param out     the outputs
     * @param off     where the row starts
     * @param width the outputs per row
     * @return the class
     */
    public static int predictedClass(float[] out, int off, int width) {
        if (width == 1) {
            return out[off] >= 0.5f ? 1 : 0;
        }
        int best = 0;
        float bestValue = out[off];
        for (int j = 1; j < width; j++) {
            if (out[off + j] > bestValue) {
                bestValue = out[off + j];
                best = j;
            }
        }
        return best;
    }
}
