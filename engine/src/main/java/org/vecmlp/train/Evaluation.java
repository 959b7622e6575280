package org.vecmlp.train;

/**
 * The loss and, for classification, accuracy and confusion matrix of a model on a data set.
 *
 * @param loss      mean per-sample loss (without regularisation)
 * @param accuracy  fraction classified correctly; NaN for regression
 * @param confusion {@code confusion[actual][predicted]} counts; empty for regression
 * @param samples   rows evaluated
 */
public record Evaluation(double loss, double accuracy, long[][] confusion, int samples) {
}
