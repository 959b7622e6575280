package org.vecmlp.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vecmlp.Mlp;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.train.Initializer;
import org.vecmlp.train.Trainer;
import org.vecmlp.train.TrainingConfig;

/**
 * Backpropagation against central finite differences of an independent double-precision implementation, for every
 * hidden activation × output activation and loss × regularisation, on the scalar and the SIMD backend. The engine computes in float, so the bound is
 * stated for float: for every parameter, {@code |g_bp − g_fd| ≤ 1e-3·max(|g_fd|, 1e-2)}, and over all parameters
 * {@code ‖g_bp − g_fd‖ / ‖g_fd‖ ≤ 1e-5}. The worst errors reached are printed.
 */
class GradientCheckTest {
    private static final double EPS = 1e-5;
    private static final double ELEMENT_BOUND = 1e-3;
    private static final double NORM_BOUND = 1e-5;
    private static final double[] WORST = new double[2];

    record Case(String backend, Activation hidden, Activation output, LossFunction loss, double l1, double l2) {
        @Override
        public String toString() {
            return backend + ": hidden " + hidden + ", output " + output + " + " + loss.cliName() + ", l1=" + l1
                    + ", l2=" + l2;
        }
    }

    static Stream<Case> cases() {
        Activation[] hidden = {Activation.IDENTITY, Activation.SIGMOID, Activation.TANH, Activation.RELU,
                Activation.leakyRelu(0.1f)};
        record Head(Activation output, LossFunction loss) {
        }
        List<Head> heads = new ArrayList<>();
        for (LossFunction squared : new LossFunction[] {LossFunction.SQUARED_SUM, LossFunction.SQUARED_MEAN}) {
            for (Activation out : hidden) {
                heads.add(new Head(out, squared));
            }
        }
        heads.add(new Head(Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY));
        heads.add(new Head(Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY));
        heads.add(new Head(Activation.THRESHOLD, LossFunction.PERCEPTRON));
        double[][] regs = {{0, 0}, {0.01, 0}, {0, 0.05}, {0.01, 0.05}};
        List<Case> cases = new ArrayList<>();
        for (String backend : new String[] {"scalar", "simd"}) {
            for (Activation h : hidden) {
                for (Head head : heads) {
                    for (double[] reg : regs) {
                        cases.add(new Case(backend, h, head.output(), head.loss(), reg[0], reg[1]));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backpropMatchesFiniteDifferences(Case c) {
        int outputs = switch (c.loss()) {
            case SOFTMAX_CROSS_ENTROPY -> 3;
            case SQUARED_SUM, SQUARED_MEAN -> 2;
            default -> 1;
        };
        // Widths above the vector length and a batch of 37 take the SIMD kernels through main loops and tails.
        MlpSpec spec = MlpSpec.builder(3).hidden(19, c.hidden()).hidden(5, c.hidden())
                .output(outputs, c.output(), c.loss());
        Mlp model = Mlp.initialize(spec, Initializer.normal(0.7), 11);
        float[] params = model.parameters();
        SplittableRandom random = new SplittableRandom(c.toString().hashCode());
        for (int i = 0; i < params.length; i++) {
            params[i] += (float) random.nextDouble(-0.2, 0.2); // non-zero biases too
            if (Math.abs(params[i]) < 1e-3f) {
                params[i] = 1e-3f; // |w| is not differentiable at 0: keep L1's kink out of the ±EPS window
            }
        }
        int rows = 37;
        float[] x = new float[rows * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1.5, 1.5);
        }
        float[] y = targets(c.loss(), rows, outputs, random);

        TrainingConfig config = TrainingConfig.builder().l1(c.l1()).l2(c.l2()).build();
        Trainer trainer = model.trainer(config, org.vecmlp.kernel.SimdOrSkip.byName(c.backend()));
        int[] order = java.util.stream.IntStream.range(0, rows).toArray();
        trainer.loadBatch(x, y, order, 0, rows);
        trainer.computeGradients(rows);
        float[] analytic = trainer.gradients();

        double[] theta = new double[params.length];
        for (int i = 0; i < params.length; i++) {
            theta[i] = params[i];
        }
        double diffNorm = 0, fdNorm = 0, worstElement = 0;
        for (int i = 0; i < theta.length; i++) {
            double saved = theta[i];
            theta[i] = saved + EPS;
            double plus = DoubleReference.objective(spec, theta, x, y, rows, c.l1(), c.l2());
            theta[i] = saved - EPS;
            double minus = DoubleReference.objective(spec, theta, x, y, rows, c.l1(), c.l2());
            theta[i] = saved;
            double numeric = (plus - minus) / (2 * EPS);
            double diff = Math.abs(analytic[i] - numeric);
            double relative = diff / Math.max(Math.abs(numeric), 1e-2);
            worstElement = Math.max(worstElement, relative);
            int index = i;
            assertTrue(relative <= ELEMENT_BOUND, () -> c + ": parameter " + index + " backprop " + analytic[index]
                    + " vs finite difference " + numeric);
            diffNorm += diff * diff;
            fdNorm += numeric * numeric;
        }
        double normError = Math.sqrt(diffNorm) / Math.max(Math.sqrt(fdNorm), 1e-12);
        assertTrue(normError <= NORM_BOUND, c + ": relative gradient error " + normError);
        synchronized (WORST) {
            if (worstElement > WORST[0] || normError > WORST[1]) {
                WORST[0] = Math.max(WORST[0], worstElement);
                WORST[1] = Math.max(WORST[1], normError);
                System.out.printf("gradient check: worst so far: element %.2e, norm %.2e (%s)%n",
                        WORST[0], WORST[1], c);
            }
        }
    }

    private static float[] targets(LossFunction loss, int rows, int outputs, SplittableRandom random) {
        float[] y = new float[rows * outputs];
        for (int r = 0; r < rows; r++) {
            switch (loss) {
                case SOFTMAX_CROSS_ENTROPY -> y[r * outputs + random.nextInt(outputs)] = 1f;
                case BINARY_CROSS_ENTROPY, PERCEPTRON -> y[r] = (r * 7 % 5) % 2;
                default -> {
                    for (int j = 0; j < outputs; j++) {
                        y[r * outputs + j] = (float) random.nextDouble(-1, 1);
                    }
                }
            }
        }
        return y;
    }
}
