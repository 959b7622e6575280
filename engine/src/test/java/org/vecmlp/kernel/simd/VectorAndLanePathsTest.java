package org.vecmlp.kernel.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vecmlp.SteadyAllocation;
import org.vecmlp.kernel.GemmBlocking;
import org.vecmlp.kernel.PackedGemm;
import org.vecmlp.kernel.PackedWeights;
import org.vecmlp.kernel.PlainPackedGemm;
import org.vecmlp.kernel.Pointwise;
import org.vecmlp.kernel.Tuning;
import org.vecmlp.kernel.VectorOps;
import org.vecmlp.kernel.scalar.ScalarGemm;

/**
 * Every SIMD kernel gives the same bits on its vector path and on its scalar twin, so the warm-up's switch between
 * them never shows in a result: the micro-kernel and its twin, and the packed forward pass (GEMV and macro-kernel) on
 * vectors, on lanes and as plain row-major loops.
 */
class VectorAndLanePathsTest {

    @Test
    void everyMicroKernelsTwinGivesTheVectorBits() {
        SplittableRandom random = new SplittableRandom(21);
        for (String shape : GemmBlocking.SHAPES) {
            GemmBlocking tile = GemmBlocking.of(shape, 96, 256, 512);
            MicroKernel kernel = MicroKernel.of(tile.rows(), tile.vectors());
            int mr = kernel.rows(), nr = kernel.vectors() * VectorWidth.LENGTH;
            assertEquals(tile.rows(), mr, shape);
            assertEquals(tile.vectors(), kernel.vectors(), shape);
            for (int kc : new int[] {1, 2, 7, 64, 257}) {
                for (float beta : new float[] {0f, 1f, -0.5f}) {
                    float[] a = values(random, mr * kc), b = values(random, kc * nr);
                    float[] c = values(random, (mr + 2) * (nr + 3));
                    float[] vectorC = c.clone(), laneC = c.clone();
                    kernel.compute(kc, a, 0, b, 0, vectorC, 2, nr + 3, beta);
                    MicroKernelLanes.compute(mr, nr, kc, a, 0, b, 0, laneC, 2, nr + 3, beta);
                    assertSameBits(vectorC, laneC, shape + " kc=" + kc + " beta=" + beta);
                }
            }
        }
    }

    @Test
    void narrowRowsActivatedAsOneStretchHaveTheLanesBits() {
        SplittableRandom random = new SplittableRandom(23);
        VectorOps narrow = new SimdVectorOps(32, 1024, VectorUse.ALWAYS); // rows under 32 wide: one flat stretch
        VectorOps lanes = new ScalarLaneOps();
        for (Pointwise f : new Pointwise[] {Pointwise.SIGMOID, Pointwise.TANH}) {
            for (int cols : new int[] {1, 3, 8, 13, 31}) {
                for (int rows : new int[] {1, 7, 16, 33}) {
                    float[] z = values(random, 3 + rows * cols), bias = values(random, 2 + cols);
                    for (boolean inPlace : new boolean[] {false, true}) {
                        float[] zv = z.clone(), zl = z.clone();
                        float[] outV = inPlace ? zv : new float[1 + rows * cols];
                        float[] outL = inPlace ? zl : new float[1 + rows * cols];
                        int outOff = inPlace ? 3 : 1;
                        float[] dv = new float[rows * cols], dl = new float[rows * cols];
                        narrow.biasActivate(f, rows, cols, zv, 3, bias, 2, outV, outOff, inPlace ? null : dv, 0);
                        lanes.biasActivate(f, rows, cols, zl, 3, bias, 2, outL, outOff, inPlace ? null : dl, 0);
                        String what = f + " " + rows + "x" + cols + (inPlace ? " in place" : "");
                        assertSameBits(zl, zv, what + " (z)");
                        assertSameBits(outL, outV, what + " (out)");
                        assertSameBits(dl, dv, what + " (derivative)");
                    }
                }
            }
        }
    }

