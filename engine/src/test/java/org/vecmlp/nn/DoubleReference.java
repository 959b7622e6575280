package org.vecmlp.nn;

import org.vecmlp.tensor.ParameterLayout;

/**
 * An independent double-precision forward pass and objective, written from the definitions (no engine code), used
 * as the function whose central finite differences check backpropagation.
 */
final class DoubleReference {
    private DoubleReference() {
    }

    /** Batch objective: the reduced data loss plus {@code l1·Σ|w| + (l2/2)·Σw²} over weights (not biases). */
    static double objective(MlpSpec spec, double[] params, float[] x, float[] y, int rows, double l1, double l2) {
        ParameterLayout layout = new ParameterLayout(spec.widths());
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double[] a = new double[spec.inputs()];
            for (int i = 0; i < a.length; i++) {
                a[i] = x[r * spec.inputs() + i];
            }
            double[] z = null;
            for (int l = 0; l < layout.layers(); l++) {
                int in = layout.fanIn(l), out = layout.fanOut(l);
                z = new double[out];
                for (int j = 0; j < out; j++) {
                    double s = params[layout.biasOffset(l) + j];
                    for (int i = 0; i < in; i++) {
                        s += a[i] * params[layout.weightOffset(l) + i * out + j];
                    }
                    z[j] = s;
                }
                a = activate(spec.layers().get(l).activation(), z);
            }
            total += sampleLoss(spec.loss(), z, a, y, r * spec.outputs());
        }
        double data = spec.loss() == LossFunction.SQUARED_SUM ? total : total / rows;
        double penalty = 0;
        for (int l = 0; l < layout.layers(); l++) {
            for (int i = layout.weightOffset(l); i < layout.biasOffset(l); i++) {
                penalty += l1 * Math.abs(params[i]) + 0.5 * l2 * params[i] * params[i];
            }
        }
        return data + penalty;
    }

    static double[] activate(Activation act, double[] z) {
        double[] a = new double[z.length];
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        for (int j = 0; j < z.length; j++) {
            double v = z[j];
            a[j] = switch (act.kind()) {
                case IDENTITY -> v;
                case SIGMOID -> 1 / (1 + Math.exp(-v));
                case TANH -> Math.tanh(v);
                case RELU -> Math.max(0, v);
                case LEAKY_RELU -> v > 0 ? v : act.alpha() * v;
                case SOFTMAX -> Math.exp(v - max) / sum;
                case THRESHOLD -> v >= 0 ? 1 : 0;
            };
        }
        return a;
    }

    static double sampleLoss(LossFunction loss, double[] z, double[] a, float[] y, int off) {
        double s = 0;
        for (int j = 0; j < z.length; j++) {
            double t = y[off + j];
            s += switch (loss) {
                case SQUARED_SUM, SQUARED_MEAN -> 0.5 * (a[j] - t) * (a[j] - t);
                case BINARY_CROSS_ENTROPY -> -t * Math.log(a[j]) - (1 - t) * Math.log(1 - a[j]);
                case SOFTMAX_CROSS_ENTROPY -> -t * Math.log(a[j]);
                case PERCEPTRON -> Math.max(0, -(t >= 0.5 ? 1 : -1) * z[j]);
            };
        }
        return s;
    }
}
