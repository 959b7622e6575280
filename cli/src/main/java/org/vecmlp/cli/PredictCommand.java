package org.vecmlp.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vecmlp.infer.Predictor;
import org.vecmlp.io.AtomicFiles;
import org.vecmlp.io.SavedModel;
import org.vecmlp.kernel.Backend;
import org.vecmlp.nn.Outputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vecmlp predict}: a CSV of predictions (class and probabilities, or values) for every row. */
@Command(name = "predict", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Predict with a saved model: one CSV row per input row (class and probabilities, or values).")
final class PredictCommand implements Callable<Integer> {
    @ParentCommand
    VecmlpCommand parent;

    @Mixin
    ModelOption modelOption;

    @Mixin
    DataSource source;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the CSV here (atomically) instead of stdout.")
    Path out;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, scalar, simd or parallel (default ${DEFAULT-VALUE}).")
    String backend;

    @Override
    public Integer call() throws IOException {
        try {
            return run();
        } finally {
            if (opened != null) {
                opened.close(); // stops a parallel backend's pool; nothing for the others
            }
        }
    }

    private Backend opened;

    private Integer run() throws IOException {
        OutputPaths.check("--out", out);
        SavedModel saved = modelOption.read();
        int inputs = saved.model().spec().inputs();
        float[] x = source.loadFeatures(inputs);
        int rows = x.length / inputs;
        Backend chosen = Backends.resolve(backend, 1);
        opened = chosen;
        Predictor predictor = saved.predictor(chosen); // applies the model's standardisation itself
        int width = predictor.outputs();
        float[] y = new float[rows * width];
        predictor.predict(x, rows, y);

        StringBuilder csv = new StringBuilder();
        boolean classification = saved.classes() > 0;
        if (classification) {
            csv.append("predicted");
            for (int c = 0; c < saved.classes(); c++) {
                csv.append(",p").append(c);
            }
        } else {
            for (int j = 0; j < width; j++) {
                csv.append(j == 0 ? "" : ",").append(width == 1 ? "predicted" : "predicted" + j);
            }
        }
        csv.append('\n');
        for (int r = 0; r < rows; r++) {
            int off = r * width;
            if (classification) {
                csv.append(Outputs.predictedClass(y, off, width));
                if (width == 1) {
                    float p = y[off];
                    csv.append(',').append(format(1 - p)).append(',').append(format(p));
                } else {
                    for (int j = 0; j < width; j++) {
                        csv.append(',').append(format(y[off + j]));
                    }
                }
            } else {
                for (int j = 0; j < width; j++) {
                    csv.append(j == 0 ? "" : ",").append(format(y[off + j]));
                }
            }
            csv.append('\n');
        }
        if (out != null) {
            AtomicFiles.write(out, csv.toString().getBytes(StandardCharsets.UTF_8));
            parent.err().printf(Locale.ROOT, "vecmlp: wrote %d predictions to %s%n", rows, out);
        } else {
            parent.out().print(csv);
        }
        return 0;
    }

    private static String format(float v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
