package org.vecmlp.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * An in-memory data set: {@code rows×features} floats, row-major, and either class labels (classification) or
 * {@code rows×targetWidth} real targets (regression). Immutable once built; the arrays are not copied, so callers
 * hand them over. Every feature is checked to be finite on construction.
 */
public final class Dataset {
    private final String name;
    private final float[] features;
    private final int rows;
    private final int featureCount;
    private final int[] labels;
    private final int classes;
    private final float[] targets;
    private final int targetWidth;

    private Dataset(String name, float[] features, int rows, int featureCount,
                    int[] labels, int classes, float[] targets, int targetWidth) {
        this.name = Objects.requireNonNull(name, "name");
        this.features = Objects.requireNonNull(features, "features");
        this.rows = rows;
        this.featureCount = featureCount;
        this.labels = labels;
        this.classes = classes;
        this.targets = targets;
        this.targetWidth = targetWidth;
        if (rows < 0 || featureCount < 1 || (long) rows * featureCount != features.length) {
            throw new IllegalArgumentException(name + ": " + features.length + " feature values do not make "
                    + rows + " rows of " + featureCount + " features");
        }
        for (int i = 0; i < features.length; i++) {
            if (!Float.isFinite(features[i])) {
                throw new IllegalArgumentException(name + ": feature " + (i % featureCount) + " of row "
                        + (i / featureCount) + " is " + features[i] + " (features must be finite)");
            }
        }
    }

