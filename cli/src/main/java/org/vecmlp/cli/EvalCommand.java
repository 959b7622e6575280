package org.vecmlp.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vecmlp.data.Dataset;
import org.vecmlp.io.SavedModel;
import org.vecmlp.kernel.Backend;
import org.vecmlp.train.Evaluation;
import org.vecmlp.train.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vecmlp eval}: loss, accuracy and confusion matrix of a saved model on a data set. */
@Command(name = "eval", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Evaluate a saved model on labelled data: loss, accuracy, confusion matrix.")
final class EvalCommand implements Callable<Integer> {
    @ParentCommand
    VecmlpCommand parent;

    @Mixin
    ModelOption modelOption;

    @Mixin
    DataSource source;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, scalar, simd or parallel (default ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--json", description = "Print one JSON object with the results on stdout.")
    boolean json;

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
        SavedModel saved = modelOption.read();
        boolean classification = saved.classes() > 0;
        Dataset data = ModelOption.fit(saved, source.load(classification, saved.classes()), modelOption.model);
        Backend chosen = Backends.resolve(backend, 1);
        opened = chosen;
        Evaluation e = new Evaluator(saved.model().network(), chosen.newKernels(), 512)
                .evaluate(saved.model().parameters(), data);

        if (json) {
            Map<String, Object> result = Json.object();
            result.put("model", modelOption.model.toString());
            result.put("dataset", data.name());
            result.put("samples", e.samples());
            result.put("loss", e.loss());
            if (classification) {
                result.put("accuracy", e.accuracy());
                result.put("confusion", e.confusion());
            }
            parent.out().println(Json.write(result));
            return 0;
        }
        PrintStream out = parent.out();
        out.printf(Locale.ROOT, "%s on %s: %d samples, loss %.6f", modelOption.model, data.name(), e.samples(), e.loss());
        if (classification) {
            out.printf(Locale.ROOT, ", accuracy %.4f%n", e.accuracy());
            printConfusion(out, e.confusion());
        } else {
            out.println();
        }
        return 0;
    }

    /** The confusion matrix with actual classes as rows and predicted classes as columns. */
    static void printConfusion(PrintStream out, long[][] confusion) {
        int width = 5;
        for (long[] row : confusion) {
            for (long v : row) {
                width = Math.max(width, String.valueOf(v).length() + 1);
            }
        }
        out.println("confusion matrix (rows: actual, columns: predicted)");
        StringBuilder header = new StringBuilder(String.format("%" + width + "s", ""));
        for (int j = 0; j < confusion.length; j++) {
            header.append(String.format("%" + width + "d", j));
        }
        out.println(header);
        for (int i = 0; i < confusion.length; i++) {
            StringBuilder line = new StringBuilder(String.format("%" + width + "d", i));
            for (long v : confusion[i]) {
                line.append(String.format("%" + width + "d", v));
            }
            out.println(line);
        }
    }
}
