package org.vecmlp.kernel;

import java.util.List;

/**
 * How the blocked SIMD GEMM cuts a product (BLIS's parameters): the micro-kernel's register tile, {@code rows} of C
 * by {@code vectors} vectors, and the cache blocks: MC rows of A and KC of depth packed together (L2), KC×NC of B
 * packed together (L2/L3). None of them changes a result: every kernel and block size accumulates each element of C
 * as one FMA chain over k in order, so weights come out bitwise identical for any blocking; only the speed differs.
 *
 * @param rows    rows of the register tile (MR)
 * @param vectors vectors per row of the register tile (NR = vectors × lanes)
 * @param mc      rows of A packed at once (rounded down to whole tiles)
 * @param kc      depth of a packed block
 * @param nc      columns of B packed at once (rounded up to whole tiles)
 */
public record GemmBlocking(int rows, int vectors, int mc, int kc, int nc) {
    /** The register tiles there is a micro-kernel for, as {@code <rows>x<vectors>v}. */
    public static final List<String> SHAPES = List.of("4x3v", "5x2v", "6x2v", "8x2v", "8x3v", "12x2v");

    /** The largest block sizes accepted: enough for any cache, small enough that the buffers stay a few MiB. */
    public static final int MAX_MC = 1024, MAX_KC = 2048, MAX_NC = 8192;

    /** Checks that there is a micro-kernel of this shape and that the blocks are within their bounds. */
    public GemmBlocking {
        if (!SHAPES.contains(shape(rows, vectors))) {
            throw new IllegalArgumentException("no " + shape(rows, vectors) + " micro-kernel (there are "
                    + String.join(", ", SHAPES) + ")");
        }
        check("mc", mc, rows, MAX_MC);
        check("kc", kc, 8, MAX_KC);
        check("nc", nc, 16, MAX_NC);
    }

    /**
     * A blocking from a tile shape such as {@code 5x2v}.
     *
     * @param shape one of {@link #SHAPES}
     * @param mc    rows of A packed at once
     * @param kc    depth of a packed block
     * @param nc    columns of B packed at once
     * @return the blocking
     */
    public static GemmBlocking of(String shape, int mc, int kc, int nc) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,2})x(\\d)v").matcher(shape.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + shape + "' is not a tile shape (there are "
                    + String.join(", ", SHAPES) + ")");
        }
        return new GemmBlocking(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), mc, kc, nc);
    }

    /** {@return the tile shape, e.g. {@code 5x2v}} */
    public String shape() {
        return shape(rows, vectors);
    }

    /**
     * {@return the same tile with other cache blocks}
     *
     * @param mc rows of A packed at once
     * @param kc depth of a packed block
     * @param nc columns of B packed at once
     */
    public GemmBlocking withBlocks(int mc, int kc, int nc) {
        return new GemmBlocking(rows, vectors, mc, kc, nc);
    }

    @Override
    public String toString() {
        return shape() + " mc=" + mc + " kc=" + kc + " nc=" + nc;
    }

    private static String shape(int rows, int vectors) {
        return rows + "x" + vectors + "v";
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + "=" + value + " is outside " + min + ".." + max);
        }
    }
}
