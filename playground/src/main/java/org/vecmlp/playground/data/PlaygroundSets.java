package org.vecmlp.playground.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * TensorFlow Playground's six data sets, generated as its {@code dataset.ts} does (the same shapes, sizes and noise
 * model; the random numbers come from a seeded {@link SplittableRandom} instead of {@code Math.random}). Coordinates
 * lie in about [−6, 6]; {@code noise} is the playground's percentage over 100, in [0, 0.5].
 */
public final class PlaygroundSets {
    /** The classification sets: circle, xor, gauss, spiral. */
    public static final List<String> CLASSIFICATION = List.of("circle", "xor", "gauss", "spiral");
    /**
     * The sets of more than two classes (beyond TensorFlow Playground, which has two): {@code arms}, spiral arms,
     * and {@code blobs}, Gaussian clusters on a circle; their labels are the class numbers 0 … C−1.
     */
    public static final List<String> MULTICLASS = List.of("arms", "blobs");
    /** The fewest classes a multi-class set has. */
    public static final int MIN_CLASSES = 3;
    /** The most classes a multi-class set (or an upload) has. */
    public static final int MAX_CLASSES = 6;
    /** The regression sets: reg-plane, reg-gauss. */
    public static final List<String> REGRESSION = List.of("reg-plane", "reg-gauss");
    /** How many points a classification set has (the playground's {@code NUM_SAMPLES_CLASSIFY}). */
    public static final int CLASSIFY_SAMPLES = 500;
    /** How many points a regression set has ({@code NUM_SAMPLES_REGRESS}). */
    public static final int REGRESS_SAMPLES = 1200;

    private PlaygroundSets() {
    }

    /**
     * The problem a set name belongs to.
     *
     * @param name one of {@link #CLASSIFICATION} or {@link #REGRESSION}
     * @return its problem
     */
    public static Problem problemOf(String name) {
        if (CLASSIFICATION.contains(name) || MULTICLASS.contains(name)) {
            return Problem.CLASSIFICATION;
        }
        if (REGRESSION.contains(name)) {
            return Problem.REGRESSION;
        }
        throw new IllegalArgumentException("unknown playground data set '" + name + "' (classification: "
                + String.join(", ", CLASSIFICATION) + "; more classes: " + String.join(", ", MULTICLASS)
                + "; regression: " + String.join(", ", REGRESSION) + ")");
    }

    /**
     * Generates a set with the playground's number of points, in the order its generator makes them (shuffle
     * before splitting, as the playground does).
     *
     * @param name   the set's name
     * @param noise  the noise, in [0, 0.5]
     * @param random the source of randomness
     * @return the points
     */
    public static List<Point> generate(String name, double noise, SplittableRandom random) {
        return generate(name, noise, random, MIN_CLASSES);
    }

    /**
     * As {@link #generate(String, double, SplittableRandom)}, with the class count of a multi-class set.
     *
     * @param name    the set's name
     * @param noise   the noise, in [0, 0.5]
     * @param random  the source of randomness
     * @param classes the classes of a {@link #MULTICLASS} set, {@link #MIN_CLASSES} to {@link #MAX_CLASSES}
     * @return the points
     */
    public static List<Point> generate(String name, double noise, SplittableRandom random, int classes) {
        if (MULTICLASS.contains(name) && (classes < MIN_CLASSES || classes > MAX_CLASSES)) {
            throw new IllegalArgumentException("classes must be " + MIN_CLASSES + " to " + MAX_CLASSES + ", got "
                    + classes);
        }
        if (!(noise >= 0 && noise <= 0.5)) {
            throw new IllegalArgumentException("noise must be in [0, 0.5], got " + noise);
        }
        return switch (name) {
            case "circle" -> circle(CLASSIFY_SAMPLES, noise, random);
            case "xor" -> xor(CLASSIFY_SAMPLES, noise, random);
            case "gauss" -> gauss(CLASSIFY_SAMPLES, noise, random);
            case "spiral" -> spiral(CLASSIFY_SAMPLES, noise, random);
            case "arms" -> arms(CLASSIFY_SAMPLES / classes * classes, noise, random, classes);
            case "blobs" -> blobs(CLASSIFY_SAMPLES / classes * classes, noise, random, classes);
            case "reg-plane" -> plane(REGRESS_SAMPLES, noise, random);
            case "reg-gauss" -> multiGauss(REGRESS_SAMPLES, noise, random);
            default -> throw new IllegalArgumentException(problemOf(name).toString()); // problemOf names the sets
        };
    }

    private static double uniform(SplittableRandom random, double a, double b) {
        return a + (b - a) * random.nextDouble();
    }

    /** Points inside radius 2.5 labelled +1, in the ring 3.5–5 labelled −1; noise moves the point it labels. */
    static List<Point> circle(int samples, double noise, SplittableRandom random) {
        List<Point> points = new ArrayList<>(samples);
        double radius = 5;
        for (int half = 0; half < 2; half++) {
            for (int i = 0; i < samples / 2; i++) {
                double r = half == 0 ? uniform(random, 0, radius * 0.5) : uniform(random, radius * 0.7, radius);
                double angle = uniform(random, 0, 2 * Math.PI);
                double x = r * Math.sin(angle);
                double y = r * Math.cos(angle);
                double noiseX = uniform(random, -radius, radius) * noise;
                double noiseY = uniform(random, -radius, radius) * noise;
                double label = Math.hypot(x + noiseX, y + noiseY) < radius * 0.5 ? 1 : -1;
                points.add(new Point(x, y, label));
            }
        }
        return points;
    }

