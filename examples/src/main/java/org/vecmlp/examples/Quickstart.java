package org.vecmlp.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.vecmlp.Mlp;
import org.vecmlp.data.Dataset;
import org.vecmlp.data.Generators;
import org.vecmlp.infer.Predictor;
import org.vecmlp.io.SavedModel;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.onnx.OnnxExport;
import org.vecmlp.onnx.OnnxImport;
import org.vecmlp.train.Initializer;
import org.vecmlp.train.OptimizerSpec;
import org.vecmlp.train.TrainingConfig;
import org.vecmlp.train.TrainingHistory;

/**
 * What a service does with vecmlp: import a model trained elsewhere (an ONNX file PyTorch wrote) and predict with
 * it, then train a model of its own, export it to ONNX and check the file imports back to the same predictions.
 * Usage: {@code Quickstart MODEL.onnx}. Exits 1 when a check fails.
 */
public final class Quickstart {
    private Quickstart() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("backend: " + BackendProvider.defaultChoice().backend().name());

        // 1. A PyTorch model, imported from ONNX.
        SavedModel imported = OnnxImport.read(Path.of(args[0]));
        Predictor torch = imported.predictor();
        float[] row = new float[imported.model().spec().inputs()];
        Arrays.fill(row, 0.5f);
        float[] p = torch.predict(row);
        System.out.printf("imported %s (%s): P(classes | 0.5…) = %s, class %d%n", args[0],
                imported.model().spec().describe(), Arrays.toString(p), torch.predictClass(row));

        // 2. A model of our own, trained, exported to ONNX and imported back.
        Dataset.Split data = Generators.spiral(800, 0.1, 7).split(0.25, 7);
        MlpSpec spec = MlpSpec.builder(2).hidden(16, Activation.TANH).hidden(16, Activation.TANH)
                .output(1, Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY);
        Mlp model = Mlp.initialize(spec, Initializer.XAVIER, 7);
        TrainingHistory history = model.trainer(TrainingConfig.builder().epochs(150).batchSize(32)
                .learningRate(0.01).optimizer(OptimizerSpec.adam()).seed(7).build()).fit(data.train(), data.test());
        double accuracy = history.last().validationAccuracy();
        System.out.printf("trained %s: validation accuracy %.3f%n", spec.describe(), accuracy);

        Path onnx = Files.createTempFile("spiral", ".onnx");
        try {
            OnnxExport.write(model, onnx);
            Predictor back = OnnxImport.read(onnx).predictor();
            float[] x = data.test().features();
            int rows = data.test().rows();
            float[] ours = new float[rows], theirs = new float[rows];
            model.predictor().predict(x, rows, ours);
            back.predict(x, rows, theirs);
            boolean same = Arrays.equals(ours, theirs);
            System.out.printf("exported to ONNX and imported back: %d predictions %s%n", rows,
                    same ? "identical" : "DIFFERENT");
            if (!same || accuracy < 0.9) {
                System.exit(1);
            }
        } finally {
            Files.deleteIfExists(onnx);
        }
    }
}