    /**
     * A classification set with labels in {@code [0, classes)}.
     *
     * @param name         a name for messages and reports
     * @param features     row-major features, {@code rows × featureCount} (not copied)
     * @param rows         the number of rows
     * @param featureCount features per row
     * @param labels       one class per row
     * @param classes      the number of classes
     * @return the checked set (finite features, labels in range)
     */
    public static Dataset classification(String name, float[] features, int rows, int featureCount,
                                         int[] labels, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException(name + ": classification needs at least 2 classes, got " + classes);
        }
        if (labels.length != rows) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for " + rows + " rows");
        }
        for (int r = 0; r < rows; r++) {
            if (labels[r] < 0 || labels[r] >= classes) {
                throw new IllegalArgumentException(name + ": label " + labels[r] + " of row " + r
                        + " is outside [0, " + classes + ")");
            }
        }
        return new Dataset(name, features, rows, featureCount, labels, classes, null, 0);
    }

    /**
     * A regression set with {@code targetWidth} finite targets per row.
     *
     * @param name         a name for messages and reports
     * @param features     row-major features, {@code rows × featureCount} (not copied)
     * @param rows         the number of rows
     * @param featureCount features per row
     * @param targets      row-major targets, {@code rows × targetWidth}
     * @param targetWidth  targets per row
     * @return the checked set (finite features and targets)
     */
    public static Dataset regression(String name, float[] features, int rows, int featureCount,
                                     float[] targets, int targetWidth) {
        if (targetWidth < 1 || (long) rows * targetWidth != targets.length) {
            throw new IllegalArgumentException(name + ": " + targets.length + " target values do not make "
                    + rows + " rows of " + targetWidth);
        }
        for (int i = 0; i < targets.length; i++) {
            if (!Float.isFinite(targets[i])) {
                throw new IllegalArgumentException(name + ": target of row " + (i / targetWidth) + " is "
                        + targets[i] + " (targets must be finite)");
            }
        }
        return new Dataset(name, features, rows, featureCount, null, 0, targets, targetWidth);
    }

    /** {@return the set's name, as messages and reports show it} */
    public String name() {
        return name;
    }

    /** {@return the number of rows} */
    public int rows() {
        return rows;
    }

    /** {@return the number of features per row} */
    public int featureCount() {
        return featureCount;
    }

    /** {@return the row-major features; do not modify} */
    public float[] features() {
        return features;
    }

    /** {@return whether rows have class labels (otherwise regression targets)} */
    public boolean isClassification() {
        return labels != null;
    }

    /** {@return number of classes, or 0 for regression} */
    public int classes() {
        return classes;
    }

    /** {@return the class labels; do not modify. Throws for regression data} */
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException(name + " is a regression set and has no class labels");
        }
        return labels;
    }

    /** {@return targets per row for regression, or 0} */
    public int targetWidth() {
        return targetWidth;
    }

    /**
     * The targets as the network's output layer of {@code width} units sees them: for classification, one-hot rows
     * when {@code width == classes}, or the label itself (0 or 1) when {@code width == 1} and there are 2 classes;
     * for regression, the targets, whose width must match.
     *
     * @param width the output layer's units
     * @return row-major targets, {@code rows × width}
     */
    public float[] encodeTargets(int width) {
        if (labels == null) {
            if (width != targetWidth) {
                throw new IllegalArgumentException(name + " has " + targetWidth + " target(s) per row but the network has "
                        + width + " output(s)");
            }
            return targets;
        }
        float[] encoded = new float[Math.multiplyExact(rows, width)];
        if (width == 1 && classes == 2) {
            for (int r = 0; r < rows; r++) {
                encoded[r] = labels[r];
            }
        } else if (width == classes) {
            for (int r = 0; r < rows; r++) {
                encoded[r * width + labels[r]] = 1f;
            }
        } else {
            throw new IllegalArgumentException(name + " has " + classes + " classes but the network has " + width
                    + " output(s) (use " + classes + " outputs, or 1 for two classes)");
        }
        return encoded;
    }

    /**
     * The rows at {@code indices}, in that order.
     *
     * @param subsetName the new set's name
     * @param indices    row numbers, each in {@code [0, rows)}
     * @return a new set holding copies of those rows
     */
    public Dataset subset(String subsetName, int[] indices) {
        float[] x = new float[Math.multiplyExact(indices.length, featureCount)];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, indices[i] * featureCount, x, i * featureCount, featureCount);
        }
        if (labels != null) {
            int[] l = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                l[i] = labels[indices[i]];
            }
            return new Dataset(subsetName, x, indices.length, featureCount, l, classes, null, 0);
        }
        float[] t = new float[indices.length * targetWidth];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(targets, indices[i] * targetWidth, t, i * targetWidth, targetWidth);
        }
        return new Dataset(subsetName, x, indices.length, featureCount, null, 0, t, targetWidth);
    }

    /**
     * The same rows with other features (e.g. standardised); labels and targets are shared.
     *
     * @param newFeatures row-major, as many as the current features
     * @return the new set
     */
    public Dataset withFeatures(float[] newFeatures) {
        return new Dataset(name, newFeatures, rows, featureCount, labels, classes, targets, targetWidth);
    }

    /**
     * A seeded random split into a training part and a test part of {@code round(testFraction·rows)} rows.
     *
     * @param testFraction the test part's share, in [0, 1) (0: an empty test part)
     * @param seed         the shuffle's seed
     * @return both parts
     */
    public Split split(double testFraction, long seed) {
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in [0, 1), got " + testFraction);
        }
        int[] order = permutation(rows, new SplittableRandom(seed));
        int testRows = (int) Math.round(testFraction * rows);
        if (rows - testRows < 1) {
            throw new IllegalArgumentException(name + ": a test fraction of " + testFraction + " leaves no training rows");
        }
        return new Split(subset(name + " (train)", Arrays.copyOfRange(order, testRows, rows)),
                subset(name + " (test)", Arrays.copyOfRange(order, 0, testRows)));
    }

    /**
     * A uniformly random permutation of {@code 0..n-1} (Fisher–Yates).
     *
     * @param n      its length
     * @param random the source of randomness
     * @return the permutation
     */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        shuffle(order, n, random);
        return order;
    }

    /**
     * Shuffles the first {@code n} entries in place (Fisher–Yates); allocates nothing.
     *
     * @param order  the array to shuffle
     * @param n      how many entries, from the first
     * @param random the source of randomness
     */
    public static void shuffle(int[] order, int n, SplittableRandom random) {
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /**
     * A training part and a test part.
     *
     * @param train the training rows
     * @param test  the held-out rows
     */
    public record Split(Dataset train, Dataset test) {
    }

    @Override
    public String toString() {
        return name + " (" + rows + "×" + featureCount + (labels != null ? ", " + classes + " classes" : "") + ")";
    }
}
