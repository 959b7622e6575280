package org.vecmlp.playground.data;

/**
 * One example of a 2-D playground set.
 *
 * @param x     the first coordinate (X1)
 * @param y     the second coordinate (X2)
 * @param label +1 or −1 for two classes, the class number 0 … C−1 for more, a value in [−1, 1] for regression
 */
public record Point(double x, double y, double label) {
}