    @Test
    void packedForwardHasTheSameBitsOnVectorsLanesAndPlainLoops() {
        SplittableRandom random = new SplittableRandom(22);
        int[][] shapes = {{33, 40}, {64, 64}, {300, 70}, {257, 530}, {40, 1}, {5, 300}};
        Pointwise[] activations = {Pointwise.IDENTITY, Pointwise.RELU, Pointwise.TANH, Pointwise.SOFTMAX};
        PackedGemm plain = new PlainPackedGemm(new ScalarGemm(), new SimdVectorOps(0, 0, VectorUse.NEVER));
        List<Tuning> tunings = new ArrayList<>(List.of(Tuning.inForce(VectorWidth.BITS)));
        for (String tile : GemmBlocking.SHAPES) {
            tunings.add(new Tuning(GemmBlocking.of(tile, 24, 40, 48), 0, 0, "small blocks")); // every layer blocked
        }
        for (Tuning tuning : tunings) {
          for (int[] shape : shapes) {
            int k = shape[0], n = shape[1];
            float[] w = values(random, k * n), bias = values(random, n);
            SimdPackedGemm vectors = new SimdPackedGemm(new SimdGemm(tuning, VectorUse.ALWAYS),
                    new SimdVectorOps(0, 0, VectorUse.NEVER), VectorUse.ALWAYS);
            SimdPackedGemm lanes = new SimdPackedGemm(new SimdGemm(tuning, VectorUse.NEVER),
                    new SimdVectorOps(0, 0, VectorUse.NEVER), VectorUse.NEVER);
            PackedWeights packedV = vectors.pack(w, 0, k, n), packedL = lanes.pack(w, 0, k, n);
            PackedWeights packedP = plain.pack(w, 0, k, n);
            for (int m : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 12, 13}) {
                float[] x = values(random, m * k);
                Pointwise f = activations[random.nextInt(activations.length)];
                float[] expected = new float[m * n], v = new float[m * n], l = new float[m * n];
                plain.forward(m, x, 0, packedP, bias, 0, f, expected, 0);
                vectors.forward(m, x, 0, packedV, bias, 0, f, v, 0);
                lanes.forward(m, x, 0, packedL, bias, 0, f, l, 0);
                String what = tuning.blocking() + ": " + k + "x" + n + " m=" + m + " " + f;
                assertSameBits(expected, v, what + " (vectors)");
                assertSameBits(expected, l, what + " (lanes)");
            }
          }
        }
    }

    /**
     * The warm-up ends because the vector micro-kernel won, not because its time ran out or it failed: three rounds
     * in a row at most {@link Warmup#WIN_RATIO} of its scalar twin's time. And compiled means compiled: once steady,
     * the vector kernel allocates nothing (before C2 compiles it, every vector operation allocates).
     */
    @Test
    void warmupEndsWithVectorsCompiledAndFaster() throws InterruptedException {
        assertTrue(Warmup.awaitReady(60_000), "the warm-up reports vectors ready within its 20 s bound");
        Warmup.Outcome outcome = Warmup.outcome();
        assertNotNull(outcome, "the warm-up ran (the suite does not set " + Warmup.PROPERTY + "=off)");
        assertNull(outcome.failure(), "the warm-up failed: " + outcome);
        assertTrue(outcome.compiled(), "the warm-up ended on its time bound, not on a win: " + outcome);
        assertTrue(outcome.lastRatio() <= Warmup.WIN_RATIO, outcome.toString());

        SimdGemm gemm = new SimdGemm(VectorUse.ALWAYS);
        MicroKernel kernel = gemm.kernel();
        int mr = gemm.tileRows(), nr = gemm.tileColumns(), kc = 64;
        SplittableRandom random = new SplittableRandom(3);
        float[] a = values(random, mr * kc), b = values(random, kc * nr), c = new float[mr * nr];
        Runnable calls = () -> {
            for (int i = 0; i < 100; i++) {
                kernel.compute(kc, a, 0, b, 0, c, 0, nr, 0f);
            }
        };
        SteadyAllocation.Wait wait = SteadyAllocation.await(SteadyAllocation.currentThread(), calls, 0,
                java.time.Duration.ofSeconds(60));
        assertTrue(wait.quiet(), "the vector micro-kernel still allocates: " + wait);
    }

    private static void assertSameBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    what + ": element " + i + " " + actual[i] + " vs " + expected[i]);
        }
    }

    private static float[] values(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return x;
    }
}
