package org.vecmlp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one contract every {@link Gemm} passes: all three layouts, α/β, offsets and leading dimensions larger than
 * the row width, on awkward shapes (0, 1, primes, sizes around vector lengths), against a double-precision triple
 * loop. Error bound per element: {@code 2⁻²⁰·(k+2)·(|α|·Σ_p|a_ip·b_pj| + |β·c_ij|)}, a few float ulps per
 * accumulated term, which any summation order meets.
 */
public abstract class GemmContractTest {

    /** The implementation under test; a new instance per call is fine. */
    protected abstract Gemm gemm();

    /** The element-wise passes the forward epilogue runs with ({@link Gemm#gemmNNBiasActivate}). */
    protected VectorOps ops() {
        return new org.vecmlp.kernel.scalar.ScalarVectorOps();
    }

    enum Layout { NN, TN, NT }

    record Shape(Layout layout, int m, int n, int k, float alpha, float beta) {
        @Override
        public String toString() {
            return layout + " " + m + "x" + k + "x" + n + " α=" + alpha + " β=" + beta;
        }
    }

    static Stream<Shape> shapes() {
        int[] sizes = {0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 64, 65};
        List<Shape> list = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        for (Layout layout : Layout.values()) {
            for (int s : sizes) {
                list.add(new Shape(layout, s, s, s, 1f, 0f));
            }
            list.add(new Shape(layout, 16, 8, 2, 1f, 0f));
            list.add(new Shape(layout, 16, 8, 8, 1f, 1f));
            list.add(new Shape(layout, 1, 97, 13, 1f, 1f));
            list.add(new Shape(layout, 97, 1, 13, -0.5f, 2f));
            list.add(new Shape(layout, 13, 11, 1, 1f, 0f));
            list.add(new Shape(layout, 67, 130, 129, 1f, 0f));
            list.add(new Shape(layout, 200, 75, 300, 1f, 1f));
            list.add(new Shape(layout, 97, 530, 260, 0.5f, 0f)); // several k, m and n blocks, edges everywhere
            list.add(new Shape(layout, 6, 32, 257, 1f, 1f));     // one full register tile, k just past a block
            for (int i = 0; i < 12; i++) {
                list.add(new Shape(layout, sizes[random.nextInt(sizes.length)] + random.nextInt(3),
                        sizes[random.nextInt(sizes.length)] + random.nextInt(3),
                        sizes[random.nextInt(sizes.length)] + random.nextInt(3),
                        random.nextBoolean() ? 1f : 0.75f, random.nextInt(3) * 0.5f));
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void matchesDoublePrecisionReference(Shape s) {
        SplittableRandom random = new SplittableRandom(s.hashCode());
        int m = s.m(), n = s.n(), k = s.k();
        // Stored shapes: A is m×k (NN, NT) or k×m (TN); B is k×n (NN, TN) or n×k (NT).
        int aRows = s.layout() == Layout.TN ? k : m;
        int aCols = s.layout() == Layout.TN ? m : k;
        int bRows = s.layout() == Layout.NT ? n : k;
        int bCols = s.layout() == Layout.NT ? k : n;
        int lda = aCols + 3, ldb = bCols + 1, ldc = n + 2;
        int aOff = 5, bOff = 2, cOff = 7;
        float[] a = randomArray(random, aOff + aRows * lda);
        float[] b = randomArray(random, bOff + bRows * ldb);
        float[] c = randomArray(random, cOff + m * ldc + 4);
        if (s.beta() == 0f) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[cOff + i * ldc + j] = Float.NaN; // β = 0 must not read C
                }
            }
        }
        float[] before = c.clone();

        switch (s.layout()) {
            case NN -> gemm().gemmNN(m, n, k, s.alpha(), a, aOff, lda, b, bOff, ldb, s.beta(), c, cOff, ldc);
            case TN -> gemm().gemmTN(m, n, k, s.alpha(), a, aOff, lda, b, bOff, ldb, s.beta(), c, cOff, ldc);
            case NT -> gemm().gemmNT(m, n, k, s.alpha(), a, aOff, lda, b, bOff, ldb, s.beta(), c, cOff, ldc);
        }

        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0, magnitude = 0;
                for (int p = 0; p < k; p++) {
                    double av = s.layout() == Layout.TN ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double bv = s.layout() == Layout.NT ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    sum += av * bv;
                    magnitude += Math.abs(av * bv);
                }
                double prior = s.beta() == 0f ? 0 : (double) s.beta() * before[cOff + i * ldc + j];
                double expected = s.alpha() * sum + prior;
                double bound = Math.scalb(1.0, -20) * (k + 2) * (Math.abs(s.alpha()) * magnitude + Math.abs(prior));
                float actual = c[cOff + i * ldc + j];
                if (!(Math.abs(actual - expected) <= bound + 1e-30)) {
                    throw new AssertionError(s + ": C[" + i + "][" + j + "] = " + actual + ", expected " + expected
                            + " ± " + bound);
                }
            }
        }
        // Nothing outside C's m×n window (padding, offsets) may change.
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff;
            boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (!inside) {
                assertEquals(Float.floatToRawIntBits(before[idx]), Float.floatToRawIntBits(c[idx]),
                        s + ": wrote outside C at index " + idx);
            }
        }
    }

    /**
     * The accumulation contract (see {@link org.vecmlp.kernel.scalar.ScalarGemm}): every element is one FMA chain over
     * k in increasing order, starting from β·c (or 0 when β = 0), with α applied to each A value. Checked bit for bit
     * against that chain written out here, so every kernel agrees with every other and with itself at any batch size.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void weightGradientWithColumnSumsEqualsTheTwoPasses(Shape s) {
        if (s.layout() != Layout.TN) {
            return; // the fused bias gradient exists for the TN product only
        }
        SplittableRandom random = new SplittableRandom(s.hashCode() + 1);
        int m = s.m(), n = s.n(), k = s.k();
        int lda = m + 1, ldb = n + 3, ldc = n + 2;
        float[] a = randomArray(random, 1 + k * lda), b = randomArray(random, 2 + k * ldb);
        float[] c = randomArray(random, m * ldc + 1);
        float[] sums = randomArray(random, n + 4);
        float[] separateC = c.clone(), expectedSums = sums.clone();
        gemm().gemmTN(m, n, k, s.alpha(), a, 1, lda, b, 2, ldb, s.beta(), separateC, 1, ldc);
        for (int p = 0; p < k; p++) { // the bias gradient's definition: each column's rows added in order
            for (int j = 0; j < n; j++) {
                expectedSums[3 + j] += b[2 + p * ldb + j];
            }
        }
        gemm().gemmTNColumnSums(m, n, k, s.alpha(), a, 1, lda, b, 2, ldb, s.beta(), c, 1, ldc, sums, 3);
        for (int i = 0; i < c.length; i++) {
            assertEquals(Float.floatToRawIntBits(separateC[i]), Float.floatToRawIntBits(c[i]), s + ": C[" + i + "]");
        }
        for (int j = 0; j < sums.length; j++) {
            assertEquals(Float.floatToRawIntBits(expectedSums[j]), Float.floatToRawIntBits(sums[j]),
                    s + ": sum " + j);
        }
    }

    /**
     * The forward epilogue, wherever the GEMM runs it (strip by strip inside a packed product, or after it), gives
     * the bits of the product followed by one bias-and-activation sweep over the whole of z, for every function, in
     * place (hidden layers) and into a separate output (the output layer), with and without a stored derivative.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void forwardEpilogueEqualsTheProductThenOneSweep(Shape s) {
        if (s.layout() != Layout.NN) {
            return; // the forward product only
        }
        int m = s.m(), n = s.n(), k = s.k();
        SplittableRandom random = new SplittableRandom(s.hashCode() + 3);
        float[] a = randomArray(random, 2 + m * (k + 1));
        float[] b = randomArray(random, 1 + k * (n + 2));
        float[] bias = randomArray(random, n + 5);
        for (Pointwise f : List.of(Pointwise.IDENTITY, Pointwise.SIGMOID, Pointwise.TANH, Pointwise.RELU,
                Pointwise.leakyRelu(0.1f), Pointwise.SOFTMAX, Pointwise.THRESHOLD)) {
            for (boolean inPlace : new boolean[] {true, false}) {
                boolean storeDerivative = f.storesDerivative() && inPlace;
                float[] zExpected = new float[3 + m * n], zActual = new float[3 + m * n];
                java.util.Arrays.fill(zExpected, Float.NaN); // β = 0: z is not read
                java.util.Arrays.fill(zActual, Float.NaN);
                float[] outExpected = inPlace ? zExpected : new float[1 + m * n];
                float[] outActual = inPlace ? zActual : new float[1 + m * n];
                float[] dExpected = storeDerivative ? new float[4 + m * n] : null;
                float[] dActual = storeDerivative ? new float[4 + m * n] : null;
                int outOff = inPlace ? 3 : 1;
                gemm().gemmNN(m, n, k, 1f, a, 2, k + 1, b, 1, n + 2, 0f, zExpected, 3, n);
                ops().biasActivate(f, m, n, zExpected, 3, bias, 5, outExpected, outOff, dExpected, 4);
                gemm().gemmNNBiasActivate(ops(), f, m, n, k, a, 2, k + 1, b, 1, n + 2, zActual, 3, bias, 5,
                        outActual, outOff, dActual, 4);
                String what = s + " " + f + (inPlace ? " in place" : " into out");
                assertBitsEqual(zExpected, zActual, what + ": z");
                assertBitsEqual(outExpected, outActual, what + ": out");
                if (storeDerivative) {
                    assertBitsEqual(dExpected, dActual, what + ": derivative");
                }
            }
        }
    }

    /**
     * A B operand packed beforehand ({@link PackedOperand}, its tasks run in reverse order, as threads may) gives the
     * bits of the call that packs B itself, in all three layouts, and the forward epilogue over it those of
     * {@link Gemm#gemmNNBiasActivate}. Only for GEMMs that pack ({@link BlockedGemm}).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void prePackedOperandGivesTheBitsOfTheCallThatPacks(Shape s) {
        if (!(gemm() instanceof BlockedGemm g) || s.m() == 0 || s.n() == 0 || s.k() == 0) {
            return;
        }
        int m = s.m(), n = s.n(), k = s.k();
        boolean ta = s.layout() == Layout.TN, tb = s.layout() == Layout.NT;
        SplittableRandom random = new SplittableRandom(s.hashCode() + 5);
        int lda = (ta ? m : k) + 1, ldb = (tb ? k : n) + 2, ldc = n + 1;
        float[] a = randomArray(random, (ta ? k : m) * lda + 1);
        float[] b = randomArray(random, (tb ? n : k) * ldb + 1);
        float[] expected = randomArray(random, m * ldc + 1);
        float[] actual = expected.clone();
        switch (s.layout()) {
            case NN -> g.gemmNN(m, n, k, s.alpha(), a, 0, lda, b, 1, ldb, s.beta(), expected, 0, ldc);
            case TN -> g.gemmTN(m, n, k, s.alpha(), a, 0, lda, b, 1, ldb, s.beta(), expected, 0, ldc);
            case NT -> g.gemmNT(m, n, k, s.alpha(), a, 0, lda, b, 1, ldb, s.beta(), expected, 0, ldc);
        }
        PackedOperand packed = new PackedOperand(g, tb, k, n);
        for (int t = packed.packTasks() - 1; t >= 0; t--) {
            packed.packTask(g, t, b, 1, ldb);
        }
        g.multiplyPacked(ta, m, s.alpha(), a, 0, lda, packed, s.beta(), actual, 0, ldc);
        assertBitsEqual(expected, actual, s + " over the pre-packed operand");
        if (s.layout() == Layout.NN) {
            float[] bias = randomArray(random, n);
            float[] zExpected = new float[m * n], zActual = new float[m * n];
            float[] dExpected = new float[m * n], dActual = new float[m * n];
            g.gemmNNBiasActivate(ops(), Pointwise.TANH, m, n, k, a, 0, lda, b, 1, ldb, zExpected, 0, bias, 0,
                    zExpected, 0, dExpected, 0);
            g.forwardPacked(ops(), Pointwise.TANH, m, a, 0, lda, packed, zActual, 0, bias, 0, zActual, 0, dActual,
                    0);
            assertBitsEqual(zExpected, zActual, s + " forward over the pre-packed weights");
            assertBitsEqual(dExpected, dActual, s + " derivative over the pre-packed weights");
        }
    }

    private static void assertBitsEqual(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + "[" + i + "] = " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void isOneFmaChainPerElement(Shape s) {
        SplittableRandom random = new SplittableRandom(s.hashCode() * 31L);
        int m = s.m(), n = s.n(), k = s.k();
        boolean ta = s.layout() == Layout.TN, tb = s.layout() == Layout.NT;
        int lda = (ta ? m : k) + 1, ldb = (tb ? k : n) + 2, ldc = n + 1;
        float[] a = randomArray(random, (ta ? k : m) * lda + 1);
        float[] b = randomArray(random, (tb ? n : k) * ldb + 1);
        float[] c = randomArray(random, m * ldc + 1);
        float[] expected = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = s.beta() == 0f ? 0f : s.beta() * expected[i * ldc + j];
                for (int p = 0; p < k; p++) {
                    float av = ta ? a[p * lda + i] : a[i * lda + p];
                    float bv = tb ? b[j * ldb + p] : b[p * ldb + j];
                    acc = Math.fma(s.alpha() * av, bv, acc);
                }
                expected[i * ldc + j] = acc;
            }
        }
        switch (s.layout()) {
            case NN -> gemm().gemmNN(m, n, k, s.alpha(), a, 0, lda, b, 0, ldb, s.beta(), c, 0, ldc);
            case TN -> gemm().gemmTN(m, n, k, s.alpha(), a, 0, lda, b, 0, ldb, s.beta(), c, 0, ldc);
            case NT -> gemm().gemmNT(m, n, k, s.alpha(), a, 0, lda, b, 0, ldb, s.beta(), c, 0, ldc);
        }
        for (int idx = 0; idx < c.length; idx++) {
            if (Float.floatToRawIntBits(expected[idx]) != Float.floatToRawIntBits(c[idx])) {
                throw new AssertionError(s + ": C[" + idx / ldc + "][" + idx % ldc + "] = " + c[idx]
                        + ", the FMA chain gives " + expected[idx]);
            }
        }
    }

    private static float[] randomArray(SplittableRandom random, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return x;
    }
}
