package org.vecmlp.playground;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * A direct port of TensorFlow Playground's {@code nn.ts} (nodes and links, double precision, one example at a
 * time): the oracle the parity mode is tested against. Forward, backward with accumulated derivatives, and
 * {@code updateWeights} with the regularisation applied after the step, line for line.
 */
final class PlaygroundReference {
    static final class Node {
        final List<Link> inputs = new ArrayList<>();
        final List<Link> outputs = new ArrayList<>();
        double bias = 0.1;
        double totalInput;
        double output;
        double outputDer;
        double inputDer;
        double accInputDer;
        int numAccumulatedDers;
        final DoubleUnaryOperator activation;
        final DoubleUnaryOperator derivative;

        Node(DoubleUnaryOperator activation, DoubleUnaryOperator derivative) {
            this.activation = activation;
            this.derivative = derivative;
        }

        double updateOutput() {
            totalInput = bias;
            for (Link l : inputs) {
                totalInput += l.weight * l.source.output;
            }
            output = activation.applyAsDouble(totalInput);
            return output;
        }
    }

    static final class Link {
        final Node source;
        final Node dest;
        double weight;
        boolean isDead;
        double errorDer;
        double accErrorDer;
        int numAccumulatedDers;

        Link(Node source, Node dest, double weight) {
            this.source = source;
            this.dest = dest;
            this.weight = weight;
        }
    }

    final List<List<Node>> layers = new ArrayList<>();
    final String regularization; // none, L1, L2

    /**
     * Builds the network; weights are read from {@code weights[l][i][j]} (input i to unit j of layer l), biases
     * start at 0.1 as in the playground.
     */
    PlaygroundReference(int inputs, int[] hidden, String activation, boolean tanhOutput, double[][][] weights,
                        String regularization) {
        this.regularization = regularization;
        List<Node> in = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            in.add(new Node(x -> x, x -> 1));
        }
        layers.add(in);
        for (int l = 0; l <= hidden.length; l++) {
            boolean output = l == hidden.length;
            int units = output ? 1 : hidden[l];
            List<Node> layer = new ArrayList<>();
            for (int j = 0; j < units; j++) {
                Node node = output ? (tanhOutput ? tanh() : linear()) : of(activation);
                for (int i = 0; i < layers.get(l).size(); i++) {
                    Link link = new Link(layers.get(l).get(i), node, weights[l][i][j]);
                    layers.get(l).get(i).outputs.add(link);
                    node.inputs.add(link);
                }
                layer.add(node);
            }
            layers.add(layer);
        }
    }

    private static Node of(String name) {
        return switch (name) {
            case "tanh" -> tanh();
            case "relu" -> new Node(x -> Math.max(0, x), x -> x <= 0 ? 0 : 1);
            case "sigmoid" -> new Node(PlaygroundReference::sigmoid, x -> sigmoid(x) * (1 - sigmoid(x)));
            case "linear" -> linear();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static Node tanh() {
        return new Node(Math::tanh, x -> 1 - Math.tanh(x) * Math.tanh(x));
    }

    private static Node linear() {
        return new Node(x -> x, x -> 1);
    }

    double forward(double[] input) {
        List<Node> in = layers.get(0);
        for (int i = 0; i < in.size(); i++) {
            in.get(i).output = input[i];
        }
        for (int l = 1; l < layers.size(); l++) {
            for (Node n : layers.get(l)) {
                n.updateOutput();
            }
        }
        return layers.get(layers.size() - 1).get(0).output;
    }

    void backProp(double target) {
        Node out = layers.get(layers.size() - 1).get(0);
        out.outputDer = out.output - target; // Errors.SQUARE.der
        for (int l = layers.size() - 1; l >= 1; l--) {
            for (Node node : layers.get(l)) {
                node.inputDer = node.outputDer * node.derivative.applyAsDouble(node.totalInput);
                node.accInputDer += node.inputDer;
                node.numAccumulatedDers++;
            }
            for (Node node : layers.get(l)) {
                for (Link link : node.inputs) {
                    if (link.isDead) {
                        continue;
                    }
                    link.errorDer = node.inputDer * link.source.output;
                    link.accErrorDer += link.errorDer;
                    link.numAccumulatedDers++;
                }
            }
            if (l == 1) {
                continue;
            }
            for (Node node : layers.get(l - 1)) {
                node.outputDer = 0;
                for (Link output : node.outputs) {
                    node.outputDer += output.weight * output.dest.inputDer;
                }
            }
        }
    }

    void updateWeights(double learningRate, double regularizationRate) {
        for (int l = 1; l < layers.size(); l++) {
            for (Node node : layers.get(l)) {
                if (node.numAccumulatedDers > 0) {
                    node.bias -= learningRate * node.accInputDer / node.numAccumulatedDers;
                    node.accInputDer = 0;
                    node.numAccumulatedDers = 0;
                }
                for (Link link : node.inputs) {
                    if (link.isDead) {
                        continue;
                    }
                    double regulDer = switch (regularization) {
                        case "L1" -> link.weight < 0 ? -1 : link.weight > 0 ? 1 : 0;
                        case "L2" -> link.weight;
                        default -> 0;
                    };
                    if (link.numAccumulatedDers > 0) {
                        link.weight = link.weight - (learningRate / link.numAccumulatedDers) * link.accErrorDer;
                        double newLinkWeight = link.weight - (learningRate * regularizationRate) * regulDer;
                        if ("L1".equals(regularization) && link.weight * newLinkWeight < 0) {
                            link.weight = 0;
                            link.isDead = true;
                        } else {
                            link.weight = newLinkWeight;
                        }
                        link.accErrorDer = 0;
                        link.numAccumulatedDers = 0;
                    }
                }
            }
        }
    }

    /**
     * The playground's {@code oneStep}: every training example once, an update after the i-th when (i + 1) is a
     * multiple of B (i counts from 0 each epoch, so the n mod B examples left at the end of an epoch join the first
     * batch of the next).
     */
    void oneStep(double[][] inputs, double[] targets, int batchSize, double learningRate, double regRate) {
        for (int i = 0; i < inputs.length; i++) {
            forward(inputs[i]);
            backProp(targets[i]);
            if ((i + 1) % batchSize == 0) {
                updateWeights(learningRate, regRate);
            }
        }
    }

    double weight(int layer, int i, int j) {
        return layers.get(layer + 1).get(j).inputs.get(i).weight;
    }

    double bias(int layer, int j) {
        return layers.get(layer + 1).get(j).bias;
    }
}