    /** Uniform in [−5, 5]² pushed 0.3 off the axes; +1 where x·y ≥ 0 at the noisy point. */
    static List<Point> xor(int samples, double noise, SplittableRandom random) {
        List<Point> points = new ArrayList<>(samples);
        double padding = 0.3;
        for (int i = 0; i < samples; i++) {
            double x = uniform(random, -5, 5);
            x += x > 0 ? padding : -padding;
            double y = uniform(random, -5, 5);
            y += y > 0 ? padding : -padding;
            double noiseX = uniform(random, -5, 5) * noise;
            double noiseY = uniform(random, -5, 5) * noise;
            points.add(new Point(x, y, (x + noiseX) * (y + noiseY) >= 0 ? 1 : -1));
        }
        return points;
    }

    /** Two Gaussians at (2, 2) (+1) and (−2, −2) (−1) whose variance grows from 0.5 to 4 with the noise. */
    static List<Point> gauss(int samples, double noise, SplittableRandom random) {
        List<Point> points = new ArrayList<>(samples);
        double variance = 0.5 + noise / 0.5 * (4 - 0.5);
        double sd = Math.sqrt(variance);
        for (int half = 0; half < 2; half++) {
            double centre = half == 0 ? 2 : -2;
            double label = half == 0 ? 1 : -1;
            for (int i = 0; i < samples / 2; i++) {
                double x = centre + sd * random.nextGaussian();
                double y = centre + sd * random.nextGaussian();
                points.add(new Point(x, y, label));
            }
        }
        return points;
    }

    /** Two spirals of 1.75 turns out to radius 5, +1 and −1, jittered by up to ±noise in each coordinate. */
    static List<Point> spiral(int samples, double noise, SplittableRandom random) {
        List<Point> points = new ArrayList<>(samples);
        int n = samples / 2;
        for (int half = 0; half < 2; half++) {
            double deltaT = half == 0 ? 0 : Math.PI;
            double label = half == 0 ? 1 : -1;
            for (int i = 0; i < n; i++) {
                double r = (double) i / n * 5;
                double t = 1.75 * i / n * 2 * Math.PI + deltaT;
                double x = r * Math.sin(t) + uniform(random, -1, 1) * noise;
                double y = r * Math.cos(t) + uniform(random, -1, 1) * noise;
                points.add(new Point(x, y, label));
            }
        }
        return points;
    }

    /** {@code classes} spiral arms as {@link #spiral}'s, turned 2π/C apart, labelled 0 … C−1. */
    static List<Point> arms(int samples, double noise, SplittableRandom random, int classes) {
        List<Point> points = new ArrayList<>(samples);
        int n = samples / classes;
        for (int k = 0; k < classes; k++) {
            double deltaT = 2 * Math.PI * k / classes;
            for (int i = 0; i < n; i++) {
                double r = (double) i / n * 5;
                double t = 1.75 * i / n * 2 * Math.PI + deltaT;
                points.add(new Point(r * Math.sin(t) + uniform(random, -1, 1) * noise,
                        r * Math.cos(t) + uniform(random, -1, 1) * noise, k));
            }
        }
        return points;
    }

    /** {@code classes} Gaussians on a circle of radius 3.5, with {@link #gauss}'s variance, labelled 0 … C−1. */
    static List<Point> blobs(int samples, double noise, SplittableRandom random, int classes) {
        List<Point> points = new ArrayList<>(samples);
        double sd = Math.sqrt(0.5 + noise / 0.5 * (4 - 0.5)) * 0.6;
        int n = samples / classes;
        for (int k = 0; k < classes; k++) {
            double angle = 2 * Math.PI * k / classes;
            double cx = 3.5 * Math.cos(angle), cy = 3.5 * Math.sin(angle);
            for (int i = 0; i < n; i++) {
                points.add(new Point(cx + sd * random.nextGaussian(), cy + sd * random.nextGaussian(), k));
            }
        }
        return points;
    }

    /** Uniform in [−6, 6]²; the label is (x + y) / 10 at the noisy point (so in [−1.2, 1.2] before noise). */
    static List<Point> plane(int samples, double noise, SplittableRandom random) {
        return regression(samples, noise, random, (x, y) -> (x + y) / 10);
    }

    private static final double[][] GAUSSIANS = {
            {-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};

    /** Six signed bumps on a 3×2 grid; the label is the bump of largest magnitude, 1 − d/2 clamped to [0, 1]. */
    static List<Point> multiGauss(int samples, double noise, SplittableRandom random) {
        return regression(samples, noise, random, PlaygroundSets::multiGaussLabel);
    }

    /** The regression sets' sampling: uniform in [−6, 6]², labelled at a point moved by up to ±6·noise. */
    private static List<Point> regression(int samples, double noise, SplittableRandom random,
                                          java.util.function.DoubleBinaryOperator label) {
        List<Point> points = new ArrayList<>(samples);
        double radius = 6;
        for (int i = 0; i < samples; i++) {
            double x = uniform(random, -radius, radius);
            double y = uniform(random, -radius, radius);
            double noiseX = uniform(random, -radius, radius) * noise;
            double noiseY = uniform(random, -radius, radius) * noise;
            points.add(new Point(x, y, label.applyAsDouble(x + noiseX, y + noiseY)));
        }
        return points;
    }

    static double multiGaussLabel(double x, double y) {
        double label = 0;
        for (double[] g : GAUSSIANS) {
            double d = Math.hypot(x - g[0], y - g[1]);
            double v = g[2] * Math.max(0, Math.min(1, 1 - d / 2));
            if (Math.abs(v) > Math.abs(label)) {
                label = v;
            }
        }
        return label;
    }
}
