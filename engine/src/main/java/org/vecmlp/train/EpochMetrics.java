package org.vecmlp.train;

/**
 * What one epoch did.
 *
 * @param epoch               1-based epoch number
 * @param epochs              the planned number of epochs
 * @param trainLoss           the objective over the epoch as it was trained: for each batch, its mean data loss plus
 *                            the regularisation penalty, both at the weights the batch saw before its update,
 *                            averaged over the epoch's samples (a full batch: exactly the objective at the epoch's
 *                            starting weights)
 * @param trainAccuracy       fraction of training samples classified correctly during the epoch; NaN for
 *                            regression
 * @param validationLoss      mean per-sample loss on the validation set after the epoch (plus the penalty); NaN
 *                            without one
 * @param validationAccuracy  NaN without a validation set or for regression
 * @param learningRate        the rate used during the epoch
 * @param layerGradientNorms  for each layer (first to last), the L2 norm of its gradient (weights and biases),
 *                            averaged over the epoch's steps: the vanishing/exploding-gradient diagnostic
 * @param samples             training samples processed
 * @param seconds             wall time of the epoch, training and validation
 */
public record EpochMetrics(int epoch, int epochs, double trainLoss, double trainAccuracy,
                           double validationLoss, double validationAccuracy, double learningRate,
                           double[] layerGradientNorms, long samples, double seconds) {

    /** {@return training throughput of this epoch} */
    public double samplesPerSecond() {
        return seconds > 0 ? samples / seconds : Double.POSITIVE_INFINITY;
    }

    /** {@return whether this epoch was evaluated on a validation set} */
    public boolean hasValidation() {
        return !Double.isNaN(validationLoss);
    }
}
