package org.vecmlp.infer;

import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.Kernels;
import org.vecmlp.nn.Network;
import org.vecmlp.nn.Outputs;
import org.vecmlp.tensor.Workspace;

/**
 * Inference that many threads may call at once. The predictor holds a private snapshot of the parameters (later
 * training does not affect it) and gives each calling thread its own kernels and an inference workspace (no stored
 * derivatives) of {@code chunkRows} rows through a {@link ThreadLocal}; batches larger than that run in chunks.
 * So the first call on a thread allocates, and later calls allocate only their result arrays (none with the
 * {@code predict(x, rows, out)} form). In a long-lived thread pool each thread keeps its workspace until the
 * predictor is unreachable.
 */
public final class Predictor {
    /** Rows per forward pass; large enough that GEMMs are efficient, small enough to stay in cache. */
    public static final int DEFAULT_CHUNK_ROWS = 256;

    private final Network network;
    private final float[] parameters;
    private final Backend backend;
    private final int inputs;
    private final int outputs;
    private final ThreadLocal<Context> contexts;

    private record Context(Kernels kernels, Workspace workspace) {
    }

    public Predictor(Network network, float[] parameters, Backend backend, int chunkRows) {
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunk rows must be at least 1, got " + chunkRows);
        }
        this.network = network;
        this.parameters = parameters;
        this.backend = backend;
        this.inputs = network.spec().inputs();
        this.outputs = network.spec().outputs();
        this.contexts = ThreadLocal.withInitial(
                () -> new Context(backend.newKernels(), new Workspace(network.spec(), chunkRows, false)));
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    public Backend backend() {
        return backend;
    }

    /** The output of one row of {@link #inputs()} features. */
    public float[] predict(float[] row) {
        checkLength(row.length, 1);
        float[] out = new float[outputs];
        predict(row, 1, out);
        return out;
    }

    /** The outputs of {@code rows} row-major rows into {@code out} ({@code rows×outputs}). */
    public void predict(float[] x, int rows, float[] out) {
        checkLength(x.length, rows);
        if (out.length < rows * outputs) {
            throw new IllegalArgumentException("output array holds " + out.length + " values, needs " + rows * outputs);
        }
        Context c = contexts.get();
        Workspace ws = c.workspace();
        int cap = ws.capacity();
        for (int from = 0; from < rows; from += cap) {
            int n = Math.min(cap, rows - from);
            System.arraycopy(x, from * inputs, ws.input(), 0, n * inputs);
            float[] result = network.forward(c.kernels(), parameters, ws, n);
            System.arraycopy(result, 0, out, from * outputs, n * outputs);
        }
    }

    /** The predicted class of one row (arg-max, or the 0.5 threshold for a single output). */
    public int predictClass(float[] row) {
        return Outputs.predictedClass(predict(row), 0, outputs);
    }

    /** The predicted classes of {@code rows} row-major rows. */
    public int[] predictClasses(float[] x, int rows) {
        float[] out = new float[rows * outputs];
        predict(x, rows, out);
        int[] classes = new int[rows];
        for (int r = 0; r < rows; r++) {
            classes[r] = Outputs.predictedClass(out, r * outputs, outputs);
        }
        return classes;
    }

    private void checkLength(int length, int rows) {
        if (rows < 0 || length < (long) rows * inputs) {
            throw new IllegalArgumentException("expected " + rows + " row(s) of " + inputs + " features, got "
                    + length + " values");
        }
    }
}
