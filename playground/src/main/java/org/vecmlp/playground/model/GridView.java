package org.vecmlp.playground.model;

import java.util.List;
import org.vecmlp.playground.data.Feature;
import org.vecmlp.tensor.Workspace;

/**
 * A network's values over an n×n grid of the input plane, cell (row, col) at x1 = −6 + 12·(col + ½)/n and x2 =
 * 6 − 12·(row + ½)/n: the output as views draw it (in [−1, 1] for classification) and every neuron's activation.
 *
 * @param n         the cells per side
 * @param output    the output, {@code n·n} values, row-major (for more than two classes: the predicted class's
 *                  probability p as 2p − 1)
 * @param neurons   for each layer, for each of its units, its {@code n·n} activations (the last layer is the
 *                  output's raw value, or each class's probability)
 * @param predicted for more than two classes, the predicted class of each cell; null otherwise
 */
public record GridView(int n, double[] output, float[][][] neurons, byte[] predicted) {

    /**
     * The centre of cell {@code i} along an axis, from −6 (left) to 6 (right).
     *
     * @param i the cell
     * @param n the cells per side
     * @return the coordinate
     */
    public static double coordinate(int i, int n) {
        return -PlaygroundRun.EXTENT + 2 * PlaygroundRun.EXTENT * (i + 0.5) / n;
    }

    /** Writes the features at every cell centre, row-major, into {@code in}. */
    static void writeInputs(List<Feature> features, int n, float[] in) {
        int width = features.size();
        for (int row = 0; row < n; row++) {
            double x2 = -coordinate(row, n);
            for (int col = 0; col < n; col++) {
                double x1 = coordinate(col, n);
                int r = row * n + col;
                for (int f = 0; f < width; f++) {
                    in[r * width + f] = (float) features.get(f).apply(x1, x2);
                }
            }
        }
    }

    static GridView evaluate(PlaygroundRun run, int n) {
        if (n < 1 || n > 400) {
            throw new IllegalArgumentException("grid size must be 1 to 400, got " + n);
        }
        int rows = n * n;
        Workspace ws = run.gridWorkspace(n);
        float[] out = run.network().forward(run.kernels(), run.parameters(), ws, rows);
        double[] output = new double[rows];
        byte[] predicted = null;
        int classes = run.classes();
        if (classes > 2) {
            predicted = new byte[rows];
            for (int r = 0; r < rows; r++) {
                int c = PlaygroundRun.argmax(out, r * classes, classes);
                predicted[r] = (byte) c;
                output[r] = 2.0 * out[r * classes + c] - 1.0;
            }
        } else {
            for (int r = 0; r < rows; r++) {
                output[r] = run.displayOutput(out[r]);
            }
        }
        int layers = run.layout().layers();
        float[][][] neurons = new float[layers][][];
        for (int l = 0; l < layers; l++) {
            int units = run.layout().fanOut(l);
            float[] a = ws.activation(l);
            neurons[l] = new float[units][rows];
            for (int r = 0; r < rows; r++) {
                for (int u = 0; u < units; u++) {
                    neurons[l][u][r] = a[r * units + u];
                }
            }
        }
        return new GridView(n, output, neurons, predicted);
    }
}
