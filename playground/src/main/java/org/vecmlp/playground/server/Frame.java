package org.vecmlp.playground.server;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vecmlp.playground.data.Point;
import org.vecmlp.playground.model.EpochStats;
import org.vecmlp.playground.model.GridView;
import org.vecmlp.playground.model.PlaygroundRun;
import org.vecmlp.tensor.ParameterLayout;

/**
 * What the page draws at one moment, made on the training thread and read by the streams: the output map, each
 * neuron's map, the weights, the statistics. Immutable; a stream adds the history points its page has not seen.
 *
 * @param seq        the session's frame number (increases with every frame)
 * @param runId      the session's run number (a new run: the page clears its curves and reloads the points)
 * @param state      paused, playing, finished or diverged
 * @param message    a message for the page (a stop condition met, a divergence), or null
 * @param settings   the settings as a URL hash
 * @param values     the rest, ready for JSON
 */
record Frame(long seq, long runId, String state, String message, String settings, Map<String, Object> values) {
    /** Cells per side of the output map, as the playground draws it. */
    static final int OUTPUT_CELLS = 100;
    /** Cells per side of a neuron's small map (every fifth cell of the output grid). */
    static final int NEURON_CELLS = 20;

    static Frame of(long seq, long runId, String state, String message, PlaygroundRun run) {
        GridView grid = run.grid(OUTPUT_CELLS);
        Map<String, Object> v = new LinkedHashMap<>();
        EpochStats st = run.stats();
        v.put("epoch", st.epoch());
        v.put("trainLoss", st.trainLoss());
        v.put("testLoss", st.testLoss());
        v.put("trainAccuracy", st.trainAccuracy());
        v.put("testAccuracy", st.testAccuracy());
        v.put("trainConfusion", st.trainConfusion());
        v.put("testConfusion", st.testConfusion());
        v.put("gradientNorms", st.gradientNorms());
        double[] output = grid.output();
        v.put("output", bytes(i -> output[i], OUTPUT_CELLS, 1));
        List<List<String>> neurons = new ArrayList<>();
        int stride = OUTPUT_CELLS / NEURON_CELLS;
        float[][][] layers = grid.neurons();
        for (int l = 0; l < layers.length; l++) {
            boolean probabilities = l == layers.length - 1 && grid.predicted() != null;
            List<String> units = new ArrayList<>();
            for (float[] unit : layers[l]) {
                units.add(bytes(i -> probabilities ? 2.0 * unit[i] - 1 : unit[i], OUTPUT_CELLS, stride));
            }
            neurons.add(units);
        }
        v.put("classes", run.classes());
        if (grid.predicted() != null) {
            // More than two classes: each cell's predicted class, drawn in its colour at its probability (output).
            v.put("outputClasses", Base64.getEncoder().encodeToString(grid.predicted()));
        } else {
            // The output unit's map is drawn like the big one (a sigmoid's p as 2p − 1).
            neurons.set(neurons.size() - 1, List.of(bytes(i -> output[i], OUTPUT_CELLS, stride)));
        }
        v.put("neurons", neurons);
        ParameterLayout layout = run.layout();
        float[] p = run.parameters();
        List<float[]> weights = new ArrayList<>();
        List<float[]> biases = new ArrayList<>();
        for (int l = 0; l < layout.layers(); l++) {
            float[] w = new float[layout.weightCount(l)];
            System.arraycopy(p, layout.weightOffset(l), w, 0, w.length);
            weights.add(w);
            float[] b = new float[layout.fanOut(l)];
            System.arraycopy(p, layout.biasOffset(l), b, 0, b.length);
            biases.add(b);
        }
        v.put("weights", weights);
        v.put("biases", biases);
        float[] g = run.lastGradients();
        if (g != null) { // the last step's gradient, for the page's backpropagation formulas
            List<float[]> weightGradients = new ArrayList<>();
            List<float[]> biasGradients = new ArrayList<>();
            for (int l = 0; l < layout.layers(); l++) {
                weightGradients.add(java.util.Arrays.copyOfRange(g, layout.weightOffset(l),
                        layout.weightOffset(l) + layout.weightCount(l)));
                biasGradients.add(java.util.Arrays.copyOfRange(g, layout.biasOffset(l), layout.end(l)));
            }
            v.put("weightGradients", weightGradients);
            v.put("biasGradients", biasGradients);
        }
        List<String> activations = new ArrayList<>();
        for (int l = 0; l < layout.layers(); l++) {
            activations.add(run.spec().layers().get(l).activation().toString());
        }
        v.put("activations", activations);
        v.put("learningRate", run.settings().learningRate());
        v.put("features", run.features().stream().map(f -> f.key()).toList());
        v.put("problem", run.settings().problem().key());
        return new Frame(seq, runId, state, message, run.settings().toQuery(), v);
    }

    /** Values in [−1, 1] (clamped) as bytes 0–255, every {@code stride}-th cell from the middle of each block. */
    static String bytes(java.util.function.IntToDoubleFunction values, int n, int stride) {
        int m = n / stride;
        byte[] out = new byte[m * m];
        int offset = stride / 2;
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < m; c++) {
                double v = values.applyAsDouble((r * stride + offset) * n + c * stride + offset);
                double t = Double.isNaN(v) ? 0 : Math.max(-1, Math.min(1, v));
                out[r * m + c] = (byte) Math.round((t + 1) * 127.5);
            }
        }
        return Base64.getEncoder().encodeToString(out);
    }

    static List<double[]> points(List<Point> points) {
        List<double[]> out = new ArrayList<>(points.size());
        for (Point p : points) {
            out.add(new double[]{Math.round(p.x() * 1000) / 1000.0, Math.round(p.y() * 1000) / 1000.0,
                    Math.round(p.label() * 1000) / 1000.0});
        }
        return out;
    }
}
