package org.vecmlp.tune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.vecmlp.kernel.Gemm;
import org.vecmlp.kernel.GemmBlocking;
import org.vecmlp.kernel.Tuning;
import org.vecmlp.kernel.simd.SimdBackend;

/**
 * Measures the SIMD GEMM's tunings on this machine and picks the fastest: the register tiles of the family at the
 * built-in blocks, then KC, MC and NC for the best tiles in turn (coordinate descent), then the cut-offs below which
 * the plain loops beat packing. Scores are the geometric mean of GFLOP/s over the training shapes (the mnist and
 * wide steps' forward NN, weight-gradient TN and input-gradient NT products) and squares. Candidates of a stage are
 * measured interleaved, round after round, and each scores its median per shape, so a noisy neighbour slows all of
 * them alike. One thread; nothing it measures changes a result, since every tuning gives the same bits.
 */
public final class GemmTuner {

    /** One product to time: {@code layout} is NN, TN or NT. */
    public record Shape(String name, String layout, int m, int n, int k) {
        double flops() {
            return 2.0 * m * n * k;
        }
    }

    /** A candidate's median GFLOP/s per shape (in the order of {@link Result#shapes()}) and their geometric mean. */
    public record Row(String stage, Tuning tuning, double[] gflops, double score) {
    }

    /**
     * Every row measured, stage by stage, the chosen tuning, and the geometric-mean GFLOP/s of the built-in and the
     * chosen tuning measured side by side in the final stage.
     */
    public record Result(List<Shape> shapes, List<Row> rows, Tuning best, double builtInScore, double bestScore) {
    }

    /** Told before each measurement of the whole search. */
    public interface Progress {
        void step(int done, int total, String what);
    }

    private static final List<Shape> FULL_SHAPES = List.of(
            new Shape("mnist fwd", "NN", 128, 256, 784), new Shape("mnist dW", "TN", 784, 256, 128),
            new Shape("mnist dX", "NT", 128, 784, 256), new Shape("wide fwd", "NN", 256, 1024, 1024),
            new Shape("wide dW", "TN", 1024, 1024, 256), new Shape("wide dX", "NT", 256, 1024, 1024),
            new Shape("256^3", "NN", 256, 256, 256), new Shape("512^3", "NN", 512, 512, 512),
            new Shape("1024^3", "NN", 1024, 1024, 1024));
    private static final List<Shape> QUICK_SHAPES = List.of(FULL_SHAPES.get(0), FULL_SHAPES.get(1),
            FULL_SHAPES.get(2), FULL_SHAPES.get(3), FULL_SHAPES.get(7));

    private final boolean quick;
    private final List<Shape> shapes;
    private final int rounds;
    private final long sampleNanos;
    private final Tuning start;
    private final List<Row> rows = new ArrayList<>();
    private final float[] a, b, c;
    private Progress progress = (done, total, what) -> { };
    private int done;
    private int total;

    /**
     * A tuner starting from {@code start} (normally the built-in tuning); {@code quick}: fewer shapes, candidates and
     * rounds (about a quarter of the time, noisier).
     */
    public GemmTuner(Tuning start, boolean quick) {
        this.start = start;
        this.quick = quick;
        this.shapes = quick ? QUICK_SHAPES : FULL_SHAPES;
        this.rounds = quick ? 3 : 5;
        this.sampleNanos = quick ? 12_000_000L : 30_000_000L;
        int max = shapes.stream().mapToInt(s -> Math.max(s.m * s.k, Math.max(s.k * s.n, s.m * s.n))).max()
                .orElseThrow();
        SplittableRandom random = new SplittableRandom(1);
        a = new float[max];
        b = new float[max];
        c = new float[max];
        for (int i = 0; i < max; i++) {
            a[i] = (float) random.nextDouble(-1, 1);
            b[i] = (float) random.nextDouble(-1, 1);
        }
    }

    /** The shapes every candidate is timed on. */
    public List<Shape> shapes() {
        return shapes;
    }

