package org.vecmlp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vecmlp.Mlp;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.data.Dataset;
import org.vecmlp.data.Generators;
import org.vecmlp.data.Standardizer;
import org.vecmlp.kernel.Backend;
import org.vecmlp.neuron.SingleNeurons;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;

/** Models reach known solutions: least squares, linear and non-linear separation, real digits. */
class SolutionsTest {

    @Test
    void linearRegressionReachesTheLeastSquaresSolution() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 200;
        float[] x = new float[n * 3];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double a = random.nextDouble(-2, 2), b = random.nextDouble(-2, 2), c = random.nextDouble(-2, 2);
            x[3 * i] = (float) a;
            x[3 * i + 1] = (float) b;
            x[3 * i + 2] = (float) c;
            y[i] = (float) (1.5 * a - 2.0 * b + 0.25 * c + 0.7 + random.nextGaussian() * 0.3);
        }
        Dataset data = Dataset.regression("linear", x, n, 3, y, 1);
        double[] exact = leastSquares(x, y, n, 3);

        Mlp model = Mlp.initialize(SingleNeurons.linearRegression(3), Initializer.normal(0.1), 1);
        model.trainer(TrainingConfig.builder().fullBatch().epochs(400).learningRate(0.2).build(), Backend.scalar())
                .fit(data);

        float[] p = model.parameters(); // w0, w1, w2, bias
        for (int j = 0; j < 4; j++) {
            assertEquals(exact[j], p[j], 1e-4, "coefficient " + j);
        }
    }

    /** Solves the normal equations [X 1]ᵀ[X 1]·β = [X 1]ᵀy in double by Gaussian elimination. */
    private static double[] leastSquares(float[] x, float[] y, int n, int d) {
        int m = d + 1;
        double[][] a = new double[m][m + 1];
        for (int i = 0; i < n; i++) {
            double[] row = new double[m];
            for (int j = 0; j < d; j++) {
                row[j] = x[i * d + j];
            }
            row[d] = 1;
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < m; c++) {
                    a[r][c] += row[r] * row[c];
                }
                a[r][m] += row[r] * y[i];
            }
        }
        for (int col = 0; col < m; col++) {
            for (int r = col + 1; r < m; r++) {
                double f = a[r][col] / a[col][col];
                for (int c = col; c <= m; c++) {
                    a[r][c] -= f * a[col][c];
                }
            }
        }
        double[] beta = new double[m];
        for (int r = m - 1; r >= 0; r--) {
            double s = a[r][m];
            for (int c = r + 1; c < m; c++) {
                s -= a[r][c] * beta[c];
            }
            beta[r] = s / a[r][r];
        }
        return beta;
    }

    @Test
    void logisticRegressionSeparatesLinearlySeparableData() {
        Dataset.Split split = Generators.gauss(400, 0.0, 5).split(0.25, 5);
        Mlp model = Mlp.initialize(SingleNeurons.logisticRegression(2), Initializer.XAVIER, 2);
        model.trainer(TrainingConfig.builder().batchSize(16).epochs(30).learningRate(0.1).build(), Backend.scalar())
                .fit(split.train());
        assertTrue(accuracy(model, split.test()) >= 0.98);
    }

    @Test
    void logisticRegressionSeparatesTheCircleOnlyWithSquaredFeatures() {
        Dataset circle = Generators.circle(600, 0.0, 9);
        Dataset squared = withSquares(circle);
        TrainingConfig config = TrainingConfig.builder().batchSize(16).epochs(60).learningRate(0.1).build();

        Mlp raw = Mlp.initialize(SingleNeurons.logisticRegression(2), Initializer.XAVIER, 2);
        raw.trainer(config, Backend.scalar()).fit(circle);
        Mlp engineered = Mlp.initialize(SingleNeurons.logisticRegression(4), Initializer.XAVIER, 2);
        engineered.trainer(config, Backend.scalar()).fit(squared);

        double rawAccuracy = accuracy(raw, circle);
        double engineeredAccuracy = accuracy(engineered, squared);
        assertTrue(rawAccuracy < 0.75, "a line cannot separate a circle, got " + rawAccuracy);
        assertTrue(engineeredAccuracy >= 0.97, "x², y² make the circle linearly separable, got " + engineeredAccuracy);
    }

    /** Appends x² and y² to each 2-D point. */
    private static Dataset withSquares(Dataset d) {
        float[] x = new float[d.rows() * 4];
        for (int i = 0; i < d.rows(); i++) {
            float a = d.features()[2 * i], b = d.features()[2 * i + 1];
            x[4 * i] = a;
            x[4 * i + 1] = b;
            x[4 * i + 2] = a * a;
            x[4 * i + 3] = b * b;
        }
        return Dataset.classification("circle+squares", x, d.rows(), 4, d.labels(), 2);
    }

    @Test
    void oneHiddenLayerSeparatesCircleAndXor() {
        for (Dataset data : new Dataset[] {Generators.circle(600, 0.1, 4), Generators.xor(600, 0.1, 4)}) {
            Dataset.Split split = data.split(0.25, 8);
            MlpSpec spec = MlpSpec.builder(2).hidden(8, Activation.TANH)
                    .output(1, Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY);
            Mlp model = Mlp.initialize(spec, Initializer.XAVIER, 3);
            model.trainer(TrainingConfig.builder().batchSize(16).epochs(150).learningRate(0.05)
                    .optimizer(OptimizerSpec.momentum(0.9)).build(), Backend.scalar()).fit(split.train());
            double acc = accuracy(model, split.test());
            assertTrue(acc >= 0.95, data.name() + ": test accuracy " + acc);
        }
    }

    @Test
    void digitsReachNinetyFivePercentTestAccuracy() {
        Dataset.Split split = TestData.digits().split(0.3, 2026);
        Standardizer scaler = Standardizer.fit(split.train());
        Dataset train = scaler.apply(split.train());
        Dataset test = scaler.apply(split.test());
        MlpSpec spec = MlpSpec.builder(64).hidden(64, Activation.RELU)
                .output(10, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY);
        Mlp model = Mlp.initialize(spec, Initializer.HE, 7);
        model.trainer(TrainingConfig.builder().batchSize(32).epochs(40).learningRate(0.001)
                .optimizer(OptimizerSpec.adam()).l2(1e-4).seed(7).build(), Backend.scalar()).fit(train);
        Evaluation e = new Evaluator(model.network(), Backend.scalar().newKernels(), 128)
                .evaluate(model.parameters(), test);
        System.out.printf("digits: test accuracy %.4f on %d held-out rows, test loss %.4f%n",
                e.accuracy(), e.samples(), e.loss());
        assertTrue(e.accuracy() >= 0.95, "digits test accuracy " + e.accuracy());
        long total = 0;
        for (long[] row : e.confusion()) {
            for (long v : row) {
                total += v;
            }
        }
        assertEquals(test.rows(), total, "the confusion matrix counts every test row once");
    }

    static double accuracy(Mlp model, Dataset data) {
        int[] predicted = model.predictor(Backend.scalar()).predictClasses(data.features(), data.rows());
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == data.labels()[i]) {
                correct++;
            }
        }
        return (double) correct / data.rows();
    }
}
