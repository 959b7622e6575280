package org.vecmlp.infer;

import java.util.List;
import org.vecmlp.nn.LayerSpec;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.data.Standardizer;
import org.vecmlp.kernel.Backend;
import org.vecmlp.kernel.Kernels;
import org.vecmlp.kernel.PackedGemm;
import org.vecmlp.kernel.PackedWeights;
import org.vecmlp.kernel.Pointwise;
import org.vecmlp.kernel.parallel.ForkJoinRunner;
import org.vecmlp.kernel.parallel.ParallelBackend;
import org.vecmlp.nn.Network;
import org.vecmlp.nn.Outputs;
import org.vecmlp.tensor.ParameterLayout;

/**
 * Inference that many threads may call at once, over a snapshot of the parameters taken when it is made (later
 * training does not affect it). Each layer's weights are packed once, here, in the layout the backend's
 * {@link PackedGemm} reads; no call packs anything. One row, or a few, runs as a GEMV per layer; larger batches run
 * the GEMM over the packed weights. Either way each output is one FMA chain over the layer's inputs and the
 * activation is the backend's own sweep, so on a given backend a row's outputs are bitwise the same whether it is
 * predicted alone or inside any batch, at any thread count.
 *
 * <p>Each calling thread gets its kernels and two ping-pong activation buffers of {@code chunkRows} rows through a
 * {@link ThreadLocal}: the first call on a thread allocates them, later calls allocate nothing (except the forms that
 * return a new array). On a {@link ParallelBackend}, a batch with at least {@value #PARALLEL_MIN_MULTIPLY_ADDS}
 * multiply-adds per thread is split into row ranges that the pool's threads run at once (a row range may be a single
 * row: its bits are the same either way).
 *
 * <p>Made from a model file ({@code ModelFile.predictor(path)}, {@code SavedModel.predictor()}) it also applies the
 * input standardisation stored with the model, so callers pass raw features.
 */
public final class Predictor {
    /** Rows per forward pass; large enough that GEMMs are efficient, small enough that activations stay in cache. */
    public static final int DEFAULT_CHUNK_ROWS = 256;

    /** Work each thread must get before a batch is split across a parallel backend's pool: a session's hand-off
     *  costs some 20–50 µs on a VM, about what 2²¹ multiply-adds take on one core. */
    public static final long PARALLEL_MIN_MULTIPLY_ADDS = 1L << 21;

    /** A layer as the forward pass reads it: packed weights, its own copy of the biases, the activation. */
    private record Layer(PackedWeights weights, float[] bias, Pointwise activation) {
    }

    private final Backend backend;
    private final Backend serial;
    private final int threads;
    private final int inputs;
    private final int outputs;
    private final int chunkRows;
    private final int widest;
    private final long multiplyAddsPerRow;
    private final Layer[] layers;
    private final Standardizer standardizer; // null: inputs are used as given
    private final ThreadLocal<Context> contexts;

    /**
     * A predictor over a snapshot of {@code parameters}, without standardisation.
     *
     * @param network    the layers
     * @param parameters the parameters in the network's layout; read now (weights packed, biases copied), not kept
     * @param backend    the kernels; a {@link ParallelBackend} also splits large batches across its pool
     * @param chunkRows  rows per forward pass (see {@link #DEFAULT_CHUNK_ROWS})
     */
    public Predictor(Network network, float[] parameters, Backend backend, int chunkRows) {
        this(network, parameters, null, backend, chunkRows);
    }