    /** Runs the whole search (tens of seconds; a few with {@code quick}). */
    public Result run(Progress listener) {
        this.progress = listener;
        int[] kcs = quick ? new int[] {128, 256, 384} : new int[] {96, 128, 192, 256, 320, 384, 512};
        int[] mcs = quick ? new int[] {48, 96, 192} : new int[] {48, 72, 96, 120, 144, 192, 256};
        int[] ncs = quick ? new int[] {256, 512, 1024} : new int[] {256, 512, 768, 1024, 2048};
        int finalists = quick ? 1 : 2;
        total = rounds * shapes.size() * (GemmBlocking.SHAPES.size() + finalists * kcs.length + mcs.length + 1
                + ncs.length + 1 + 2) + CUTOFF_STEPS;
        org.vecmlp.kernel.BackendProvider.warmUp(java.time.Duration.ofSeconds(60));

        GemmBlocking base = start.blocking();
        List<Tuning> tiles = new ArrayList<>();
        for (String shape : GemmBlocking.SHAPES) {
            GemmBlocking tile = GemmBlocking.of(shape, base.mc(), base.kc(), base.nc());
            tiles.add(with(tile.withBlocks(roundToTiles(base.mc(), tile.rows()), base.kc(), base.nc())));
        }
        List<Row> byTile = stage("tile", tiles);
        List<Tuning> depths = new ArrayList<>();
        for (Row finalist : byTile.subList(0, finalists)) {
            GemmBlocking t = finalist.tuning().blocking();
            for (int kc : kcs) {
                depths.add(with(t.withBlocks(t.mc(), kc, t.nc())));
            }
        }
        GemmBlocking best = stage("kc", depths).getFirst().tuning().blocking();
        List<Tuning> heights = new ArrayList<>(List.of(with(best))); // the incumbent competes in every stage
        for (int mc : mcs) {
            heights.add(with(best.withBlocks(roundToTiles(mc, best.rows()), best.kc(), best.nc())));
        }
        best = stage("mc", distinct(heights)).getFirst().tuning().blocking();
        List<Tuning> widths = new ArrayList<>(List.of(with(best)));
        for (int nc : ncs) {
            widths.add(with(best.withBlocks(best.mc(), best.kc(), nc)));
        }
        best = stage("nc", distinct(widths)).getFirst().tuning().blocking();
        long[] cutoffs = cutoffs(best);
        Tuning chosen = new Tuning(best, cutoffs[0], cutoffs[1], "measured by vecmlp tune" + (quick ? " --quick" : ""));
        // The stages ran at different times on a machine that may be shared: the winner and the built-in tuning
        // are compared once more, side by side, for the ratio that is reported.
        List<Row> last = stage("final", distinct(List.of(start, chosen)));
        double builtIn = last.stream().filter(r -> r.tuning() == start).findFirst().orElse(last.getFirst()).score();
        double measured = last.stream().filter(r -> r.tuning() == chosen).findFirst().orElse(last.getFirst())
                .score();
        return new Result(shapes, List.copyOf(rows), chosen, builtIn, measured);
    }

    private Tuning with(GemmBlocking blocking) {
        return new Tuning(blocking, start.directMaxFlops(), start.directMaxNk(), "candidate");
    }

    private static int roundToTiles(int mc, int rows) {
        return Math.max(rows, Math.round((float) mc / rows) * rows);
    }

    private static List<Tuning> distinct(List<Tuning> tunings) {
        List<Tuning> out = new ArrayList<>();
        for (Tuning t : tunings) {
            if (out.stream().noneMatch(o -> o.blocking().equals(t.blocking()))) {
                out.add(t);
            }
        }
        return out;
    }

