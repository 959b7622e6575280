package org.vecmlp.nn;

import java.util.Locale;

/**
 * The losses, each paired with the output activation it expects, computing the loss and its gradient with respect
 * to the output layer's pre-activations {@code z} (the logits) in one pass.
 *
 * <p>Per-sample definitions ({@code a} the output, {@code y} the target, sums over output units):
 * <ul>
 *   <li>{@link #SQUARED_SUM}, {@link #SQUARED_MEAN}: {@code ½·Σ(a − y)²}; any output activation except softmax and
 *       threshold. SUM adds the per-sample losses of a batch (the gradient grows with the batch), MEAN averages them
 *       (the gradient does not depend on batch size).</li>
 *   <li>{@link #BINARY_CROSS_ENTROPY}: {@code Σ −y·log σ(z) − (1−y)·log(1−σ(z))} on a sigmoid output, computed from
 *       the logits as {@code max(z,0) − z·y + log(1 + e^−|z|)} so it never takes log(0). Targets in [0, 1].</li>
 *   <li>{@link #SOFTMAX_CROSS_ENTROPY}: {@code −Σ y_j·log softmax(z)_j} on a softmax output, computed as
 *       {@code Σ y_j·(logsumexp(z) − z_j)} with the maximum shifted out. Targets one-hot (or a distribution).</li>
 *   <li>{@link #PERCEPTRON}: the perceptron criterion {@code max(0, −s·z)} with {@code s = 2y − 1 ∈ {−1, +1}} on a
 *       threshold output; its gradient {@code −s} on a mistake and 0 otherwise makes SGD with batch 1 and rate 1 the
 *       perceptron learning rule.</li>
 * </ul>
 * Every loss except {@link #SQUARED_SUM} averages over the batch. Whatever the reduction, training metrics report
 * the per-sample mean so curves compare across batch sizes.
 */
public enum LossFunction {
    /** {@code ½·Σ(a − y)²} summed over the batch (the lecture's form; the gradient grows with the batch). */
    SQUARED_SUM("mse-sum"),
    /** {@code ½·Σ(a − y)²} averaged over the batch's rows. */
    SQUARED_MEAN("mse"),
    /** The log-loss of a sigmoid output against 0/1 targets, averaged; fused with the sigmoid for a stable gradient. */
    BINARY_CROSS_ENTROPY("bce"),
    /** The cross-entropy of a softmax output against one-hot targets, averaged; fused with the softmax. */
    SOFTMAX_CROSS_ENTROPY("ce"),
    /** The perceptron criterion of a threshold output: its updates are the perceptron learning rule. */
    PERCEPTRON("perceptron");

    private final String cliName;

    LossFunction(String cliName) {
        this.cliName = cliName;
    }

    /** {@return the short name used by the command line and model files} */
    public String cliName() {
        return cliName;
    }

