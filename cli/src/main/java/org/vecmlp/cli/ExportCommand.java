package org.vecmlp.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vecmlp.io.SavedModel;
import org.vecmlp.onnx.OnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vecmlp export model.vmlp --onnx out.onnx}: a vecmlp model as an ONNX graph for ONNX Runtime and others. */
@Command(name = "export", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Write a vecmlp model file as an ONNX model (opset 17): Gemm and activation nodes, the "
                + "standardisation as Sub/Div, the metadata carried over.")
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    VecmlpCommand parent;

    @Parameters(index = "0", paramLabel = "MODEL.vmlp", description = "A model written by 'vecmlp train --save' or "
            + "'vecmlp import'.")
    Path model;

    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "The ONNX file to write "
            + "(atomically).")
    Path onnx;

    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        OutputPaths.check("--onnx", onnx);
        DataSource.existingFile(model.toString(), "MODEL.vmlp");
        SavedModel saved = org.vecmlp.io.ModelFile.read(model);
        OnnxExport.write(saved, onnx);
        Map<String, Object> report = Json.object();
        report.put("onnx", onnx.toString());
        report.put("from", model.toString());
        report.put("network", saved.model().spec().describe());
        report.put("opset", OnnxExport.OPSET);
        if (json) {
            parent.out().println(Json.write(report));
        } else {
            parent.out().println("vecmlp: exported " + model + " → " + onnx + " (ONNX opset " + OnnxExport.OPSET
                    + "): " + saved.model().spec().describe());
        }
        return 0;
    }
}
