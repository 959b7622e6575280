package org.vecmlp.kernel.parallel;

import org.vecmlp.kernel.Pointwise;
import org.vecmlp.kernel.VectorOps;

/**
 * The element-wise passes split into fixed-size chunks run in parallel; each chunk is the wrapped single-thread
 * pass over its own range, so results are the same for any thread count. Short passes, and the reductions (whose
 * summation order must not change), run on the calling thread.
 *
 * <p>Each operation has one job object, made once, that holds its call's arguments under their own names while the
 * chunks run (no allocation per call, and no field shared between operations); it drops its array references when
 * the call ends.
 */
final class ParallelVectorOps implements VectorOps {
    private final VectorOps serial;
    private final ForkJoinRunner runner;
    private final int minLength;
    private final int chunk;
    private final Activate activate = new Activate();
    private final Multiply multiply = new Multiply();
    private final Axpy axpy = new Axpy();
    private final Sign sign = new Sign();
    private final Sgd sgd = new Sgd();
    private final Momentum momentum = new Momentum();
    private final Adam adam = new Adam();

    ParallelVectorOps(VectorOps serial, ForkJoinRunner runner, ParallelCutoffs cutoffs) {
        this.serial = serial;
        this.runner = runner;
        this.minLength = cutoffs.elementwiseMin();
        this.chunk = cutoffs.elementwiseChunk();
    }

    /** A flat pass over {@code length} floats, cut into chunks; {@link #piece} runs one. */
    private abstract class FlatJob implements ForkJoinRunner.Body {
        int length;

        final void runChunks(int total) {
            length = total;
            try {
                runner.run(this, (total + chunk - 1) / chunk);
            } finally {
                clear();
            }
        }

        @Override
        public final void run(int index) {
            int from = index * chunk;
            piece(from, Math.min(chunk, length - from));
        }

        abstract void piece(int from, int n);

        abstract void clear();
    }

    private final class Activate implements ForkJoinRunner.Body {
        Pointwise function;
        int rows;
        int cols;
        int rowsPerChunk;
        float[] z;
        int zOff;
        float[] bias;
        int biasOff;
        float[] out;
        int outOff;
        float[] deriv;
        int derivOff;

        @Override
        public void run(int index) {
            int from = index * rowsPerChunk;
            int n = Math.min(rowsPerChunk, rows - from);
            serial.biasActivate(function, n, cols, z, zOff + from * cols, bias, biasOff, out, outOff + from * cols,
                    deriv, derivOff + from * cols);
        }
    }

    private final class Multiply extends FlatJob {
        float[] x;
        int xOff;
        float[] y;
        int yOff;

        @Override
        void piece(int from, int n) {
            serial.multiplyInPlace(x, xOff + from, y, yOff + from, n);
        }

        @Override
        void clear() {
            x = y = null;
        }
    }

    private final class Axpy extends FlatJob {
        float alpha;
        float[] x;
        int xOff;
        float[] y;
        int yOff;

        @Override
        void piece(int from, int n) {
            serial.axpy(alpha, x, xOff + from, y, yOff + from, n);
        }

        @Override
        void clear() {
            x = y = null;
        }
    }

    private final class Sign extends FlatJob {
        float lambda;
        float[] weights;
        int weightsOff;
        float[] grads;
        int gradsOff;

        @Override
        void piece(int from, int n) {
            serial.addScaledSign(lambda, weights, weightsOff + from, grads, gradsOff + from, n);
        }

        @Override
        void clear() {
            weights = grads = null;
        }
    }

    private final class Sgd extends FlatJob {
        float lr;
        float[] weights;
        float[] grads;
        int off;

        @Override
        void piece(int from, int n) {
            serial.sgdUpdate(lr, weights, grads, off + from, n);
        }

        @Override
        void clear() {
            weights = grads = null;
        }
    }

    private final class Momentum extends FlatJob {
        float lr;
        float mu;
        boolean nesterov;
        float[] weights;
        float[] grads;
        float[] velocity;
        int off;

        @Override
        void piece(int from, int n) {
            serial.momentumUpdate(lr, mu, nesterov, weights, grads, velocity, off + from, n);
        }

        @Override
        void clear() {
            weights = grads = velocity = null;
        }
    }

    private final class Adam extends FlatJob {
        float lrHat;
        float beta1;
        float oneMinusBeta1;
        float beta2;
        float oneMinusBeta2;
        float epsHat;
        float[] weights;
        float[] grads;
        float[] m;
        float[] v;
        int off;

        @Override
        void piece(int from, int n) {
            serial.adamUpdate(lrHat, beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsHat, weights, grads, m, v,
                    off + from, n);
        }