    /**
     * Parses a loss's short name.
     *
     * @param name {@code mse}, {@code mse-sum}, {@code bce}, {@code ce} or {@code perceptron} (or a long form)
     * @return the loss
     * @throws IllegalArgumentException for another name, listing those it knows
     */
    public static LossFunction parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (LossFunction f : values()) {
            if (f.cliName.equals(n)) {
                return f;
            }
        }
        return switch (n) {
            case "mse-mean", "squared" -> SQUARED_MEAN;
            case "cross-entropy", "softmax-ce" -> SOFTMAX_CROSS_ENTROPY;
            default -> throw new IllegalArgumentException(
                    "unknown loss '" + name + "' (expected mse, mse-sum, bce, ce or perceptron)");
        };
    }

    /** {@return true for losses whose targets are class labels, so accuracy is meaningful} */
    public boolean isClassification() {
        return this != SQUARED_SUM && this != SQUARED_MEAN;
    }

    /**
     * Checks that this loss can sit on an output layer of {@code width} units with {@code output} activation.
     *
     * @param output the output layer's activation
     * @param width  its units
     * @throws IllegalArgumentException saying which activation and width the loss needs
     */
    public void checkOutput(Activation output, int width) {
        Activation.Kind kind = output.kind();
        String problem = switch (this) {
            case SQUARED_SUM, SQUARED_MEAN -> kind == Activation.Kind.SOFTMAX || kind == Activation.Kind.THRESHOLD
                    ? "squared loss cannot train a " + output + " output (use ce with softmax, perceptron with threshold)"
                    : null;
            case BINARY_CROSS_ENTROPY -> kind != Activation.Kind.SIGMOID
                    ? "bce needs a sigmoid output, not " + output : null;
            case SOFTMAX_CROSS_ENTROPY -> kind != Activation.Kind.SOFTMAX
                    ? "ce needs a softmax output, not " + output
                    : width < 2 ? "ce needs at least 2 output units (one per class), not " + width : null;
            case PERCEPTRON -> kind != Activation.Kind.THRESHOLD
                    ? "the perceptron criterion needs a threshold output, not " + output : null;
        };
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * The reduction of summed per-sample losses to the batch loss this loss minimises.
     *
     * @param sumOverRows the per-sample losses, summed
     * @param rows        the number of samples
     * @return the sum for {@link #SQUARED_SUM}, the mean otherwise
     */
    public double reduce(double sumOverRows, int rows) {
        return this == SQUARED_SUM ? sumOverRows : sumOverRows / rows;
    }

    /**
     * Computes the per-sample losses of {@code rows} samples and, when {@code dz} is not null, writes
     * {@code ∂(batch loss)/∂z} into it. All matrices are {@code rows×cols}, row-major, contiguous.
     *
     * @param rows  the number of samples
     * @param cols  the output layer's units
     * @param z     the output logits (biased pre-activations)
     * @param zOff  where they start
     * @param a     the output activations
     * @param aOff  where they start
     * @param deriv the stored activation derivative (read by squared loss only; null for identity)
     * @param dOff  where it starts
     * @param y     the targets
     * @param yOff  where they start
     * @param dz    where the gradient goes, or null to compute the loss only
     * @param dzOff where it starts
     * @return the sum over rows of the per-sample losses (not yet reduced)
     */
    public double lossAndGradient(int rows, int cols, float[] z, int zOff, float[] a, int aOff,
                                  float[] deriv, int dOff, float[] y, int yOff, float[] dz, int dzOff) {
        return lossAndGradient(rows, rows, cols, z, zOff, a, aOff, deriv, dOff, y, yOff, dz, dzOff);
    }

    /**
     * As {@link #lossAndGradient(int, int, float[], int, float[], int, float[], int, float[], int, float[], int)}
     * for {@code rows} rows that are part of a batch of {@code batchRows}: the gradient is that of the whole batch's
     * loss, so a mean-reduced loss scales it by {@code 1/batchRows}. Data-parallel shards use this.
     *
     * @param rows      the number of samples here
     * @param batchRows the number of samples in the whole batch
     * @param cols      the output layer's units
     * @param z         the output logits (biased pre-activations)
     * @param zOff      where they start
     * @param a         the output activations
     * @param aOff      where they start
     * @param deriv     the stored activation derivative (read by squared loss only; null for identity)
     * @param dOff      where it starts
     * @param y         the targets
     * @param yOff      where they start
     * @param dz        where the gradient goes, or null to compute the loss only
     * @param dzOff     where it starts
     * @return the sum over these rows of the per-sample losses (not yet reduced)
     */
    public double lossAndGradient(int rows, int batchRows, int cols, float[] z, int zOff, float[] a, int aOff,
                                  float[] deriv, int dOff, float[] y, int yOff, float[] dz, int dzOff) {
        float scale = this == SQUARED_SUM ? 1f : 1f / batchRows;
        double total = 0;
        int len = rows * cols;
        switch (this) {
            case SQUARED_SUM, SQUARED_MEAN -> {
                for (int i = 0; i < len; i++) {
                    float diff = a[aOff + i] - y[yOff + i];
                    total += 0.5 * diff * diff;
                    if (dz != null) {
                        dz[dzOff + i] = deriv == null ? scale * diff : scale * diff * deriv[dOff + i];
                    }
                }
            }
            case BINARY_CROSS_ENTROPY -> {
                for (int i = 0; i < len; i++) {
                    float zi = z[zOff + i];
                    float yi = y[yOff + i];
                    total += Math.max(zi, 0f) - (double) zi * yi + Math.log1p(Math.exp(-Math.abs(zi)));
                    if (dz != null) {
                        dz[dzOff + i] = scale * (a[aOff + i] - yi);
                    }
                }
            }
            case SOFTMAX_CROSS_ENTROPY -> {
                for (int r = 0; r < rows; r++) {
                    int zr = zOff + r * cols;
                    int yr = yOff + r * cols;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j < cols; j++) {
                        max = Math.max(max, z[zr + j]);
                    }
                    double sumExp = 0;
                    double targetMass = 0;
                    double targetDotZ = 0;
                    for (int j = 0; j < cols; j++) {
                        sumExp += Math.exp(z[zr + j] - max);
                        targetMass += y[yr + j];
                        targetDotZ += (double) y[yr + j] * (z[zr + j] - max);
                    }
                    total += targetMass * Math.log(sumExp) - targetDotZ;
                    if (dz != null) {
                        int ar = aOff + r * cols;
                        int dr = dzOff + r * cols;
                        float mass = (float) targetMass;
                        for (int j = 0; j < cols; j++) {
                            dz[dr + j] = scale * (a[ar + j] * mass - y[yr + j]);
                        }
                    }
                }
            }
            case PERCEPTRON -> {
                for (int i = 0; i < len; i++) {
                    float sign = y[yOff + i] >= 0.5f ? 1f : -1f;
                    float zi = z[zOff + i];
                    total += Math.max(0f, -sign * zi);
                    if (dz != null) {
                        boolean mistake = (a[aOff + i] >= 0.5f) != (sign > 0f);
                        dz[dzOff + i] = mistake ? -sign * scale : 0f;
                    }
                }
            }
        }
        return total;
    }
}
