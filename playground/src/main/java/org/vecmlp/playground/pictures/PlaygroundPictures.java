package org.vecmlp.playground.pictures;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.vecmlp.kernel.Backend;
import org.vecmlp.playground.data.Problem;
import org.vecmlp.playground.model.EpochStats;
import org.vecmlp.playground.model.GridView;
import org.vecmlp.playground.model.PlaygroundData;
import org.vecmlp.playground.model.PlaygroundRun;
import org.vecmlp.playground.model.Settings;

/**
 * The lecture's lessons as pictures: decision boundaries of every data set, panels that vary one setting at a time,
 * vanishing gradients, bias–variance, L1 sparsity and optimisation, each trained on the engine here and now, written
 * as PNG files with an {@code index.html} that explains them and a {@code summary.json} of the figures quoted.
 */
public final class PlaygroundPictures {
    /**
     * A picture and what it shows.
     *
     * @param file    its file name in the folder
     * @param section the index page's section
     * @param title   its title
     * @param caption what it shows and why
     */
    public record Figure(String file, String section, String title, String caption) {
    }

    /**
     * What a call wrote.
     *
     * @param figures the pictures, in order
     * @param numbers the figures the captions and the closing notes quote, by name
     */
    public record Result(List<Figure> figures, Map<String, Double> numbers) {
    }

    private static final int PANEL = 230;
    private final Path dir;
    private final double effort;
    private final Backend backend;
    private final List<Figure> figures = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Double> numbers = Collections.synchronizedMap(new TreeMap<>());

    private PlaygroundPictures(Path dir, double effort, Backend backend) {
        this.dir = dir;
        this.effort = effort;
        this.backend = backend;
    }

