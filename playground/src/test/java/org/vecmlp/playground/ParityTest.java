package org.vecmlp.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.playground.data.Feature;
import org.vecmlp.playground.data.Point;
import org.vecmlp.playground.model.PlaygroundData;
import org.vecmlp.playground.model.PlaygroundRun;
import org.vecmlp.playground.model.Settings;
import org.vecmlp.tensor.ParameterLayout;

/**
 * The parity mode trains as TensorFlow Playground does: from the same starting weights and data it ends where a
 * line-for-line port of the playground's {@code nn.ts} ends ({@link PlaygroundReference}), within float rounding.
 */
class ParityTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "dataset=circle&activation=tanh&networkShape=4,2&learningRate=0.03&batchSize=10",
            "dataset=spiral&activation=relu&networkShape=8,8,4&learningRate=0.01&batchSize=7&regularization=L2"
                    + "&regularizationRate=0.01&x=true&y=true&xSquared=true&ySquared=true&xTimesY=true&sinX=true"
                    + "&sinY=true",
            "dataset=xor&activation=sigmoid&networkShape=3&learningRate=0.3&batchSize=30&regularization=L1"
                    + "&regularizationRate=0.003&xTimesY=true&percTrainData=70&noise=20",
            "problem=regression&regDataset=reg-gauss&activation=tanh&networkShape=6,3&learningRate=0.01&batchSize=1",
            "dataset=gauss&activation=linear&networkShape=&learningRate=0.1&batchSize=4&percTrainData=30"})
    void parityModeMatchesThePlaygroundsOwnAlgorithm(String query) {
        Settings settings = Settings.parse(query, Settings.DEFAULT);
        PlaygroundData data = PlaygroundData.of(settings, null);
        PlaygroundRun run = new PlaygroundRun(settings, data, BackendProvider.byName("scalar"));
        ParameterLayout layout = run.layout();
        float[] p = run.parameters();
        int layers = layout.layers();
        double[][][] w = new double[layers][][];
        for (int l = 0; l < layers; l++) {
            w[l] = new double[layout.fanIn(l)][layout.fanOut(l)];
            for (int i = 0; i < layout.fanIn(l); i++) {
                for (int j = 0; j < layout.fanOut(l); j++) {
                    w[l][i][j] = p[layout.weightOffset(l) + i * layout.fanOut(l) + j];
                }
                assertEquals(0.1f, p[layout.biasOffset(l)], "biases start at 0.1");
            }
        }
        int[] hidden = settings.networkShape().stream().mapToInt(Integer::intValue).toArray();
        boolean classification = settings.problem() == org.vecmlp.playground.data.Problem.CLASSIFICATION;
        PlaygroundReference ref = new PlaygroundReference(run.features().size(), hidden, settings.activation(),
                classification, w, settings.regularization());
        double[][] inputs = inputs(run.features(), data.train());
        double[] targets = data.train().stream().mapToDouble(Point::label).toArray();

        int epochs = 12;
        for (int e = 0; e < epochs; e++) {
            run.trainEpoch();
            ref.oneStep(inputs, targets, settings.batchSize(), settings.learningRate(),
                    settings.effectiveRegularizationRate());
        }
        double worst = 0;
        int zeroMismatches = 0;
        for (int l = 0; l < layers; l++) {
            for (int j = 0; j < layout.fanOut(l); j++) {
                for (int i = 0; i < layout.fanIn(l); i++) {
                    double mine = p[layout.weightOffset(l) + i * layout.fanOut(l) + j];
                    double theirs = ref.weight(l, i, j);
                    worst = Math.max(worst, Math.abs(mine - theirs));
                    if ((mine == 0) != (theirs == 0)) {
                        zeroMismatches++;
                    }
                }
                worst = Math.max(worst, Math.abs(p[layout.biasOffset(l) + j] - ref.bias(l, j)));
            }
        }
        assertTrue(worst < 2e-4, "largest parameter difference from the playground's algorithm: " + worst);
        assertEquals(0, zeroMismatches, "weights L1 set to zero in one and not the other");
        double refLoss = 0;
        for (int r = 0; r < inputs.length; r++) {
            double o = ref.forward(inputs[r]);
            refLoss += 0.5 * (o - targets[r]) * (o - targets[r]);
        }
        refLoss /= inputs.length;
        assertEquals(refLoss, run.stats().trainLoss(), 1e-4 + 1e-3 * refLoss, "the playground's loss, ½(o−t)² mean");
        assertEquals(epochs, run.epoch());
    }

    private static double[][] inputs(List<Feature> features, List<Point> points) {
        double[][] x = new double[points.size()][features.size()];
        for (int r = 0; r < points.size(); r++) {
            for (int f = 0; f < features.size(); f++) {
                x[r][f] = (float) features.get(f).apply(points.get(r).x(), points.get(r).y());
            }
        }
        return x;
    }
}
