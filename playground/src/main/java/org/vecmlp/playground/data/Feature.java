package org.vecmlp.playground.data;

import java.util.List;

/** The playground's input features, computed from a point's two coordinates. */
public enum Feature {
    /** X1. */
    X1("x", "X1"),
    /** X2. */
    X2("y", "X2"),
    /** X1². */
    X1_SQUARED("xSquared", "X1²"),
    /** X2². */
    X2_SQUARED("ySquared", "X2²"),
    /** X1·X2. */
    X1_TIMES_X2("xTimesY", "X1·X2"),
    /** sin X1. */
    SIN_X1("sinX", "sin X1"),
    /** sin X2. */
    SIN_X2("sinY", "sin X2");

    /** Every feature, in the playground's order. */
    public static final List<Feature> ALL = List.of(values());

    private final String key;
    private final String label;

    Feature(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** {@return the name of its switch in settings and URLs (TensorFlow Playground's own)} */
    public String key() {
        return key;
    }

    /** {@return how pictures and the page name it} */
    public String label() {
        return label;
    }

    /**
     * The feature's value at a point.
     *
     * @param x X1
     * @param y X2
     * @return the value
     */
    public double apply(double x, double y) {
        return switch (this) {
            case X1 -> x;
            case X2 -> y;
            case X1_SQUARED -> x * x;
            case X2_SQUARED -> y * y;
            case X1_TIMES_X2 -> x * y;
            case SIN_X1 -> Math.sin(x);
            case SIN_X2 -> Math.sin(y);
        };
    }
}