    /** Measures the candidates interleaved and returns their rows, fastest first. */
    private List<Row> stage(String stage, List<Tuning> candidates) {
        int n = candidates.size();
        Gemm[] gemms = new Gemm[n];
        for (int i = 0; i < n; i++) {
            gemms[i] = SimdBackend.withTuning(candidates.get(i)).newKernels().gemm();
            for (Shape s : shapes) {
                time(gemms[i], s, sampleNanos / 4); // compiles a new kernel before its first sample
            }
        }
        double[][][] samples = new double[n][shapes.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < shapes.size(); s++) {
                    progress.step(done++, total, stage + " " + candidates.get(i).blocking());
                    samples[i][s][r] = shapes.get(s).flops() / time(gemms[i], shapes.get(s), sampleNanos);
                }
            }
        }
        List<Row> measured = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] gflops = new double[shapes.size()];
            double logSum = 0;
            for (int s = 0; s < shapes.size(); s++) {
                gflops[s] = median(samples[i][s]);
                logSum += Math.log(gflops[s]);
            }
            measured.add(new Row(stage, candidates.get(i), gflops, Math.exp(logSum / shapes.size())));
        }
        measured.sort(Comparator.comparingDouble(Row::score).reversed());
        rows.addAll(measured);
        return measured;
    }

    /** Nanoseconds per call, from calls repeated for about {@code budget} nanoseconds (flops / ns = GFLOP/s). */
    private double time(Gemm g, Shape s, long budget) {
        long begin = System.nanoTime(), now;
        int calls = 0;
        do {
            call(g, s);
            calls++;
            now = System.nanoTime();
        } while (now - begin < budget);
        return (now - begin) * 1.0 / calls;
    }

    private void call(Gemm g, Shape s) {
        switch (s.layout) {
            case "NN" -> g.gemmNN(s.m, s.n, s.k, 1f, a, 0, s.k, b, 0, s.n, 0f, c, 0, s.n);
            case "TN" -> g.gemmTN(s.m, s.n, s.k, 1f, a, 0, s.m, b, 0, s.n, 0f, c, 0, s.n);
            default -> g.gemmNT(s.m, s.n, s.k, 1f, a, 0, s.k, b, 0, s.k, 0f, c, 0, s.n);
        }
    }

    private static final int[] CUBE_SIDES = {8, 12, 16, 20, 24, 28, 32, 40, 48};
    private static final int[] NK_SIDES = {8, 16, 24, 32, 40, 48, 64};
    private static final int CUTOFF_STEPS = CUBE_SIDES.length + NK_SIDES.length;

    /**
     * The small-product cut-offs: the largest cube m = n = k, and the largest n×k operand at m = 256, for which the
     * plain loops are still within {@value #DIRECT_MARGIN}× of packing (each timed against the blocked GEMM in
     * alternation). Ties go to the plain loops: they run at full speed from the first call (no vector code to
     * compile) and touch no packing buffers.
     */
    private long[] cutoffs(GemmBlocking best) {
        Gemm direct = SimdBackend.withTuning(new Tuning(best, Long.MAX_VALUE, Long.MAX_VALUE, "direct"))
                .newKernels().gemm();
        Gemm blocked = SimdBackend.withTuning(new Tuning(best, 0, 0, "blocked")).newKernels().gemm();
        long cube = 0;
        for (int side : CUBE_SIDES) {
            progress.step(done++, total, "cut-off: " + side + "^3");
            if (!directWins(direct, blocked, new Shape("cube", "NN", side, side, side))) {
                break;
            }
            cube = (long) side * side * side;
        }
        long nk = 0;
        for (int side : NK_SIDES) {
            progress.step(done++, total, "cut-off: 256x" + side + "x" + side);
            if (!directWins(direct, blocked, new Shape("thin", "NN", 256, side, side))) {
                break;
            }
            nk = (long) side * side;
        }
        return new long[] {cube, nk};
    }

    private boolean directWins(Gemm direct, Gemm blocked, Shape s) {
        long budget = sampleNanos / 3;
        time(direct, s, budget);
        time(blocked, s, budget);
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratio[r] = time(direct, s, budget) / time(blocked, s, budget);
        }
        return median(ratio) < DIRECT_MARGIN;
    }

    private static final double DIRECT_MARGIN = 1.1;

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
