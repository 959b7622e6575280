package org.vecmlp.kernel;


/**
 * The element-wise passes and reductions that layers, losses and optimizers need, on flat arrays with offsets.
 * Matrices are row-major {@code rows×cols} with leading dimension {@code cols}. Every implementation passes the
 * same contract test against {@link org.vecmlp.kernel.scalar.ScalarVectorOps}.
 */
public interface VectorOps {

    /**
     * The fused forward pass of a dense layer's epilogue: {@code z += bias} in place (broadcast over rows), then
     * {@code out = f(z)} and, when {@link Pointwise#storesDerivative()}, {@code deriv = f'(z)} computed from the
     * output, all in one sweep. After the call z holds the biased pre-activations (the logits that output losses
     * read), unless {@code out} is the same array region as {@code z} (in-place, for hidden layers);
     * then z is not kept. {@code deriv} is ignored when the activation stores none; null skips storing it (inference).
     * @param activation the function
     * @param rows       the number of rows
     * @param cols       the number of columns
     * @param z          the pre-activations ({@code rows×cols})
     * @param zOff       where z starts
     * @param bias       the array holding the biases
     * @param biasOff    where the biases start
     * @param out        the array the outputs go to
     * @param outOff     where the outputs start
     * @param deriv      the array the derivatives go to, or null for none
     * @param derivOff   where the derivatives start
     */
    void biasActivate(Pointwise activation, int rows, int cols,
                      float[] z, int zOff, float[] bias, int biasOff,
                      float[] out, int outOff, float[] deriv, int derivOff);

    /**
     * {@code deriv = f'} computed from stored outputs {@code a = f(z)} alone ({@code a(1−a)}, {@code 1−a²}, the ReLU
     * mask from {@code a > 0}): for callers that ran a forward pass without derivatives and need them later. It is
     * also the second pass of the unfused baseline that the fused {@link #biasActivate} is measured against. Only
     * for activations that {@link Pointwise#storesDerivative() store a derivative}; leaky ReLU reads its slope
     * from the sign of {@code a}.
     * @param activation the function
     * @param a          the stored outputs {@code f(z)}
     * @param aOff       where they start
     * @param deriv      the array the derivatives go to, or null for none
     * @param derivOff   where the derivatives start
     * @param len        the number of elements
     */
    void derivativeFromOutput(Pointwise activation, float[] a, int aOff, float[] deriv, int derivOff, int len);

    /**
     * {@code x[i] *= y[i]} for {@code len} elements: turns {@code dA} into {@code dZ} with the stored derivative.
     *
     * @param x    the array multiplied in place (dA in, dZ out)
     * @param xOff where x starts
     * @param y    the factors (the stored derivative), read only
     * @param yOff where y starts
     * @param len  the number of elements
     */
    void multiplyInPlace(float[] x, int xOff, float[] y, int yOff, int len);

    /**
     * {@code dst[j] += Σ_i m[i][j]}: the bias gradient of a {@code rows×cols} delta.
     *
     * @param rows   the number of rows
     * @param cols   the number of columns
     * @param m      the {@code rows×cols} matrix, row-major
     * @param mOff   where the matrix starts
     * @param dst    the array the result is added to
     * @param dstOff where the result starts
     */
    void addColumnSums(int rows, int cols, float[] m, int mOff, float[] dst, int dstOff);

    /**
     * {@code y += α·x}.
     *
     * @param alpha scales the product
     * @param x     the input array, read only
     * @param xOff  where x starts
     * @param y     the array α·x is added to
     * @param yOff  where y starts
     * @param len   the number of elements
     */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len);

    /**
     * {@code g += λ·sign(w)}: the L1 subgradient, with {@code sign(0) = 0}.
     *
     * @param lambda the L1 strength
     * @param w      the weights (or the parameters, for the updates)
     * @param wOff   where the weights start
     * @param g      the gradients
     * @param gOff   where the gradients start
     * @param len    the number of elements
     */
    void addScaledSign(float lambda, float[] w, int wOff, float[] g, int gOff, int len);

    /**
     * {@code Σ x²}, accumulated in double.
     *
     * @param x   the input array
     * @param off the first element
     * @param len the number of elements
     * @return the sum
     */
    double sumOfSquares(float[] x, int off, int len);

    /**
     * {@code Σ |x|}, accumulated in double.
     *
     * @param x   the input array
     * @param off the first element
     * @param len the number of elements
     * @return the sum
     */
    double sumOfAbs(float[] x, int off, int len);

    /**
     * Plain SGD: {@code w -= lr·g}.
     *
     * @param lr  the learning rate
     * @param w   the weights (or the parameters, for the updates)
     * @param g   the gradients
     * @param off the first element
     * @param len the number of elements
     */
    void sgdUpdate(float lr, float[] w, float[] g, int off, int len);

    /**
     * SGD with momentum, as PyTorch defines it: {@code v = μ·v + g}; then {@code w -= lr·v}, or with Nesterov
     * {@code w -= lr·(g + μ·v)}.
     * @param lr       the learning rate
     * @param mu       the momentum
     * @param nesterov whether to take the Nesterov step
     * @param w        the weights (or the parameters, for the updates)
     * @param g        the gradients
     * @param v        the velocity state
     * @param off      the first element
     * @param len      the number of elements
     */
    void momentumUpdate(float lr, float mu, boolean nesterov, float[] w, float[] g, float[] v, int off, int len);

    /**
     * Adam: {@code m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²; w -= lrHat·m / (sqrt(v) + epsHat)}, where the caller
     * folds the bias corrections into {@code lrHat = lr·sqrt(1-β2ᵗ)/(1-β1ᵗ)} and {@code epsHat = eps·sqrt(1-β2ᵗ)}, and
     * passes {@code 1-β} computed in double: {@code 1f - (float) β} is off by up to 8·10⁻⁵ relative at β2 = 0.9999.
     * @param lrHat         the bias-corrected learning rate
     * @param beta1         Adam's first-moment decay
     * @param oneMinusBeta1 1 − β1, computed in double
     * @param beta2         Adam's second-moment decay
     * @param oneMinusBeta2 1 − β2, computed in double
     * @param epsHat        the bias-corrected ε
     * @param w             the weights (or the parameters, for the updates)
     * @param g             the gradients
     * @param m             Adam's first-moment state
     * @param v             Adam's second-moment state
     * @param off           the first element
     * @param len           the number of elements
     */
    void adamUpdate(float lrHat, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float epsHat,
                    float[] w, float[] g, float[] m, float[] v, int off, int len);
}
