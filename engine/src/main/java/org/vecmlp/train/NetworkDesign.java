package org.vecmlp.train;

import java.util.ArrayList;
import java.util.List;
import org.vecmlp.data.Dataset;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LayerSpec;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.nn.MlpSpec;

/**
 * The network a data set calls for: the loss, the output layer and the initialiser that fit it when the user names
 * none. One rule for every front end (the {@code vecmlp train} command, the Spark job, an embedding program), so that
 * the same choices give the same network everywhere.
 */
public final class NetworkDesign {
    private NetworkDesign() {
    }

    /**
     * The loss for a set when none is named.
     *
     * @param data the set
     * @return binary cross-entropy for two classes, softmax cross-entropy for more, mean squared error for regression
     */
    public static LossFunction defaultLoss(Dataset data) {
        return !data.isClassification() ? LossFunction.SQUARED_MEAN
                : data.classes() == 2 ? LossFunction.BINARY_CROSS_ENTROPY : LossFunction.SOFTMAX_CROSS_ENTROPY;
    }

    /**
     * The output activation that fits a loss.
     *
     * @param loss the loss
     * @return sigmoid for bce, softmax for ce, the threshold for the perceptron, identity for squared losses
     */
    public static Activation defaultOutput(LossFunction loss) {
        return switch (loss) {
            case BINARY_CROSS_ENTROPY -> Activation.SIGMOID;
            case SOFTMAX_CROSS_ENTROPY -> Activation.SOFTMAX;
            case PERCEPTRON -> Activation.THRESHOLD;
            case SQUARED_SUM, SQUARED_MEAN -> Activation.IDENTITY;
        };
    }

    /**
     * The initialiser for a hidden activation when none is named.
     *
     * @param hidden the hidden layers' activation
     * @return He for ReLU and leaky ReLU, Xavier otherwise
     */
    public static Initializer defaultInitializer(Activation hidden) {
        return hidden.kind() == Activation.Kind.RELU || hidden.kind() == Activation.Kind.LEAKY_RELU
                ? Initializer.HE : Initializer.XAVIER;
    }

    /**
     * The output width a set needs under a loss.
     *
     * @param data the set
     * @param loss the loss
     * @return the classes for ce, 1 for two classes under another loss, the target width for regression
     * @throws IllegalArgumentException starting with the loss's name, when the loss does not fit the set
     */
    public static int outputs(Dataset data, LossFunction loss) {
        if (loss.isClassification() && !data.isClassification()) {
            throw new IllegalArgumentException(loss.cliName() + " needs class labels, but " + data.name()
                    + " is a regression set");
        }
        if (!data.isClassification()) {
            return data.targetWidth();
        }
        if (loss == LossFunction.SOFTMAX_CROSS_ENTROPY) {
            return data.classes();
        }
        if (loss.isClassification() && data.classes() != 2) {
            throw new IllegalArgumentException(loss.cliName() + " separates two classes, but " + data.name()
                    + " has " + data.classes() + " classes (use ce)");
        }
        return data.classes() == 2 ? 1 : data.classes();
    }

    /**
     * The network for a set.
     *
     * @param data   the set (its feature count and labels)
     * @param widths the hidden layers' widths, first to last (empty for a single neuron)
     * @param hidden the hidden layers' activation
     * @param output the output activation, or null for {@link #defaultOutput the one that fits the loss}
     * @param loss   the loss
     * @return the spec
     * @throws IllegalArgumentException when the loss does not fit the set (as {@link #outputs}) or the output
     *                                  activation does not fit the loss (as {@link MlpSpec}'s constructor)
     */
    public static MlpSpec spec(Dataset data, List<Integer> widths, Activation hidden, Activation output,
                               LossFunction loss) {
        int outputs = outputs(data, loss);
        List<LayerSpec> layers = new ArrayList<>();
        for (int width : widths) {
            layers.add(new LayerSpec(width, hidden));
        }
        layers.add(new LayerSpec(outputs, output != null ? output : defaultOutput(loss)));
        return new MlpSpec(data.featureCount(), layers, loss);
    }

    /**
     * Parses hidden widths written as {@code 16,16} (blank for none).
     *
     * @param text the widths, separated by commas
     * @return the widths
     * @throws IllegalArgumentException naming the first part that is not a positive integer
     */
    public static List<Integer> parseWidths(String text) {
        List<Integer> widths = new ArrayList<>();
        if (text.isBlank()) {
            return widths;
        }
        for (String part : text.split(",", -1)) {
            try {
                int w = Integer.parseInt(part.trim());
                if (w < 1) {
                    throw new NumberFormatException();
                }
                widths.add(w);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not a layer width (positive integers "
                        + "separated by commas, e.g. 16,16; \"\" for none)");
            }
        }
        return widths;
    }
}
