package org.vecmlp.kernel.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The polynomial exp and tanh against Math, over their whole ranges, with the bounds VectorMath states. */
class VectorMathTest {

    private static float[] grid(float from, float to, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = from + (to - from) * i / (n - 1);
        }
        return x;
    }

    @Test
    void exponentShiftIsTheBitsOfTheRoundingConstant() {
        org.junit.jupiter.api.Assertions.assertEquals(Float.floatToRawIntBits(VectorMath.ROUND) - 127,
                VectorMath.EXPONENT_SHIFT);
    }

    @Test
    void expIsWithinOneUlp() {
        float[] x = grid(-87f, 88f, (1 << 20) + 3); // a length that ends in a partial vector
        float[] y = new float[x.length];
        VectorMath.exp(x, 0, 1f, y, 0, x.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double exact = Math.exp(x[i]);
            worst = Math.max(worst, Math.abs(y[i] - exact) / Math.ulp((float) exact));
        }
        System.out.printf("VectorMath.exp: worst error %.2f ulp on [-87, 88]%n", worst);
        assertTrue(worst <= 1.0, "worst " + worst + " ulp");
        float[] edges = {-200f, 200f, 0f, 1f};
        float[] e = new float[4];
        VectorMath.exp(edges, 0, 1f, e, 0, 4);
        assertTrue(e[0] > 0 && e[0] < 2e-38f && Float.isFinite(e[1]) && e[1] > 1e38f, "clamped, never 0 or ∞");
        assertEquals(1f, e[2]);
        float[] scaled = new float[1];
        VectorMath.exp(new float[] {0.5f}, 0, -2f, scaled, 0, 1);
        assertEquals(Math.exp(-1), scaled[0], 1e-7);
    }

    @Test
    void tanhIsWithinOneTenMillionthAbsoluteAndOdd() {
        float[] x = grid(-12f, 12f, (1 << 20) + 1);
        float[] y = new float[x.length];
        VectorMath.tanh(x, 0, y, 0, x.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(y[i] - Math.tanh(x[i])));
            assertEquals(-y[i], y[x.length - 1 - i], 0f, "odd at " + x[i]);
        }
        System.out.printf("VectorMath.tanh: worst absolute error %.2e on [-12, 12]%n", worst);
        assertTrue(worst <= 1e-7, "worst " + worst);
    }

    @Test
    void sameBitsBeforeAndAfterCompilation() {
        float[] x = grid(-20f, 20f, 4096);
        float[] first = new float[x.length];
        float[] firstTanh = new float[x.length];
        VectorMath.exp(x, 0, 1f, first, 0, x.length);
        VectorMath.tanh(x, 0, firstTanh, 0, x.length);
        float[] y = new float[x.length];
        for (int i = 0; i < 3000; i++) { // enough calls for the JIT to compile both
            VectorMath.exp(x, 0, 1f, y, 0, x.length);
            VectorMath.tanh(x, 0, y, 0, x.length);
        }
        VectorMath.exp(x, 0, 1f, y, 0, x.length);
        assertArrayEquals(first, y);
        VectorMath.tanh(x, 0, y, 0, x.length);
        assertArrayEquals(firstTanh, y);
    }
}