    /**
     * As {@link #Predictor(Network, float[], Backend, int)}, standardising every input row with
     * {@code standardizer} (copied; null for none) before the first layer, as training did.
     *
     * @param network      the layers
     * @param parameters   the parameters in the network's layout; read now, not kept
     * @param standardizer the input standardisation, or null
     * @param backend      the kernels; a {@link ParallelBackend} also splits large batches across its pool
     * @param chunkRows    rows per forward pass (see {@link #DEFAULT_CHUNK_ROWS})
     */
    public Predictor(Network network, float[] parameters, Standardizer standardizer, Backend backend,
                     int chunkRows) {
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunk rows must be at least 1, got " + chunkRows);
        }
        ParameterLayout layout = network.layout();
        if (parameters.length != layout.size()) {
            throw new IllegalArgumentException("the network has " + layout.size() + " parameters, got "
                    + parameters.length);
        }
        MlpSpec spec = network.spec();
        if (standardizer != null && standardizer.features() != spec.inputs()) {
            throw new IllegalArgumentException("the standardizer has " + standardizer.features()
                    + " features but the network has " + spec.inputs() + " inputs");
        }
        this.standardizer = standardizer == null ? null
                : new Standardizer(standardizer.mean().clone(), standardizer.std().clone());
        this.backend = backend;
        this.serial = backend instanceof ParallelBackend p ? p.inner() : backend;
        this.threads = backend instanceof ParallelBackend p ? p.threads() : 1;
        this.inputs = spec.inputs();
        this.outputs = spec.outputs();
        this.chunkRows = chunkRows;
        List<LayerSpec> specs = spec.layers();
        PackedGemm packer = serial.newKernels().packed();
        this.layers = new Layer[specs.size()];
        int wide = 0;
        long perRow = 0;
        for (int l = 0; l < layers.length; l++) {
            int in = layout.fanIn(l), units = layout.fanOut(l), biasOffset = layout.biasOffset(l);
            PackedWeights w = packer.pack(parameters, layout.weightOffset(l), in, units);
            float[] bias = java.util.Arrays.copyOfRange(parameters, biasOffset, biasOffset + units);
            layers[l] = new Layer(w, bias, specs.get(l).activation().pointwise());
            wide = Math.max(wide, units);
            perRow += (long) in * units;
        }
        this.widest = wide;
        this.multiplyAddsPerRow = perRow;
        this.contexts = ThreadLocal.withInitial(Context::new);
    }

    /** {@return the features each row must have} */
    public int inputs() {
        return inputs;
    }

    /** {@return the outputs per row: class probabilities (or one for a sigmoid), or regression values} */
    public int outputs() {
        return outputs;
    }

    /** {@return the kernels it runs on} */
    public Backend backend() {
        return backend;
    }

    /**
     * The output of one row, in a new array.
     *
     * @param row {@link #inputs()} features
     * @return {@link #outputs()} values
     */
    public float[] predict(float[] row) {
        checkLength(row.length, 1);
        float[] out = new float[outputs];
        predict(row, 1, out);
        return out;
    }

    /**
     * The output of one row into {@code out}; allocates nothing.
     *
     * @param row {@link #inputs()} features
     * @param out at least {@link #outputs()} long
     */
    public void predict(float[] row, float[] out) {
        predict(row, 1, out);
    }

    /**
     * The outputs of {@code rows} row-major rows; allocates nothing once this thread has called it.
     *
     * @param x    at least {@code rows × inputs()} features, row after row
     * @param rows how many rows
     * @param out  at least {@code rows × outputs()} long, not {@code x}
     */
    public void predict(float[] x, int rows, float[] out) {
        checkLength(x.length, rows);
        if (out.length < (long) rows * outputs) {
            throw new IllegalArgumentException("output array holds " + out.length + " values, needs "
                    + (long) rows * outputs);
        }
        if (x == out) {
            throw new IllegalArgumentException("the input and output arrays must be different");
        }
        if (rows == 0) {
            return;
        }
        Context c = contexts.get();
        int pieces = (int) Math.min(Math.min(threads, rows), (long) rows * multiplyAddsPerRow / PARALLEL_MIN_MULTIPLY_ADDS);
        if (pieces >= 2) {
            c.runParallel(x, rows, out, pieces);
        } else {
            c.passes[0].run(x, 0, rows, out);
        }
    }

    /**
     * The outputs of each row, one new array per row.
     *
     * @param rows rows of {@link #inputs()} features each
     * @return the outputs of each row
     */
    public float[][] predict(float[][] rows) {
        float[] x = new float[Math.multiplyExact(rows.length, inputs)];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != inputs) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " features, expected "
                        + inputs);
            }
            System.arraycopy(rows[r], 0, x, r * inputs, inputs);
        }
        float[] flat = new float[Math.multiplyExact(rows.length, outputs)];
        predict(x, rows.length, flat);
        float[][] out = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            out[r] = java.util.Arrays.copyOfRange(flat, r * outputs, (r + 1) * outputs);
        }
        return out;
    }

    /**
     * The predicted class of one row: the arg-max, or the 0.5 threshold for a single output.
     *
     * @param row {@link #inputs()} features
     * @return the class, 0 … C−1
     */
    public int predictClass(float[] row) {
        return Outputs.predictedClass(predict(row), 0, outputs);
    }

    /**
     * The predicted class of each row.
     *
     * @param rows rows of {@link #inputs()} features each
     * @return one class per row
     */
    public int[] predictClasses(float[][] rows) {
        int[] classes = new int[rows.length];
        float[][] out = predict(rows);
        for (int r = 0; r < rows.length; r++) {
            classes[r] = Outputs.predictedClass(out[r], 0, outputs);
        }
        return classes;
    }

    /** {@return whether inputs are standardised before the first layer (a predictor made from a model file)} */
    public boolean standardizes() {
        return standardizer != null;
    }

    /**
     * The predicted classes of row-major rows.
     *
     * @param x    at least {@code rows × inputs()} features, row after row
     * @param rows how many rows
     * @return one class per row
     */
    public int[] predictClasses(float[] x, int rows) {
        float[] out = new float[Math.multiplyExact(rows, outputs)];
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

    /** One thread's kernels and buffers for a forward pass over up to {@code chunkRows} rows at a time. */
    private final class Pass {
        private final PackedGemm packed;
        private final float[] even;
        private final float[] odd;
        private final float[] scaled; // a chunk of standardised inputs, when the predictor standardises

        Pass() {
            Kernels kernels = serial.newKernels();
            this.packed = kernels.packed();
            int size = Math.multiplyExact(chunkRows, widest);
            this.even = new float[size];
            this.odd = new float[size];
            this.scaled = standardizer == null ? null : new float[Math.multiplyExact(chunkRows, inputs)];
        }

        /** Rows {@code [from, from+rows)} of x through every layer into the same rows of out. */
        void run(float[] x, int from, int rows, float[] out) {
            for (int start = from; start < from + rows; start += chunkRows) {
                int n = Math.min(chunkRows, from + rows - start);
                float[] in = x;
                int inOff = start * inputs;
                if (scaled != null) { // the caller's rows stay untouched
                    System.arraycopy(x, inOff, scaled, 0, n * inputs);
                    standardizer.applyInPlace(scaled, 0, n);
                    in = scaled;
                    inOff = 0;
                }
                for (int l = 0; l < layers.length; l++) {
                    Layer layer = layers[l];
                    boolean last = l == layers.length - 1;
                    float[] dst = last ? out : (l % 2 == 0 ? even : odd);
                    int dstOff = last ? start * outputs : 0;
                    packed.forward(n, in, inOff, layer.weights(), layer.bias(), 0, layer.activation(), dst, dstOff);
                    in = dst;
                    inOff = 0;
                }
            }
        }
    }

    /** A calling thread's state: one pass per piece and, on a parallel backend, a runner over its pool. */
    private final class Context implements ForkJoinRunner.Body {
        final Pass[] passes;
        private final ForkJoinRunner runner;
        private float[] x;
        private float[] out;
        private int rows;
        private int pieces;
        private final Runnable session;

        Context() {
            passes = new Pass[threads];
            passes[0] = new Pass();
            runner = backend instanceof ParallelBackend p ? p.newRunner() : null;
            session = () -> runner.run(this, pieces);
        }

        void runParallel(float[] input, int rowCount, float[] output, int pieceCount) {
            for (int i = 1; i < pieceCount; i++) {
                if (passes[i] == null) {
                    passes[i] = new Pass(); // once per calling thread and piece
                }
            }
            x = input;
            out = output;
            rows = rowCount;
            pieces = pieceCount;
            try {
                runner.session(session); // the pool's threads claim the pieces; a plain fork/join allocates per call
            } finally {
                x = null;
                out = null;
            }
        }

        /** Piece i: an even share of the rows, on whichever pool thread runs it (the pass belongs to the piece). */
        @Override
        public void run(int i) {
            int from = (int) ((long) rows * i / pieces);
            int to = (int) ((long) rows * (i + 1) / pieces);
            passes[i].run(x, from, to - from, out);
        }
    }
}