        @Override
        void clear() {
            weights = grads = m = v = null;
        }
    }

    @Override
    public void biasActivate(Pointwise function, int rows, int columns, float[] z, int zOff, float[] bias,
                             int biasOff, float[] out, int outOff, float[] deriv, int derivOff) {
        if ((long) rows * columns < minLength || rows < 2) {
            serial.biasActivate(function, rows, columns, z, zOff, bias, biasOff, out, outOff, deriv, derivOff);
            return;
        }
        Activate job = activate;
        job.function = function;
        job.rows = rows;
        job.cols = columns;
        job.rowsPerChunk = Math.max(1, chunk / columns);
        job.z = z;
        job.zOff = zOff;
        job.bias = bias;
        job.biasOff = biasOff;
        job.out = out;
        job.outOff = outOff;
        job.deriv = deriv;
        job.derivOff = derivOff;
        try {
            runner.run(job, (rows + job.rowsPerChunk - 1) / job.rowsPerChunk);
        } finally {
            job.z = job.bias = job.out = job.deriv = null;
        }
    }

    @Override
    public void derivativeFromOutput(Pointwise function, float[] a, int aOff, float[] d, int dOff, int length) {
        serial.derivativeFromOutput(function, a, aOff, d, dOff, length);
    }

    @Override
    public void multiplyInPlace(float[] x, int xOff, float[] y, int yOff, int length) {
        if (length < minLength) {
            serial.multiplyInPlace(x, xOff, y, yOff, length);
            return;
        }
        multiply.x = x;
        multiply.xOff = xOff;
        multiply.y = y;
        multiply.yOff = yOff;
        multiply.runChunks(length);
    }

    @Override
    public void addColumnSums(int rows, int columns, float[] m, int mOff, float[] dst, int dstOff) {
        serial.addColumnSums(rows, columns, m, mOff, dst, dstOff);
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int length) {
        if (length < minLength) {
            serial.axpy(alpha, x, xOff, y, yOff, length);
            return;
        }
        axpy.alpha = alpha;
        axpy.x = x;
        axpy.xOff = xOff;
        axpy.y = y;
        axpy.yOff = yOff;
        axpy.runChunks(length);
    }

    @Override
    public void addScaledSign(float lambda, float[] weights, int weightsOff, float[] grads, int gradsOff, int length) {
        if (length < minLength) {
            serial.addScaledSign(lambda, weights, weightsOff, grads, gradsOff, length);
            return;
        }
        sign.lambda = lambda;
        sign.weights = weights;
        sign.weightsOff = weightsOff;
        sign.grads = grads;
        sign.gradsOff = gradsOff;
        sign.runChunks(length);
    }

    @Override
    public double sumOfSquares(float[] x, int off, int length) {
        return serial.sumOfSquares(x, off, length);
    }

    @Override
    public double sumOfAbs(float[] x, int off, int length) {
        return serial.sumOfAbs(x, off, length);
    }

    @Override
    public void sgdUpdate(float lr, float[] weights, float[] grads, int off, int length) {
        if (length < minLength) {
            serial.sgdUpdate(lr, weights, grads, off, length);
            return;
        }
        sgd.lr = lr;
        sgd.weights = weights;
        sgd.grads = grads;
        sgd.off = off;
        sgd.runChunks(length);
    }

    @Override
    public void momentumUpdate(float lr, float mu, boolean nesterov, float[] weights, float[] grads, float[] velocity,
                               int off, int length) {
        if (length < minLength) {
            serial.momentumUpdate(lr, mu, nesterov, weights, grads, velocity, off, length);
            return;
        }
        momentum.lr = lr;
        momentum.mu = mu;
        momentum.nesterov = nesterov;
        momentum.weights = weights;
        momentum.grads = grads;
        momentum.velocity = velocity;
        momentum.off = off;
        momentum.runChunks(length);
    }

    @Override
    public void adamUpdate(float lrHat, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
                           float epsHat, float[] weights, float[] grads, float[] m, float[] v, int off, int length) {
        if (length < minLength) {
            serial.adamUpdate(lrHat, beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsHat, weights, grads, m, v, off,
                    length);
            return;
        }
        adam.lrHat = lrHat;
        adam.beta1 = beta1;
        adam.oneMinusBeta1 = oneMinusBeta1;
        adam.beta2 = beta2;
        adam.oneMinusBeta2 = oneMinusBeta2;
        adam.epsHat = epsHat;
        adam.weights = weights;
        adam.grads = grads;
        adam.m = m;
        adam.v = v;
        adam.off = off;
        adam.runChunks(length);
    }
}
