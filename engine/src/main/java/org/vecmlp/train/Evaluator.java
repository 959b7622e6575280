package org.vecmlp.train;

import org.vecmlp.nn.MlpSpec;
import org.vecmlp.data.Dataset;
import org.vecmlp.kernel.Kernels;
import org.vecmlp.nn.Network;
import org.vecmlp.nn.Outputs;
import org.vecmlp.tensor.Workspace;

/**
 * Runs a model forward over a data set in chunks and measures loss, accuracy and the confusion matrix. Owns one
 * workspace; use one evaluator per thread.
 */
public final class Evaluator {
    private final Network network;
    private final Kernels kernels;
    private final Workspace workspace;

    /**
     * An evaluator that runs {@code chunkRows} rows at a time.
     *
     * @param network   the layers
     * @param kernels   the kernels of the calling thread
     * @param chunkRows rows per forward pass
     */
    public Evaluator(Network network, Kernels kernels, int chunkRows) {
        this.network = network;
        this.kernels = kernels;
        this.workspace = network.newWorkspace(chunkRows, true);
    }

    /**
     * Evaluates {@code params} on {@code data}.
     *
     * @param params the parameters, in the network's layout
     * @param data     the rows to evaluate
     * @return the loss, and the accuracy and confusion matrix for classification
     */
    public Evaluation evaluate(float[] params, Dataset data) {
        return evaluate(params, data, data.encodeTargets(network.spec().outputs()));
    }

    /**
     * Evaluates with targets already encoded for the output layer (see {@link Dataset#encodeTargets}).
     *
     * @param params                 the parameters, in the network's layout
     * @param data                     the rows to evaluate
     * @param encodedTargets their targets as the output layer sees them
     * @return the loss, and the accuracy and confusion matrix for classification
     */
    public Evaluation evaluate(float[] params, Dataset data, float[] encodedTargets) {
        MlpSpec spec = network.spec();
        int in = spec.inputs();
        int outWidth = spec.outputs();
        if (data.featureCount() != in) {
            throw new IllegalArgumentException(data.name() + " has " + data.featureCount()
                    + " features but the model expects " + in);
        }
        boolean classify = data.isClassification();
        int classes = classify ? data.classes() : 0;
        long[][] confusion = new long[classes][classes];
        double lossSum = 0;
        long correct = 0;
        int n = data.rows();
        int cap = workspace.capacity();
        for (int from = 0; from < n; from += cap) {
            int rows = Math.min(cap, n - from);
            System.arraycopy(data.features(), from * in, workspace.input(), 0, rows * in);
            System.arraycopy(encodedTargets, from * outWidth, workspace.targets(), 0, rows * outWidth);
            float[] out = network.forward(kernels, params, workspace, rows);
            lossSum += spec.loss().lossAndGradient(rows, outWidth, workspace.logits(), 0, out, 0,
                    workspace.derivative(network.depth() - 1), 0, workspace.targets(), 0, null, 0);
            if (classify) {
                int[] labels = data.labels();
                for (int r = 0; r < rows; r++) {
                    int predicted = Outputs.predictedClass(out, r * outWidth, outWidth);
                    int actual = labels[from + r];
                    confusion[actual][Math.min(predicted, classes - 1)]++;
                    if (predicted == actual) {
                        correct++;
                    }
                }
            }
        }
        double loss = n == 0 ? Double.NaN : lossSum / n;
        double accuracy = classify && n > 0 ? (double) correct / n : Double.NaN;
        return new Evaluation(loss, accuracy, confusion, n);
    }
}
