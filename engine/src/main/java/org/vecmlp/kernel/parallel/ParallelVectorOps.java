package org.vecmlp.kernel.parallel;

import org.vecmlp.kernel.Pointwise;
import org.vecmlp.kernel.VectorOps;

/**
 * The element-wise passes split into fixed-size chunks run in parallel; each chunk is the wrapped single-thread
 * pass over its own range, so results are the same for any thread count. Short passes, and the reductions (whose
 * summation order must not change), run on the calling thread.
 */
final class ParallelVectorOps implements VectorOps, ForkJoinRunner.Body {
    private final VectorOps serial;
    private final ForkJoinRunner runner;

    private enum Op { ACTIVATE, MULTIPLY, AXPY, SIGN, SGD, MOMENTUM, ADAM }

    // The call being run; set before the fork, read by the chunks.
    private Op op;
    private Pointwise activation;
    private int cols;
    private int rowsPerChunk;
    private int totalRows;
    private int len;
    private float[] x;
    private float[] y;
    private float[] w;
    private float[] v;
    private float[] out;
    private float[] deriv;
    private int xOff;
    private int yOff;
    private int outOff;
    private int derivOff;
    private float f1;
    private float f2;
    private float f3;
    private float f4;
    private float f5;
    private float f6;
    private boolean flag;

    private final int minLength;
    private final int chunk;

    ParallelVectorOps(VectorOps serial, ForkJoinRunner runner, ParallelCutoffs cutoffs) {
        this.serial = serial;
        this.runner = runner;
        this.minLength = cutoffs.elementwiseMin();
        this.chunk = cutoffs.elementwiseChunk();
    }

    private int chunks(int length) {
        return (length + chunk - 1) / chunk;
    }

    private void go(Op which, int length) {
        op = which;
        len = length;
        try {
            runner.run(this, chunks(length));
        } finally {
            x = y = w = v = out = deriv = null;
        }
    }

    @Override
    public void run(int index) {
        if (op == Op.ACTIVATE) {
            int from = index * rowsPerChunk;
            int rows = Math.min(rowsPerChunk, totalRows - from);
            serial.biasActivate(activation, rows, cols, x, xOff + from * cols, y, yOff, out, outOff + from * cols,
                    deriv, derivOff + from * cols);
            return;
        }
        int from = index * chunk;
        int n = Math.min(chunk, len - from);
        switch (op) {
            case MULTIPLY -> serial.multiplyInPlace(x, xOff + from, y, yOff + from, n);
            case AXPY -> serial.axpy(f1, x, xOff + from, y, yOff + from, n);
            case SIGN -> serial.addScaledSign(f1, x, xOff + from, y, yOff + from, n);
            case SGD -> serial.sgdUpdate(f1, w, x, xOff + from, n);
            case MOMENTUM -> serial.momentumUpdate(f1, f2, flag, w, x, v, xOff + from, n);
            case ADAM -> serial.adamUpdate(f1, f2, f3, f4, f5, f6, w, x, y, v, xOff + from, n);
            default -> throw new IllegalStateException(op.toString());
        }
    }

    @Override
    public void biasActivate(Pointwise act, int rows, int columns, float[] z, int zOff, float[] bias, int biasOff,
                             float[] o, int oOff, float[] d, int dOff) {
        if ((long) rows * columns < minLength || rows < 2) {
            serial.biasActivate(act, rows, columns, z, zOff, bias, biasOff, o, oOff, d, dOff);
            return;
        }
        activation = act;
        cols = columns;
        totalRows = rows;
        rowsPerChunk = Math.max(1, chunk / columns);
        x = z;
        xOff = zOff;
        y = bias;
        yOff = biasOff;
        out = o;
        outOff = oOff;
        deriv = d;
        derivOff = dOff;
        op = Op.ACTIVATE;
        try {
            runner.run(this, (rows + rowsPerChunk - 1) / rowsPerChunk);
        } finally {
            x = y = out = deriv = null;
        }
    }

    @Override
    public void derivativeFromOutput(Pointwise act, float[] a, int aOff, float[] d, int dOff, int length) {
        serial.derivativeFromOutput(act, a, aOff, d, dOff, length);
    }

    @Override
    public void multiplyInPlace(float[] xs, int xo, float[] ys, int yo, int length) {
        if (length < minLength) {
            serial.multiplyInPlace(xs, xo, ys, yo, length);
            return;
        }
        x = xs;
        xOff = xo;
        y = ys;
        yOff = yo;
        go(Op.MULTIPLY, length);
    }

    @Override
    public void addColumnSums(int rows, int columns, float[] m, int mOff, float[] dst, int dstOff) {
        serial.addColumnSums(rows, columns, m, mOff, dst, dstOff);
    }

    @Override
    public void axpy(float alpha, float[] xs, int xo, float[] ys, int yo, int length) {
        if (length < minLength) {
            serial.axpy(alpha, xs, xo, ys, yo, length);
            return;
        }
        f1 = alpha;
        x = xs;
        xOff = xo;
        y = ys;
        yOff = yo;
        go(Op.AXPY, length);
    }

    @Override
    public void addScaledSign(float lambda, float[] ws, int wo, float[] g, int go, int length) {
        if (length < minLength) {
            serial.addScaledSign(lambda, ws, wo, g, go, length);
            return;
        }
        f1 = lambda;
        x = ws;
        xOff = wo;
        y = g;
        yOff = go;
        go(Op.SIGN, length);
    }

    @Override
    public double sumOfSquares(float[] xs, int off, int length) {
        return serial.sumOfSquares(xs, off, length);
    }

    @Override
    public double sumOfAbs(float[] xs, int off, int length) {
        return serial.sumOfAbs(xs, off, length);
    }

    @Override
    public void sgdUpdate(float lr, float[] weights, float[] g, int off, int length) {
        if (length < minLength) {
            serial.sgdUpdate(lr, weights, g, off, length);
            return;
        }
        f1 = lr;
        w = weights;
        x = g;
        xOff = off;
        go(Op.SGD, length);
    }

    @Override
    public void momentumUpdate(float lr, float mu, boolean nesterov, float[] weights, float[] g, float[] vel, int off,
                               int length) {
        if (length < minLength) {
            serial.momentumUpdate(lr, mu, nesterov, weights, g, vel, off, length);
            return;
        }
        f1 = lr;
        f2 = mu;
        flag = nesterov;
        w = weights;
        x = g;
        v = vel;
        xOff = off;
        go(Op.MOMENTUM, length);
    }

    @Override
    public void adamUpdate(float lrHat, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
                           float epsHat, float[] weights, float[] g, float[] m, float[] vel, int off, int length) {
        if (length < minLength) {
            serial.adamUpdate(lrHat, beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsHat, weights, g, m, vel, off,
                    length);
            return;
        }
        f1 = lrHat;
        f2 = beta1;
        f3 = oneMinusBeta1;
        f4 = beta2;
        f5 = oneMinusBeta2;
        f6 = epsHat;
        w = weights;
        x = g;
        y = m;
        v = vel;
        xOff = off;
        go(Op.ADAM, length);
    }
}
