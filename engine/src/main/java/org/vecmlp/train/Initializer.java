package org.vecmlp.train;

import java.util.Locale;
import java.util.SplittableRandom;
import org.vecmlp.tensor.ParameterLayout;

/**
 * Weight initialisation schemes. Biases start at zero; weights are drawn from one seeded generator, layer by layer,
 * row-major, so the same seed always gives the same network.
 *
 * <ul>
 *   <li>{@link Kind#UNIFORM}: U(−scale, scale);</li>
 *   <li>{@link Kind#NORMAL}: N(0, scale²);</li>
 *   <li>{@link Kind#XAVIER}: Glorot uniform, U(±√(6/(fanIn+fanOut))), for sigmoid and tanh;</li>
 *   <li>{@link Kind#HE}: He normal, N(0, 2/fanIn), for ReLU.</li>
 * </ul>
 *
 * @param kind  the scheme
 * @param scale the half-width (uniform) or standard deviation (normal); ignored by Xavier and He
 */
public record Initializer(Kind kind, double scale) {

    /** The schemes. */
    public enum Kind {
        /** U(−scale, scale). */
        UNIFORM,
        /** N(0, scale²). */
        NORMAL,
        /** Glorot uniform, for sigmoid and tanh. */
        XAVIER,
        /** He normal, for ReLU. */
        HE
    }

    public static final Initializer XAVIER = new Initializer(Kind.XAVIER, 0);
    public static final Initializer HE = new Initializer(Kind.HE, 0);

    /** Checks that the uniform and normal schemes have a positive, finite scale. */
    public Initializer {
        if ((kind == Kind.UNIFORM || kind == Kind.NORMAL) && !(scale > 0 && Double.isFinite(scale))) {
            throw new IllegalArgumentException(kind + " initialisation needs a positive scale, got " + scale);
        }
    }

    /**
     * Weights drawn from U(−halfWidth, halfWidth).
     *
     * @param halfWidth positive
     * @return the scheme
     */
    public static Initializer uniform(double halfWidth) {
        return new Initializer(Kind.UNIFORM, halfWidth);
    }

    /**
     * Weights drawn from N(0, std²).
     *
     * @param std positive
     * @return the scheme
     */
    public static Initializer normal(double std) {
        return new Initializer(Kind.NORMAL, std);
    }

    /**
     * Parses a scheme's name: {@code uniform}, {@code normal}, {@code xavier} or {@code he} (uniform ±0.1 and normal
     * σ=0.1).
     *
     * @param name the name, in any case
     * @return the scheme
     * @throws IllegalArgumentException for another name, listing those it knows
     */
    public static Initializer parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "uniform" -> uniform(0.1);
            case "normal" -> normal(0.1);
            case "xavier", "glorot" -> XAVIER;
            case "he", "kaiming" -> HE;
            default -> throw new IllegalArgumentException(
                    "unknown initialisation '" + name + "' (expected uniform, normal, xavier or he)");
        };
    }

    /**
     * Fills {@code params} (laid out by {@code layout}): weights from this scheme, biases 0.
     *
     * @param layout where each layer's weights and biases lie
     * @param params the parameters to fill
     * @param seed   the seed: the same seed gives the same weights
     */
    public void initialize(ParameterLayout layout, float[] params, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int l = 0; l < layout.layers(); l++) {
            int fanIn = layout.fanIn(l);
            int fanOut = layout.fanOut(l);
            int from = layout.weightOffset(l);
            int to = from + layout.weightCount(l);
            for (int i = from; i < to; i++) {
                params[i] = (float) sample(random, fanIn, fanOut);
            }
            java.util.Arrays.fill(params, layout.biasOffset(l), layout.end(l), 0f);
        }
    }

    private double sample(SplittableRandom random, int fanIn, int fanOut) {
        return switch (kind) {
            case UNIFORM -> random.nextDouble(-scale, scale);
            case NORMAL -> random.nextGaussian() * scale;
            case XAVIER -> {
                double limit = Math.sqrt(6.0 / (fanIn + fanOut));
                yield random.nextDouble(-limit, limit);
            }
            case HE -> random.nextGaussian() * Math.sqrt(2.0 / fanIn);
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case UNIFORM, NORMAL -> kind.name().toLowerCase(Locale.ROOT) + "(" + scale + ")";
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }
}
