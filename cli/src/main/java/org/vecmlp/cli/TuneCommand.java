package org.vecmlp.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vecmlp.io.AtomicFiles;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.kernel.Cpu;
import org.vecmlp.kernel.Tuning;
import org.vecmlp.kernel.simd.SimdBackend;
import org.vecmlp.tune.GemmTuner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vecmlp tune}: measures the SIMD GEMM's register tiles, cache blocks and small-product cut-offs on this
 * machine, prints the table and writes the fastest as a tuning file that later runs load.
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Measure the SIMD GEMM's micro-kernels, block sizes and cut-offs on this machine and write the "
                + "fastest as a tuning file that later runs use (vecmlp info shows which is in force).",
                "Tuning changes speed only: every kernel and block size gives bitwise identical results."})
final class TuneCommand implements Callable<Integer> {
    @ParentCommand
    VecmlpCommand parent;

    @Option(names = "--quick", description = "Fewer shapes, candidates and rounds (a few seconds; noisier).")
    boolean quick;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to write the tuning (default: ${XDG_CONFIG_HOME:-~/.config}/vecmlp/tuning.properties,"
                    + " which the engine reads at start-up).")
    Path out;

    @Option(names = "--no-write", description = "Measure and print only.")
    boolean noWrite;

    @Option(names = "--json", description = "Print the table as one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (!BackendProvider.available().contains("simd")) {
            throw new CliException("tune measures the SIMD kernels, which cannot run here: "
                    + BackendProvider.vectorSpeciesDescription());
        }
        Path target = out != null ? out : Tuning.defaultFile();
        if (!noWrite) {
            if (out == null) {
                Files.createDirectories(target.toAbsolutePath().getParent()); // the default file's folder
            }
            OutputPaths.check("--out", target);
        }
        Tuning builtIn = Tuning.builtIn(Cpu.current(), SimdBackend.vectorBits());
        GemmTuner tuner = new GemmTuner(builtIn, quick);
        Bar bar = new Bar(parent.err(), parent.terminal());
        GemmTuner.Result result = tuner.run(bar::step);
        bar.finish();
        double builtInScore = result.builtInScore();
        double bestScore = result.bestScore();
        if (json) {
            parent.out().println(Json.write(asJson(result, builtIn, builtInScore, bestScore, target)));
        } else {
            printTable(result);
            parent.out().printf(Locale.ROOT, "final stage, side by side (geometric mean):%n");
            parent.out().printf(Locale.ROOT, "  built-in  %-28s %6.1f GFLOP/s (%s)%n", builtIn.blocking(),
                    builtInScore, builtIn.source());
            parent.out().printf(Locale.ROOT, "  measured  %-28s %6.1f GFLOP/s, %.2fx the built-in; plain loops up to "
                    + "%d multiply-adds or n*k <= %d%n", result.best().blocking(), bestScore, bestScore / builtInScore,
                    result.best().directMaxFlops(), result.best().directMaxNk());
        }
        if (!noWrite) {
            String text = result.best().toProperties(Cpu.current(), SimdBackend.vectorBits(),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            AtomicFiles.write(target, text.getBytes(StandardCharsets.UTF_8));
            parent.err().println("wrote " + target + (out == null ? " (read by every later run)"
                    : " (use it with -D" + Tuning.PROPERTY + "=" + target + ")"));
        }
        return 0;
    }

    private void printTable(GemmTuner.Result result) {
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-5s %-28s", "stage", "tuning"));
        for (GemmTuner.Shape s : result.shapes()) {
            head.append(String.format(Locale.ROOT, " %9s", s.name()));
        }
        parent.out().println(head.append(String.format(Locale.ROOT, " %9s", "geomean")));
        parent.out().println("      GFLOP/s, median of the rounds; one thread; fastest first per stage");
        for (GemmTuner.Row row : result.rows()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-5s %-28s", row.stage(),
                    row.tuning().blocking()));
            for (double g : row.gflops()) {
                line.append(String.format(Locale.ROOT, " %9.1f", g));
            }
            parent.out().println(line.append(String.format(Locale.ROOT, " %9.1f", row.score())));
        }
    }

    private static Map<String, Object> asJson(GemmTuner.Result result, Tuning builtIn, double builtInScore,
                                              double bestScore, Path target) {
        Map<String, Object> o = Json.object();
        o.put("cpu", Cpu.current().toString());
        o.put("vector_bits", SimdBackend.vectorBits());
        o.put("shapes", result.shapes().stream().map(s -> s.name() + " " + s.layout() + " " + s.m() + "x" + s.k()
                + "x" + s.n()).toList());
        List<Map<String, Object>> rows = result.rows().stream().map(r -> {
            Map<String, Object> row = Json.object();
            row.put("stage", r.stage());
            row.put("tuning", r.tuning().blocking().toString());
            row.put("gflops", java.util.Arrays.stream(r.gflops()).boxed().toList());
            row.put("geomean_gflops", r.score());
            return row;
        }).toList();
        o.put("rows", rows);
        o.put("built_in", builtIn.blocking().toString());
        o.put("built_in_gflops", builtInScore);
        o.put("best", result.best().blocking().toString());
        o.put("best_gflops", bestScore);
        o.put("direct_max_multiply_adds", result.best().directMaxFlops());
        o.put("direct_max_nk", result.best().directMaxNk());
        o.put("file", target.toString());
        return o;
    }

    /** The progress bar on stderr: redrawn on a terminal, a line every tenth otherwise. */
    private static final class Bar {
        private final java.io.PrintStream err;
        private final boolean terminal;
        private int lastTenth = -1;

        Bar(java.io.PrintStream err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        void step(int done, int total, String what) {
            int width = 30, filled = (int) ((long) width * done / Math.max(1, total));
            String line = String.format(Locale.ROOT, "tune [%s%s] %3d%% %s", "#".repeat(filled),
                    "-".repeat(width - filled), 100L * done / Math.max(1, total), what);
            if (terminal) {
                err.print("\r" + line + "\u001b[K");
            } else if (10 * done / Math.max(1, total) != lastTenth) {
                lastTenth = 10 * done / Math.max(1, total);
                err.println(line);
            }
            err.flush();
        }

        void finish() {
            if (terminal) {
                err.print("\r\u001b[K");
            }
            err.flush();
        }
    }
}
