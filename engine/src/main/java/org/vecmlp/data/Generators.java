package org.vecmlp.data;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded 2-D data sets in the spirit of TensorFlow Playground: four classification sets (labels 0 and 1) and one
 * regression set, all with coordinates in about [−6, 6]. {@code noise} in [0, 1] scales a uniform jitter of up to
 * ±noise·(set-specific amplitude) added to the coordinates after labelling, so higher noise blurs the boundary.
 */
public final class Generators {
    /** Names accepted by {@link #generate}. */
    public static final List<String> NAMES = List.of("circle", "xor", "gauss", "spiral", "plane");

    private Generators() {
    }

    /**
     * Generates the set called {@code name} (one of {@link #NAMES}).
     *
     * @param name    circle, xor, gauss, spiral or plane
     * @param samples the number of points (at least 2)
     * @param noise   the noise level, in [0, 1]
     * @param seed    the seed: the same seed gives the same points
     * @return the set
     */
    public static Dataset generate(String name, int samples, double noise, long seed) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "circle" -> circle(samples, noise, seed);
            case "xor" -> xor(samples, noise, seed);
            case "gauss" -> gauss(samples, noise, seed);
            case "spiral" -> spiral(samples, noise, seed);
            case "plane" -> plane(samples, noise, seed);
            default -> throw new IllegalArgumentException("unknown data set '" + name + "' (built-in sets: "
                    + String.join(", ", NAMES) + ")");
        };
    }

    private static void check(int samples, double noise) {
        if (samples < 2) {
            throw new IllegalArgumentException("samples must be at least 2, got " + samples);
        }
        if (!(noise >= 0 && noise <= 1)) {
            throw new IllegalArgumentException("noise must be in [0, 1], got " + noise);
        }
    }

    /**
     * Class 1 inside radius 2.5, class 0 in the ring between 3.5 and 5.
     *
     * @param samples the number of points (at least 2)
     * @param noise   the noise level, in [0, 1]
     * @param seed    the seed: the same seed gives the same points
     * @return the set
     */
    public static Dataset circle(int samples, double noise, long seed) {
        check(samples, noise);
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[samples * 2];
        int[] y = new int[samples];
        for (int i = 0; i < samples; i++) {
            boolean inside = i % 2 == 0;
            double r = inside ? random.nextDouble(0, 2.5) : random.nextDouble(3.5, 5.0);
            double angle = random.nextDouble(0, 2 * Math.PI);
            x[2 * i] = (float) (r * Math.sin(angle) + jitter(random, noise, 1.0));
            x[2 * i + 1] = (float) (r * Math.cos(angle) + jitter(random, noise, 1.0));
            y[i] = inside ? 1 : 0;
        }
        return Dataset.classification("circle", x, samples, 2, y, 2);
    }

    /**
     * Class 1 where x·y > 0 (first and third quadrants), points kept 0.3 away from the axes.
     *
     * @param samples the number of points (at least 2)
     * @param noise   the noise level, in [0, 1]
     * @param seed    the seed: the same seed gives the same points
     * @return the set
     */
    public static Dataset xor(int samples, double noise, long seed) {
        check(samples, noise);
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[samples * 2];
        int[] y = new int[samples];
        for (int i = 0; i < samples; i++) {
            double px = awayFromAxis(random.nextDouble(-5, 5));
            double py = awayFromAxis(random.nextDouble(-5, 5));
            y[i] = px * py > 0 ? 1 : 0;
            x[2 * i] = (float) (px + jitter(random, noise, 1.0));
            x[2 * i + 1] = (float) (py + jitter(random, noise, 1.0));
        }
        return Dataset.classification("xor", x, samples, 2, y, 2);
    }

    private static double awayFromAxis(double v) {
        return v + (v > 0 ? 0.3 : -0.3);
    }

    /**
     * Two Gaussian blobs at (2, 2) (class 1) and (−2, −2) (class 0); noise widens them.
     *
     * @param samples the number of points (at least 2)
     * @param noise   the noise level, in [0, 1]
     * @param seed    the seed: the same seed gives the same points
     * @return the set
     */
    public static Dataset gauss(int samples, double noise, long seed) {
        check(samples, noise);
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[samples * 2];
        int[] y = new int[samples];
        double sigma = 0.5 + 2.5 * noise;
        for (int i = 0; i < samples; i++) {
            boolean positive = i % 2 == 0;
            double centre = positive ? 2 : -2;
            x[2 * i] = (float) (centre + sigma * random.nextGaussian());
            x[2 * i + 1] = (float) (centre + sigma * random.nextGaussian());
            y[i] = positive ? 1 : 0;
        }
        return Dataset.classification("gauss", x, samples, 2, y, 2);
    }

    /**
     * Two interleaved spirals, 1.75 turns each, radius up to 5.
     *
     * @param samples the number of points (at least 2)
     * @param noise   the noise level, in [0, 1]
     * @param seed    the seed: the same seed gives the same points
     * @return the set
     */
    public static Dataset spiral(int samples, double noise, long seed) {
        check(samples, noise);
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[samples * 2];
        int[] y = new int[samples];
        int perClass = (samples + 1) / 2;
        for (int i = 0; i < samples; i++) {
            int label = i % 2;
            int k = i / 2;
            double r = 5.0 * k / perClass;
            double t = 1.75 * 2 * Math.PI * k / perClass + (label == 1 ? Math.PI : 0);
            x[2 * i] = (float) (r * Math.sin(t) + jitter(random, noise, 1.0));
            x[2 * i + 1] = (float) (r * Math.cos(t) + jitter(random, noise, 1.0));
            y[i] = label;
        }
        return Dataset.classification("spiral", x, samples, 2, y, 2);
    }

    /**
     * Regression on a tilted plane: target {@code (x + y) / 10} for x, y uniform in [−5, 5]; noise on the target.
     *
     * @param samples the number of points (at least 2)
     * @param noise   the noise level, in [0, 1]
     * @param seed    the seed: the same seed gives the same points
     * @return the set
     */
    public static Dataset plane(int samples, double noise, long seed) {
        check(samples, noise);
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[samples * 2];
        float[] t = new float[samples];
        for (int i = 0; i < samples; i++) {
            double px = random.nextDouble(-5, 5);
            double py = random.nextDouble(-5, 5);
            x[2 * i] = (float) px;
            x[2 * i + 1] = (float) py;
            t[i] = (float) ((px + py) / 10 + jitter(random, noise, 0.2));
        }
        return Dataset.regression("plane", x, samples, 2, t, 1);
    }

    private static double jitter(SplittableRandom random, double noise, double amplitude) {
        return noise == 0 ? 0 : random.nextDouble(-1, 1) * noise * amplitude;
    }
}
