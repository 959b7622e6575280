package org.vecmlp.nn;

import org.vecmlp.kernel.BlockedGemm;
import org.vecmlp.kernel.Kernels;
import org.vecmlp.kernel.PackedOperand;
import org.vecmlp.kernel.Pointwise;
import org.vecmlp.tensor.ParameterLayout;
import org.vecmlp.tensor.Workspace;

/**
 * A fully connected layer, forward and backward side by side.
 *
 * <p>Shapes, for a batch of {@code rows}: input X {@code rows×in}, weights W {@code in×out}, bias b {@code out},
 * pre-activation Z = X·W + b and output A = f(Z), both {@code rows×out}.
 */
final class DenseLayer {
    private final int index;
    private final int in;
    private final int out;
    private final Activation activation;
    private final Pointwise function; // the activation as the kernels take it
    private final boolean output;
    private final int weightOffset;
    private final int biasOffset;

    DenseLayer(ParameterLayout layout, int index, Activation activation, boolean output) {
        this.index = index;
        this.in = layout.fanIn(index);
        this.out = layout.fanOut(index);
        this.activation = activation;
        this.function = activation.pointwise();
        this.output = output;
        this.weightOffset = layout.weightOffset(index);
        this.biasOffset = layout.biasOffset(index);
    }

    /**
     * A = f(X·W + b), storing f' for backward. Hidden layers compute in place in their activation buffer; the
     * output layer keeps Z in the logits buffer for the loss.
     */
    void forward(Kernels k, float[] params, Workspace ws, int rows) {
        forward(k, params, ws, rows, null);
    }

    /**
     * As {@link #forward(Kernels, float[], Workspace, int)}, reading W from {@code packedW} (packed from these
     * parameters beforehand, shared by threads) when it is given and the kernels' GEMM can read it; the same bits.
     */
    void forward(Kernels k, float[] params, Workspace ws, int rows, PackedOperand packedW) {
        float[] x = ws.layerInput(index);
        float[] a = ws.activation(index);
        float[] z = output ? ws.logits() : a;
        if (packedW != null && k.gemm() instanceof BlockedGemm g && packedW.readableBy(g)) {
            g.forwardPacked(k.ops(), function, rows, x, 0, in, packedW, z, 0, params, biasOffset, a, 0,
                    ws.derivative(index), 0);
            return;
        }
        k.gemm().gemmNNBiasActivate(k.ops(), function, rows, out, in, x, 0, in, params, weightOffset, out, z, 0,
                params, biasOffset, a, 0, ws.derivative(index), 0); // the epilogue runs while each strip is hot
    }

    /**
     * Given ∂L/∂A in this layer's delta (or ∂L/∂Z for the output layer, which the loss writes directly): turns it
     * into ∂L/∂Z with the stored derivative, adds ∂L/∂W = Xᵀ·dZ and ∂L/∂b = Σ_rows dZ into the gradients (or, with
     * {@code accumulate} false, writes them, so the buffer needs no zeroing first), and writes ∂L/∂X = dZ·Wᵀ into the
     * previous layer's delta (skipped for the first layer, whose input is data).
     */
    void backward(Kernels k, float[] params, float[] grads, Workspace ws, int rows, boolean accumulate) {
        backward(k, params, grads, ws, rows, accumulate, null);
    }

    /**
     * As {@link #backward(Kernels, float[], float[], Workspace, int, boolean)}, reading Wᵀ for the input gradient
     * from {@code packedWT} (W packed transposed beforehand) when it is given and readable; the same bits.
     */
    void backward(Kernels k, float[] params, float[] grads, Workspace ws, int rows, boolean accumulate,
                         PackedOperand packedWT) {
        float[] dz = ws.delta(index);
        if (!output && function.storesDerivative()) {
            k.ops().multiplyInPlace(dz, 0, ws.derivative(index), 0, rows * out);
        }
        float[] x = ws.layerInput(index);
        if (!accumulate) {
            java.util.Arrays.fill(grads, biasOffset, biasOffset + out, 0f);
        }
        k.gemm().gemmTNColumnSums(in, out, rows, 1f, x, 0, in, dz, 0, out, accumulate ? 1f : 0f, grads, weightOffset,
                out, grads, biasOffset); // ∂L/∂b = column sums of dZ, added while the GEMM packs dZ
        if (index > 0 && packedWT != null && k.gemm() instanceof BlockedGemm g && packedWT.readableBy(g)) {
            g.multiplyPacked(false, rows, 1f, dz, 0, out, packedWT, 0f, ws.delta(index - 1), 0, in);
        } else if (index > 0) {
            k.gemm().gemmNT(rows, in, out, 1f, dz, 0, out, params, weightOffset, out, 0f, ws.delta(index - 1), 0, in);
        }
    }

    int index() {
        return index;
    }

    int inputs() {
        return in;
    }

    int units() {
        return out;
    }

    Activation activation() {
        return activation;
    }
}
