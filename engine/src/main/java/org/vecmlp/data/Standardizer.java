package org.vecmlp.data;

/**
 * Per-feature standardisation {@code (x − mean) / std}, fitted on training data only and then applied to any data
 * (and stored with the model so predictions see the same scaling). A constant feature gets std 1, so it maps to 0.
 *
 * @param mean each feature's mean
 * @param std  each feature's standard deviation (the divisor)
 */
public record Standardizer(float[] mean, float[] std) {

    /** Checks that there are as many deviations as means. */
    public Standardizer {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("standardizer: " + mean.length + " means but " + std.length + " deviations");
        }
    }

    /**
     * Means and (population) standard deviations of every feature of {@code data}.
     *
     * @param data the training rows (only them: validation and test data must not leak into the scaling)
     * @return the standardisation
     */
    public static Standardizer fit(Dataset data) {
        int d = data.featureCount();
        int n = data.rows();
        double[] sum = new double[d];
        double[] sumSq = new double[d];
        float[] x = data.features();
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < d; j++) {
                double v = x[r * d + j];
                sum[j] += v;
                sumSq[j] += v * v;
            }
        }
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int j = 0; j < d; j++) {
            double m = n == 0 ? 0 : sum[j] / n;
            double var = n == 0 ? 0 : Math.max(0, sumSq[j] / n - m * m);
            mean[j] = (float) m;
            std[j] = var > 1e-12 ? (float) Math.sqrt(var) : 1f;
        }
        return new Standardizer(mean, std);
    }

    /** {@return the number of features it scales} */
    public int features() {
        return mean.length;
    }

    /**
     * A copy of {@code data} with standardised features.
     *
     * @param data rows with {@link #features()} features
     * @return the same rows, labels and targets, scaled
     */
    public Dataset apply(Dataset data) {
        if (data.featureCount() != mean.length) {
            throw new IllegalArgumentException(data.name() + " has " + data.featureCount()
                    + " features but the standardizer was fitted on " + mean.length);
        }
        float[] x = data.features().clone();
        applyInPlace(x, 0, data.rows());
        return data.withFeatures(x);
    }

    /**
     * Standardises rows of features in place.
     *
     * @param x    row-major features, {@link #features()} per row
     * @param off  where the first row starts
     * @param rows how many rows
     */
    public void applyInPlace(float[] x, int off, int rows) {
        int d = mean.length;
        for (int r = 0; r < rows; r++) {
            int base = off + r * d;
            for (int j = 0; j < d; j++) {
                x[base + j] = (x[base + j] - mean[j]) / std[j];
            }
        }
    }
}