    /**
     * Trains every lesson and writes its pictures, {@code index.html} and {@code summary.json} into {@code dir}.
     *
     * @param dir     the folder (created if missing)
     * @param effort  the share of the full number of epochs to train (1 for the published set; less for a quick
     *                look), in (0, 1]
     * @param backend the kernels
     * @return what was written
     * @throws IOException when the folder or a file cannot be written
     */
    public static Result write(Path dir, double effort, Backend backend) throws IOException {
        if (!(effort > 0 && effort <= 1)) {
            throw new IllegalArgumentException("effort must be in (0, 1], got " + effort);
        }
        Files.createDirectories(dir);
        PlaygroundPictures p = new PlaygroundPictures(dir, effort, backend);
        try {
            p.boundaries();
            p.sweeps();
            p.vanishingGradients();
            p.biasVariance();
            p.l1Sparsity();
            p.optimisation();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Result result = new Result(List.copyOf(p.figures), Map.copyOf(p.numbers));
        IndexPage.write(dir, result, effort);
        return result;
    }

    private int epochs(int full) {
        return Math.max(2, (int) Math.round(full * effort));
    }

    private static Settings settings(String query) {
        return Settings.parse(query, Settings.DEFAULT);
    }

    /** Trains for up to {@code epochs} epochs (fewer when it diverges or a stop condition holds). */
    private PlaygroundRun train(Settings s, int epochs, int batchSize) {
        PlaygroundRun run = new PlaygroundRun(s, PlaygroundData.of(s, null), backend, batchSize);
        while (run.epoch() < epochs && run.divergence() == null) {
            run.trainEpoch();
        }
        return run;
    }

    private PlaygroundRun train(Settings s, int epochs) {
        return train(s, epochs, s.batchSize());
    }

    private static String outcome(PlaygroundRun run) {
        EpochStats st = run.stats();
        String result = run.settings().problem() == Problem.CLASSIFICATION
                ? String.format(Locale.ROOT, "test %.1f%% · train %.1f%% right", 100 * st.testAccuracy(),
                100 * st.trainAccuracy())
                : String.format(Locale.ROOT, "test loss %.4f · train %.4f", st.testLoss(), st.trainLoss());
        return run.divergence() != null ? "diverged in epoch " + (run.epoch() + 1) + " · " + result : result;
    }

    private void savePng(BufferedImage image, String file) {
        try {
            ImageIO.write(image, "png", dir.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void saveChart(JFreeChart chart, String file) {
        try {
            Charts.save(chart, dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Panel(String title, String query) {
    }

    /** One loss curve: a name for the legend, the settings, the batch size (0: the whole set). */
    private record Curve(String name, String query, int batch) {
    }

    /** One sheet of decision boundaries, one panel a setting, trained in parallel. */
    private List<PlaygroundRun> sheet(String file, String section, String heading, String caption, int epochs,
                                      List<Panel> panels) {
        List<PlaygroundRun> runs = panels.parallelStream().map(p -> train(settings(p.query()), epochs)).toList();
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < panels.size(); i++) {
            PlaygroundRun run = runs.get(i);
            GridView grid = run.grid(100);
            images.add(HeatMaps.panel(run, grid, panels.get(i).title(), outcome(run), PANEL, true));
        }
        savePng(HeatMaps.sheet(images, Math.min(panels.size(), 6), heading), file);
        figures.add(new Figure(file, section, heading, caption));
        return runs;
    }

    private void boundaries() {
        String all = "&xSquared=true&ySquared=true&xTimesY=true&sinX=true&sinY=true";
        List<PlaygroundRun> runs = sheet("boundaries.png", "Decision boundaries", "Every data set, learnt (" + epochs(600) + " epochs)",
                "TensorFlow Playground's six sets in parity mode (its rules: tanh output, ½(o−t)², batch 10). White "
                        + "rims: training points; black rims: test points. Orange is −1, blue +1; for the regression "
                        + "sets the colour is the predicted value.", epochs(600), List.of(
                        new Panel("circle · 4-2 tanh", "dataset=circle&networkShape=4,2"),
                        new Panel("xor · 4-2 tanh", "dataset=xor&networkShape=4,2"),
                        new Panel("gauss · 2 tanh", "dataset=gauss&networkShape=2&noise=25"),
                        new Panel("spiral · 8-8-8-8 tanh", "dataset=spiral&networkShape=8,8,8,8"),
                        new Panel("reg-plane · 2 tanh", "problem=regression&regDataset=reg-plane&networkShape=2"
                                + "&learningRate=0.01"),
                        new Panel("reg-gauss · 8-8-4 tanh", "problem=regression&regDataset=reg-gauss"
                                + "&networkShape=8,8,4&learningRate=0.01")));
        String[] names = {"circle", "xor", "gauss", "spiral"};
        for (int i = 0; i < names.length; i++) {
            numbers.put("boundaries." + names[i] + ".testAccuracy", runs.get(i).stats().testAccuracy());
        }
    }

    private void sweeps() {
        String sweep = "One setting at a time";
        sheet("activation.png", sweep, "Hidden activation (xor, 4-2, " + epochs(300) + " epochs)",
                "xor cannot be separated by a line: with a linear activation the whole network is one linear map and "
                        + "stays near chance; every non-linearity bends the boundary.", epochs(300), List.of(
                        new Panel("relu", "dataset=xor&activation=relu"),
                        new Panel("tanh", "dataset=xor&activation=tanh"),
                        new Panel("sigmoid", "dataset=xor&activation=sigmoid"),
                        new Panel("linear", "dataset=xor&activation=linear"),
                        new Panel("leaky-relu", "dataset=xor&activation=leaky-relu")));
        sheet("depth.png", sweep, "Depth (spiral, X1 and X2 only, layers of 8 tanh, " + epochs(600) + " epochs)",
                "From the two raw coordinates the spiral needs depth: no hidden layer draws a line, one layer a few "
                        + "bends; three or more follow the arms.", epochs(600), List.of(
                        new Panel("no hidden layer", "dataset=spiral&networkShape="),
                        new Panel("1 layer", "dataset=spiral&networkShape=8"),
                        new Panel("2 layers", "dataset=spiral&networkShape=8,8"),
                        new Panel("3 layers", "dataset=spiral&networkShape=8,8,8"),
                        new Panel("4 layers", "dataset=spiral&networkShape=8,8,8,8"),
                        new Panel("6 layers", "dataset=spiral&networkShape=8,8,8,8,8,8")));
        sheet("width.png", sweep, "Width (circle, one hidden tanh layer, " + epochs(300) + " epochs)",
                "Each hidden unit contributes one straight edge: one or two cannot enclose the inner class, three make "
                        + "a triangle, more make it round.", epochs(300), List.of(
                        new Panel("1 neuron", "dataset=circle&networkShape=1"),
                        new Panel("2 neurons", "dataset=circle&networkShape=2"),
                        new Panel("3 neurons", "dataset=circle&networkShape=3"),
                        new Panel("4 neurons", "dataset=circle&networkShape=4"),
                        new Panel("8 neurons", "dataset=circle&networkShape=8")));
        String all = "&xSquared=true&ySquared=true&xTimesY=true&sinX=true&sinY=true";
        List<String> l1Rates = List.of("0", "0.001", "0.003", "0.01", "0.03");
        List<PlaygroundRun> l1 = sheet("l1.png", sweep, "L1 rate λ (spiral, 7 features, 8-8 tanh, " + epochs(400) + " epochs)",
                "L1 pushes every weight towards zero by a constant step and, in the playground's rule, removes those "
                        + "that cross it: the boundary gets simpler as λ grows, until it no longer fits.", epochs(400),
                l1Rates.stream().map(r -> new Panel("L1 λ = " + r, "dataset=spiral&networkShape=8,8" + all
                        + "&regularization=L1&regularizationRate=" + r)).toList());
        for (int i = 0; i < l1.size(); i++) {
            numbers.put("l1.sheet.zeroShare.lambda" + l1Rates.get(i), l1.get(i).nearZeroWeightShare(0));
        }
        sheet("l2.png", sweep, "L2 rate λ (xor, 25% noise, 20% to train, 8-8-8 tanh, " + epochs(400) + " epochs)",
                "With 100 noisy points the unregularised network fits the training set better than the test set; a "
                        + "little L2 shrinks the weights and straightens the boundary, and too much (0.1) flattens it "
                        + "until it fits neither.",
                epochs(400), List.of("0", "0.003", "0.01", "0.03", "0.1").stream()
                        .map(r -> new Panel("L2 λ = " + r, "dataset=xor&noise=25&percTrainData=20&networkShape=8,8,8"
                                + "&regularization=L2&regularizationRate=" + r)).toList());
        sheet("learning-rate.png", sweep, "Learning rate (circle, 4-2 tanh, " + epochs(100) + " epochs)",
                "Too small and nothing happens in 100 epochs; too large and the steps overshoot: at 3 the boundary "
                        + "jumps from step to step, at 10 the tanh units saturate and the network learns nothing. (A "
                        + "rate that sends the loss to infinity stops the run with a message; the live page shows it.)", epochs(100),
                List.of("0.0001", "0.003", "0.03", "0.3", "3", "10").stream()
                        .map(r -> new Panel("learning rate " + r, "dataset=circle&learningRate=" + r)).toList());
        sheet("noise.png", sweep, "Noise (circle, 4-2 tanh, " + epochs(300) + " epochs)",
                "Noise moves points across the boundary they were labelled by: the same network reaches a lower test "
                        + "accuracy because the classes overlap, not because it learns less.", epochs(300),
                List.of("0", "15", "30", "50").stream()
                        .map(r -> new Panel("noise " + r + "%", "dataset=circle&noise=" + r)).toList());
        sheet("batch-size.png", sweep, "Batch size (circle, 4-2 tanh, " + epochs(40) + " epochs)",
                "Per epoch, smaller batches take more steps: batch 1 takes 250 updates an epoch, batch 30 eight, so in "
                        + "the same epochs the large batch has moved far less.", epochs(40),
                List.of("1", "3", "10", "30").stream()
                        .map(b -> new Panel("batch " + b, "dataset=circle&batchSize=" + b)).toList());
        sheet("features.png", sweep, "Input features (no hidden layer: a linear model on the features, " + epochs(200) + " epochs)",
                "The right features make a hard problem linear: the circle is a threshold on X1² + X2², xor the sign "
                        + "of X1·X2; no feature of these turns the spiral linear.", epochs(200), List.of(
                        new Panel("circle · X1, X2", "dataset=circle&networkShape="),
                        new Panel("circle · X1², X2²", "dataset=circle&networkShape=&x=false&y=false&xSquared=true"
                                + "&ySquared=true"),
                        new Panel("xor · X1, X2", "dataset=xor&networkShape="),
                        new Panel("xor · X1·X2", "dataset=xor&networkShape=&x=false&y=false&xTimesY=true"),
                        new Panel("spiral · X1, X2", "dataset=spiral&networkShape="),
                        new Panel("spiral · all seven", "dataset=spiral&networkShape=" + all)));
    }

    private static final List<String> GRADIENT_ACTIVATIONS = List.of("sigmoid", "tanh", "relu");

    private void vanishingGradients() {
        int epochs = epochs(60);
        int[] depths = {2, 4, 6, 8, 10};
        Map<String, double[][]> ratios = new LinkedHashMap<>();
        for (String act : GRADIENT_ACTIVATIONS) {
            double[] ys = new double[depths.length];
            double[] xs = new double[depths.length];
            List<Integer> depthList = java.util.Arrays.stream(depths).boxed().toList();
            List<double[][]> perDepth = depthList.parallelStream().map(d -> gradientHistory(act, d, epochs)).toList();
            for (int i = 0; i < depths.length; i++) {
                double[][] history = perDepth.get(i); // [epoch][layer]
                xs[i] = depths[i];
                ys[i] = ratio(history);
                numbers.put("vanishing." + act + ".depth" + depths[i] + ".firstToLastRatio", ys[i]);
            }
            ratios.put(act, new double[][]{xs, ys});
            double[][] deepest = perDepth.get(depths.length - 1);
            Map<String, double[][]> layers = new LinkedHashMap<>();
            for (int l = 0; l < deepest[0].length; l++) {
                double[] ex = new double[deepest.length];
                double[] ey = new double[deepest.length];
                for (int e = 0; e < deepest.length; e++) {
                    ex[e] = e + 1;
                    ey[e] = deepest[e][l];
                }
                layers.put(l == deepest[0].length - 1 ? "output" : "layer " + (l + 1), new double[][]{ex, ey});
            }
            String file = "vanishing-" + act + ".png";
            saveChart(Charts.lines("Gradient norm of each layer, 10 hidden " + act + " layers of 8 (circle)",
                    "epoch", "‖∂L/∂W‖ of the layer (log)", null, true, layers), file);
            figures.add(new Figure(file, "Vanishing gradients", act + ", depth 10",
                    "The L2 norm of each layer's gradient, averaged over the epoch's steps."));
        }
        saveChart(Charts.lines("First hidden layer's gradient norm over the output layer's", "hidden layers",
                "first / output gradient norm (log)", null, true, ratios), "vanishing-ratio.png");
        figures.add(new Figure("vanishing-ratio.png", "Vanishing gradients", "The ratio against depth",
                "Geometric mean over the epochs of the first hidden layer's gradient norm divided by the output "
                        + "layer's, for 2 to 10 hidden layers of 8."));
    }

    /** Engine mode (Xavier for sigmoid and tanh, He for ReLU; SGD; cross-entropy): per-epoch gradient norms. */
    private double[][] gradientHistory(String activation, int depth, int epochs) {
        String shape = String.join(",", Collections.nCopies(depth, "8"));
        Settings s = settings("dataset=circle&mode=engine&optimizer=sgd&learningRate=0.03&activation=" + activation
                + "&networkShape=" + shape);
        PlaygroundRun run = new PlaygroundRun(s, PlaygroundData.of(s, null), backend);
        double[][] history = new double[epochs][];
        for (int e = 0; e < epochs; e++) {
            history[e] = run.trainEpoch().gradientNorms().clone();
        }
        return history;
    }

    private static double ratio(double[][] history) {
        double logSum = 0;
        for (double[] norms : history) {
            logSum += Math.log(norms[0] / norms[norms.length - 1]);
        }
        return Math.exp(logSum / history.length);
    }

    private void biasVariance() {
        String base = "dataset=circle&noise=40&percTrainData=10&activation=tanh&learningRate=0.03";
        int epochs = epochs(500);
        List<String> depths = List.of("0", "1", "2", "3", "4", "6");
        lossCurve("bias-variance-depth.png", "Loss against depth (circle, 40% noise, 10% to train, layers of 8)",
                "hidden layers", depths, depths.stream().map(d -> base + "&networkShape="
                        + String.join(",", Collections.nCopies(Integer.parseInt(d), "8"))).toList(), epochs,
                "Deeper networks fit the 50 training points ever better (bias falls); past a point the test loss "
                        + "stops following (variance grows).");
        List<String> widths = List.of("1", "2", "3", "4", "6", "8");
        lossCurve("bias-variance-width.png", "Loss against width (circle, 40% noise, 10% to train, two layers)",
                "neurons a layer", widths, widths.stream().map(w -> base + "&networkShape=" + w + "," + w).toList(),
                epochs, "Width does what depth does: more capacity, lower training loss, a widening gap to test.");
        List<String> rates = List.of("0", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3");
        lossCurve("bias-variance-l2.png", "Loss against the L2 rate λ (circle, 40% noise, 10% to train, 8-8-8)",
                "L2 λ", rates, rates.stream().map(r -> base + "&networkShape=8,8,8&regularization=L2"
                        + "&regularizationRate=" + r).toList(), epochs,
                "λ trades the other way: the training loss rises with λ while the test loss first falls (less "
                        + "variance), then rises with it (too much bias).");
    }

    /** Final train and test loss of one run per category, averaged over three seeds. */
    private void lossCurve(String file, String title, String xLabel, List<String> categories, List<String> queries,
                           int epochs, String caption) {
        double[] xs = new double[categories.size()];
        double[] train = new double[categories.size()];
        double[] test = new double[categories.size()];
        List<String> seeds = List.of("1", "2", "3");
        for (int i = 0; i < categories.size(); i++) {
            xs[i] = i;
            String q = queries.get(i);
            List<EpochStats> stats = seeds.parallelStream().map(seed -> train(settings(q + "&seed=" + seed), epochs)
                    .stats()).toList();
            train[i] = stats.stream().mapToDouble(EpochStats::trainLoss).average().orElseThrow();
            test[i] = stats.stream().mapToDouble(EpochStats::testLoss).average().orElseThrow();
            String key = file.replace(".png", "") + "." + categories.get(i);
            numbers.put(key + ".trainLoss", train[i]);
            numbers.put(key + ".testLoss", test[i]);
        }
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("training loss", new double[][]{xs, train});
        series.put("test loss", new double[][]{xs, test});
        saveChart(Charts.lines(title, xLabel, "mean ½(o−t)² after " + epochs + " epochs, 3 seeds", categories, false,
                series), file);
        figures.add(new Figure(file, "Bias and variance", title, caption));
    }

    private void l1Sparsity() {
        List<String> rates = List.of("0", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3");
        int epochs = epochs(300);
        String all = "&xSquared=true&ySquared=true&xTimesY=true&sinX=true&sinY=true";
        List<PlaygroundRun> runs = rates.parallelStream().map(r -> train(settings("dataset=spiral&networkShape=8,8"
                + all + "&regularization=L1&regularizationRate=" + r), epochs)).toList();
        double[] xs = new double[rates.size()];
        double[] zero = new double[rates.size()];
        double[] small = new double[rates.size()];
        for (int i = 0; i < rates.size(); i++) {
            xs[i] = i;
            zero[i] = runs.get(i).nearZeroWeightShare(0);
            small[i] = runs.get(i).nearZeroWeightShare(0.01);
            numbers.put("l1.zeroShare.lambda" + rates.get(i), zero[i]);
        }
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("weights exactly 0", new double[][]{xs, zero});
        series.put("|w| ≤ 0.01", new double[][]{xs, small});
        saveChart(Charts.lines("Share of near-zero weights against the L1 rate (spiral, 7 features, 8-8 tanh, "
                + epochs + " epochs)", "L1 λ", "share of the 136 weights", rates, false, series), "l1-sparsity.png");
        figures.add(new Figure("l1-sparsity.png", "Regularisation", "L1 makes weights exactly zero",
                "Parity mode: the playground's L1 step sets a weight that crosses zero to 0 and keeps it there, so "
                        + "the share of zero weights climbs with λ; L2 (above) shrinks weights but leaves them "
                        + "non-zero."));
    }

    private void optimisation() {
        int epochs = epochs(150);
        String base = "dataset=spiral&networkShape=8,8&xSquared=true&ySquared=true&xTimesY=true&sinX=true&sinY=true";
        List<Curve> batches = List.of(new Curve("SGD (batch 1)", base + "&mode=engine&learningRate=0.03", 1),
                new Curve("mini-batch 16", base + "&mode=engine&learningRate=0.03", 16),
                new Curve("mini-batch 128", base + "&mode=engine&learningRate=0.03", 128),
                new Curve("GD (full batch, 250)", base + "&mode=engine&learningRate=0.03", 0));
        curves("optimisation-batch.png", "Training loss of GD, SGD and mini-batches (spiral, 8-8 tanh, "
                + "cross-entropy, SGD at 0.03)", batches, epochs, "Per epoch, SGD takes 250 small noisy steps and GD one exact step: at the same "
                + "rate GD has barely moved when SGD has converged; mini-batches sit between (and per step, GD is the "
                + "smoothest).");
        List<Curve> optimizers = List.of(
                new Curve("parity (playground SGD, ½(o−t)²)", base + "&learningRate=0.03", 10),
                new Curve("SGD", base + "&mode=engine&optimizer=sgd&learningRate=0.03", 10),
                new Curve("momentum 0.9", base + "&mode=engine&optimizer=momentum&learningRate=0.03", 10),
                new Curve("Nesterov 0.9", base + "&mode=engine&optimizer=nesterov&learningRate=0.03", 10),
                new Curve("Adam", base + "&mode=engine&optimizer=adam&learningRate=0.03", 10));
        curves("optimisation-optimizers.png", "Training loss by optimizer (spiral, 8-8 tanh, batch 10, rate 0.03)",
                optimizers, epochs,
                "The engine's optimizers on the same network at the same rate: momentum and Nesterov (0.9) take steps "
                        + "about ten times SGD's along a steady direction, Adam scales each weight's step by its own "
                        + "gradient history. The parity curve is the playground's own loss, ½(o−t)², on another "
                        + "scale than the engine's cross-entropy.");
    }

    private void curves(String file, String title, List<Curve> curves, int epochs, String caption) {
        List<double[]> losses = curves.parallelStream().map(c -> {
            Settings s = settings(c.query());
            PlaygroundRun run = new PlaygroundRun(s, PlaygroundData.of(s, null), backend, c.batch());
            double[] loss = new double[epochs + 1];
            loss[0] = run.stats().trainLoss();
            for (int e = 1; e <= epochs; e++) {
                loss[e] = run.trainEpoch().trainLoss();
            }
            return loss;
        }).toList();
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (int i = 0; i < curves.size(); i++) {
            double[] xs = new double[epochs + 1];
            for (int e = 0; e <= epochs; e++) {
                xs[e] = e;
            }
            series.put(curves.get(i).name(), new double[][]{xs, losses.get(i)});
            numbers.put(file.replace(".png", "") + "." + curves.get(i).name() + ".finalLoss", losses.get(i)[epochs]);
        }
        saveChart(Charts.lines(title, "epoch", "training loss (log)", null, true, series), file);
        figures.add(new Figure(file, "Optimisation", title, caption));
    }

    static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static void writeText(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
