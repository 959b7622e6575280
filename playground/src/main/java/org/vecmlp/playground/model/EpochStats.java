package org.vecmlp.playground.model;

/**
 * Where a run stands after an epoch (epoch 0: before any training).
 *
 * @param epoch         passes over the training set so far
 * @param trainLoss     the mean data loss over the training set at the current weights
 * @param testLoss      the same over the test set (NaN when it is empty)
 * @param trainAccuracy the share of training points on the right side (NaN for regression)
 * @param testAccuracy  the same over the test set
 * @param gradientNorms per layer (first hidden to output), the L2 norm of its gradient averaged over the epoch's
 *                      steps; zeros at epoch 0
 * @param trainConfusion {@code [true +, false −, false +, true −]} counts over the training set (classification)
 * @param testConfusion  the same over the test set
 */
public record EpochStats(int epoch, double trainLoss, double testLoss, double trainAccuracy, double testAccuracy,
                         double[] gradientNorms, int[] trainConfusion, int[] testConfusion) {
}
