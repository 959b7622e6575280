package org.vecmlp.kernel.scalar;

import org.vecmlp.kernel.Pointwise;
import org.vecmlp.kernel.VectorOps;

/**
 * The reference element-wise passes: plain loops, the oracle for the vectorised versions. Stateless and
 * thread-safe.
 */
public final class ScalarVectorOps implements VectorOps {

    @Override
    public void biasActivate(Pointwise activation, int rows, int cols,
                             float[] z, int zOff, float[] bias, int biasOff,
                             float[] out, int outOff, float[] deriv, int derivOff) {
        boolean keepDerivative = deriv != null;
        for (int r = 0; r < rows; r++) {
            int zr = zOff + r * cols;
            int or = outOff + r * cols;
            int dr = derivOff + r * cols;
            switch (activation.kind()) {
                case IDENTITY -> {
                    for (int j = 0; j < cols; j++) {
                        float v = z[zr + j] + bias[biasOff + j];
                        z[zr + j] = v;
                        out[or + j] = v;
                    }
                }
                case SIGMOID -> {
                    for (int j = 0; j < cols; j++) {
                        float v = z[zr + j] + bias[biasOff + j];
                        z[zr + j] = v;
                        float s = sigmoid(v);
                        out[or + j] = s;
                        if (keepDerivative) {
                            deriv[dr + j] = s * (1f - s);
                        }
                    }
                }
                case TANH -> {
                    for (int j = 0; j < cols; j++) {
                        float v = z[zr + j] + bias[biasOff + j];
                        z[zr + j] = v;
                        float t = (float) Math.tanh(v);
                        out[or + j] = t;
                        if (keepDerivative) {
                            deriv[dr + j] = 1f - t * t;
                        }
                    }
                }
                case RELU -> {
                    for (int j = 0; j < cols; j++) {
                        float v = z[zr + j] + bias[biasOff + j];
                        z[zr + j] = v;
                        boolean on = v > 0f;
                        out[or + j] = on ? v : 0f;
                        if (keepDerivative) {
                            deriv[dr + j] = on ? 1f : 0f;
                        }
                    }
                }
                case LEAKY_RELU -> {
                    float alpha = activation.alpha();
                    for (int j = 0; j < cols; j++) {
                        float v = z[zr + j] + bias[biasOff + j];
                        z[zr + j] = v;
                        boolean on = v > 0f;
                        out[or + j] = on ? v : alpha * v;
                        if (keepDerivative) {
                            deriv[dr + j] = on ? 1f : alpha;
                        }
                    }
                }
                case THRESHOLD -> {
                    for (int j = 0; j < cols; j++) {
                        float v = z[zr + j] + bias[biasOff + j];
                        z[zr + j] = v;
                        out[or + j] = v >= 0f ? 1f : 0f;
                    }
                }
                case SOFTMAX -> softmaxRow(z, zr, bias, biasOff, out, or, cols);
            }
        }
    }

    /** Stable softmax of one row: shift by the row maximum so exp never overflows. Keeps the biased logits in z. */
    private static void softmaxRow(float[] z, int zr, float[] bias, int biasOff, float[] out, int or, int cols) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            float v = z[zr + j] + bias[biasOff + j];
            z[zr + j] = v;
            max = Math.max(max, v);
        }
        float sum = 0f;
        for (int j = 0; j < cols; j++) {
            float e = (float) Math.exp(z[zr + j] - max);
            out[or + j] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int j = 0; j < cols; j++) {
            out[or + j] *= inv;
        }
    }

    /** Logistic function, written so that neither branch overflows. */
    static float sigmoid(float v) {
        if (v >= 0f) {
            return (float) (1.0 / (1.0 + Math.exp(-v)));
        }
        double e = Math.exp(v);
        return (float) (e / (1.0 + e));
    }

    @Override
    public void derivativeFromOutput(Pointwise activation, float[] a, int aOff, float[] deriv, int derivOff, int len) {
        float alpha = activation.alpha();
        for (int i = 0; i < len; i++) {
            float v = a[aOff + i];
            deriv[derivOff + i] = switch (activation.kind()) {
                case SIGMOID -> v * (1f - v);
                case TANH -> 1f - v * v;
                case RELU -> v > 0f ? 1f : 0f;
                case LEAKY_RELU -> v > 0f ? 1f : alpha;
                default -> throw new IllegalArgumentException(activation + " stores no derivative");
            };
        }
    }

    @Override
    public void multiplyInPlace(float[] x, int xOff, float[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) {
            x[xOff + i] *= y[yOff + i];
        }
    }

    @Override
    public void addColumnSums(int rows, int cols, float[] m, int mOff, float[] dst, int dstOff) {
        for (int r = 0; r < rows; r++) {
            int row = mOff + r * cols;
            for (int j = 0; j < cols; j++) {
                dst[dstOff + j] += m[row + j];
            }
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void addScaledSign(float lambda, float[] w, int wOff, float[] g, int gOff, int len) {
        for (int i = 0; i < len; i++) {
            g[gOff + i] += lambda * Math.signum(w[wOff + i]);
        }
    }

    @Override
    public double sumOfSquares(float[] x, int off, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            double v = x[off + i];
            s += v * v;
        }
        return s;
    }

    @Override
    public double sumOfAbs(float[] x, int off, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            s += Math.abs(x[off + i]);
        }
        return s;
    }

    @Override
    public void sgdUpdate(float lr, float[] w, float[] g, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            w[i] -= lr * g[i];
        }
    }

    @Override
    public void momentumUpdate(float lr, float mu, boolean nesterov, float[] w, float[] g, float[] v, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            float vi = mu * v[i] + g[i];
            v[i] = vi;
            w[i] -= nesterov ? lr * (g[i] + mu * vi) : lr * vi;
        }
    }

    @Override
    public void adamUpdate(float lrHat, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
                           float epsHat,
                           float[] w, float[] g, float[] m, float[] v, int off, int len) {
        float c1 = oneMinusBeta1;
        float c2 = oneMinusBeta2;
        for (int i = off, end = off + len; i < end; i++) {
            float gi = g[i];
            float mi = beta1 * m[i] + c1 * gi;
            float vi = beta2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            w[i] -= lrHat * mi / ((float) Math.sqrt(vi) + epsHat);
        }
    }
}
