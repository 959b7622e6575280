package org.vecmlp.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vecmlp.io.ModelFile;
import org.vecmlp.io.SavedModel;
import org.vecmlp.onnx.OnnxImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vecmlp import model.onnx --out model.vmlp}: an ONNX MLP (PyTorch, tf2onnx) as a vecmlp model file. */
@Command(name = "import", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Convert an ONNX model of a multi-layer perceptron (as torch.onnx.export or tf2onnx write "
                + "it) into a vecmlp model file.",
                "Accepted: Gemm, or MatMul + Add; Relu, LeakyRelu, Sigmoid, Tanh, Softmax; Flatten, Reshape, "
                        + "Identity; Sub/Div by constants before the first layer (the standardisation); "
                        + "Transpose, Reshape, Squeeze, Unsqueeze of constant weights; opsets 6-21."})
final class ImportCommand implements Callable<Integer> {
    @ParentCommand
    VecmlpCommand parent;

    @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "The ONNX file to read.")
    Path onnx;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The vecmlp model file to write "
            + "(atomically).")
    Path out;

    @Option(names = "--classes", paramLabel = "N", description = "Number of classes, where the output layer does not "
            + "say (default: softmax units, 2 for one sigmoid unit, else 0 = regression).")
    Integer classes;

    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        OutputPaths.check("--out", out);
        DataSource.existingFile(onnx.toString(), "MODEL.onnx");
        if (classes != null && classes < 0) {
            throw new CliException("--classes must be ≥ 0, got " + classes);
        }
        SavedModel imported = OnnxImport.read(onnx);
        Map<String, String> metadata = new LinkedHashMap<>(imported.metadata());
        metadata.putIfAbsent("imported_from", onnx.getFileName().toString());
        if (classes != null) {
            String mismatch = SavedModel.classesMismatch(imported.model().spec().outputs(), classes);
            if (mismatch != null) {
                throw new CliException("--classes " + classes + " does not fit " + onnx + ": " + mismatch);
            }
        }
        SavedModel saved = new SavedModel(imported.model(), imported.standardizer(),
                classes != null ? classes : imported.classes(), metadata);
        ModelFile.write(out, saved);
        Map<String, Object> report = Json.object();
        report.put("model", out.toString());
        report.put("from", onnx.toString());
        report.put("network", saved.model().spec().describe());
        report.put("parameters", saved.model().parameterCount());
        report.put("standardized", saved.standardizer() != null);
        report.put("classes", saved.classes());
        if (json) {
            parent.out().println(Json.write(report));
        } else {
            parent.out().println("vecmlp: imported " + onnx + " → " + out + ": " + saved.model().spec().describe()
                    + ", " + saved.model().parameterCount() + " parameters"
                    + (saved.standardizer() != null ? ", standardised inputs" : "")
                    + (saved.classes() > 0 ? ", " + saved.classes() + " classes" : ", regression"));
        }
        return 0;
    }
}
