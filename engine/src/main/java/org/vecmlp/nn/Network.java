package org.vecmlp.nn;

import org.vecmlp.kernel.Kernels;
import org.vecmlp.kernel.PackedOperand;
import org.vecmlp.tensor.ParameterLayout;
import org.vecmlp.tensor.Workspace;

/**
 * The layers of a spec in order: forward runs them first to last, backward last to first. No math of its own; the
 * parameters and gradients are passed in, so one network serves any number of parameter sets and threads.
 */
public final class Network {
    private final MlpSpec spec;
    private final ParameterLayout layout;
    private final DenseLayer[] layers;

    /**
     * The layers of {@code spec}, with its parameter layout.
     *
     * @param spec the layers and the loss
     */
    public Network(MlpSpec spec) {
        this.spec = spec;
        this.layout = new ParameterLayout(spec.widths());
        int count = spec.layers().size();
        layers = new DenseLayer[count];
        for (int l = 0; l < count; l++) {
            layers[l] = new DenseLayer(layout, l, spec.layers().get(l).activation(), l == count - 1);
        }
    }

    /** {@return the layers and the loss} */
    public MlpSpec spec() {
        return spec;
    }

    /** {@return where each layer's weights and biases lie in a parameter array} */
    public ParameterLayout layout() {
        return layout;
    }

    /**
     * Buffers for batches of up to {@code capacity} rows through this network; {@code training} adds what backward
     * needs (derivatives of the activations that store one, deltas, targets).
     * @param capacity the largest batch it must hold
     * @param training whether to allocate what backward needs (derivatives, deltas, targets)
     * @return the buffers
     */
    public Workspace newWorkspace(int capacity, boolean training) {
        boolean[] derivatives = new boolean[layers.length];
        for (int l = 0; l < layers.length; l++) {
            derivatives[l] = layers[l].activation().storesDerivative();
        }
        return new Workspace(spec.widths(), derivatives, capacity, training);
    }

    /** {@return the number of layers} */
    public int depth() {
        return layers.length;
    }

    /**
     * Runs the first {@code rows} rows of {@code ws.input()} through every layer; returns the output buffer.
     *
     * @param k      the kernels the layers run on (their GEMM and element-wise passes)
     * @param params the parameters in the network's layout
     * @param ws     the workspace holding the batch
     * @param rows   the number of rows
     * @return the output buffer, {@code rows × outputs}
     */
    public float[] forward(Kernels k, float[] params, Workspace ws, int rows) {
        return forward(k, params, ws, rows, null);
    }

    /**
     * As {@link #forward(Kernels, float[], Workspace, int)}, with each layer's weights read from {@code packedW[l]}
     * where it is not null ({@link DenseLayer#forward(Kernels, float[], Workspace, int, PackedOperand)}).
     * @param k       the kernels the layers run on (their GEMM and element-wise passes)
     * @param params  the parameters in the network's layout
     * @param ws      the workspace holding the batch
     * @param rows    the number of rows
     * @param packedW the packed weights, or null
     * @return the output buffer, {@code rows × outputs}
     */
    public float[] forward(Kernels k, float[] params, Workspace ws, int rows, PackedOperand[] packedW) {
        checkRows(ws, rows);
        for (DenseLayer layer : layers) {
            layer.forward(k, params, ws, rows, packedW == null ? null : packedW[layer.index()]);
        }
        return ws.activation(layers.length - 1);
    }

    /**
     * Computes the loss of the last forward pass against {@code ws.targets()} and writes ∂L/∂Z of the output
     * layer into its delta. Returns the per-sample losses summed over rows.
     * @param ws   the workspace holding the batch
     * @param rows the number of rows
     * @return the per-sample losses summed over rows
     */
    public double loss(Workspace ws, int rows) {
        return loss(ws, rows, rows);
    }

    /**
     * As {@link #loss(Workspace, int)} for rows that are one shard of a batch of {@code batchRows} rows.
     *
     * @param ws        the workspace holding the batch
     * @param rows      the number of rows
     * @param batchRows the rows of the whole batch this shard belongs to
     * @return the per-sample losses summed over these rows
     */
    public double loss(Workspace ws, int rows, int batchRows) {
        int last = layers.length - 1;
        return spec.loss().lossAndGradient(rows, batchRows, spec.outputs(), ws.logits(), 0, ws.activation(last), 0,
                ws.derivative(last), 0, ws.targets(), 0, ws.delta(last), 0);
    }

    /**
     * Adds the gradients of the batch loss into {@code grads}, from the output delta the loss wrote.
     *
     * @param k      the kernels the layers run on (their GEMM and element-wise passes)
     * @param params the parameters in the network's layout
     * @param grads  the gradient buffer, in the same layout
     * @param ws     the workspace holding the batch
     * @param rows   the number of rows
     */
    public void backward(Kernels k, float[] params, float[] grads, Workspace ws, int rows) {
        backward(k, params, grads, ws, rows, true);
    }

    /**
     * Backward, adding into {@code grads} or, with {@code accumulate} false, overwriting every gradient (the buffer
     * then needs no zeroing: each parameter's gradient is written exactly once).
     * @param k          the kernels the layers run on (their GEMM and element-wise passes)
     * @param params     the parameters in the network's layout
     * @param grads      the gradient buffer, in the same layout
     * @param ws         the workspace holding the batch
     * @param rows       the number of rows
     * @param accumulate add into {@code grads} (true) or overwrite them (false)
     */
    public void backward(Kernels k, float[] params, float[] grads, Workspace ws, int rows, boolean accumulate) {
        backward(k, params, grads, ws, rows, accumulate, null);
    }

    /**
     * As the overwriting backward, with each layer's transposed weights read from {@code packedWT[l]} if not null.
     *
     * @param k          the kernels the layers run on (their GEMM and element-wise passes)
     * @param params     the parameters in the network's layout
     * @param grads      the gradient buffer, in the same layout
     * @param ws         the workspace holding the batch
     * @param rows       the number of rows
     * @param accumulate add into {@code grads} (true) or overwrite them (false)
     * @param packedWT   the packed transposed weights, or null
     */
    public void backward(Kernels k, float[] params, float[] grads, Workspace ws, int rows, boolean accumulate,
                         PackedOperand[] packedWT) {
        checkRows(ws, rows);
        for (int l = layers.length - 1; l >= 0; l--) {
            layers[l].backward(k, params, grads, ws, rows, accumulate, packedWT == null ? null : packedWT[l]);
        }
    }

    private static void checkRows(Workspace ws, int rows) {
        if (rows < 1 || rows > ws.capacity()) {
            throw new IllegalArgumentException("batch of " + rows + " rows does not fit a workspace of "
                    + ws.capacity());
        }
    }
}
