package org.vecmlp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecmlp.Mlp;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.data.Dataset;
import org.vecmlp.data.Generators;
import org.vecmlp.kernel.parallel.ParallelBackend;
import org.vecmlp.kernel.simd.SimdBackend;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.train.Initializer;
import org.vecmlp.train.OptimizerSpec;
import org.vecmlp.train.TrainingConfig;

/**
 * Tuning files: read, written and refused with the file and key named; the built-in table per CPU; and the property
 * that makes tuning safe, that no kernel shape or block size changes a single bit of a trained model.
 */
class TuningTest {
    @TempDir
    Path dir;

    @Test
    void everyTileShapeAndBlockSizeTrainsTheSameBits() {
        MlpSpec net = MlpSpec.builder(2).hidden(300, Activation.RELU).hidden(200, Activation.TANH)
                .output(2, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY);
        Dataset data = Generators.spiral(640, 0.1, 3);
        float[] reference = train(net, data, SimdOrSkip.simd());
        List<Tuning> tunings = List.of(
                tuning("4x3v", 64, 128, 256), tuning("5x2v", 10, 32, 48), tuning("6x2v", 96, 256, 512),
                tuning("8x2v", 200, 100, 1000), tuning("8x3v", 24, 17, 72), tuning("12x2v", 120, 384, 480),
                new Tuning(GemmBlocking.of("5x2v", 100, 256, 512), 0, 0, "nothing direct"),
                new Tuning(GemmBlocking.of("4x3v", 40, 64, 64), 1L << 40, 1L << 40, "everything direct"));
        for (Tuning tuning : tunings) {
            assertSameBits(reference, train(net, data, SimdBackend.withTuning(tuning)), tuning.toString());
        }
        // Data-parallel shards sum their gradients in another order than one thread does, so the parallel
        // reference is the parallel backend over the default tuning.
        float[] parallelReference;
        try (ParallelBackend parallel = new ParallelBackend(SimdOrSkip.simd(), 2)) {
            parallelReference = train(net, data, parallel);
        }
        for (Tuning tuning : List.of(tunings.get(1), tunings.get(4))) {
            try (ParallelBackend parallel = new ParallelBackend(SimdBackend.withTuning(tuning), 2)) {
                assertSameBits(parallelReference, train(net, data, parallel), "2 threads over " + tuning);
            }
        }
    }

    private static float[] train(MlpSpec net, Dataset data, Backend backend) {
        Mlp model = Mlp.initialize(net, Initializer.HE, 11);
        model.trainer(TrainingConfig.builder().batchSize(128).epochs(2).learningRate(0.01)
                .optimizer(OptimizerSpec.adam()).l2(1e-4).seed(5).build(), backend).fit(data);
        return model.parameters();
    }

    private static Tuning tuning(String shape, int mc, int kc, int nc) {
        return new Tuning(GemmBlocking.of(shape, mc, kc, nc), 24L * 24 * 24, 32L * 32, "test");
    }

    private static void assertSameBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + ": parameter " + i + " is " + actual[i] + ", not " + expected[i]);
            }
        }
    }

    @Test
    void aWrittenFileReadsBackAsTheSameTuning() throws IOException {
        Tuning tuning = new Tuning(GemmBlocking.of("8x3v", 96, 384, 768), 4096, 900, "measured");
        Path file = dir.resolve("tuning.properties");
        Files.writeString(file, tuning.toProperties(new Cpu("AuthenticAMD", 25, 1, "AMD EPYC 7B13"), 256,
                "2026-12-01T22:00Z"));
        Tuning read = Tuning.load(file);
        assertEquals(tuning.blocking(), read.blocking());
        assertEquals(4096, read.directMaxFlops());
        assertEquals(900, read.directMaxNk());
        assertEquals("file " + file + " (measured on AMD EPYC 7B13 (AuthenticAMD family 25 model 1), 256-bit vectors)",
                read.source());
    }

    @Test
    void badFilesAreRefusedNamingTheFileAndKey() throws IOException {
        Path file = dir.resolve("t.properties");
        assertRefused(file, "kernel=5x2v\nmc=100\nkc=256\nnc=512\nkc2=3\n", file + ": unknown key 'kc2' (expected "
                + "kernel, mc, kc, nc, direct.max.multiply-adds, direct.max.nk, measured.*)");
        assertRefused(file, "kernel=5x2v\nmc=100\nkc=25x\nnc=512\n", file + ": kc=25x is not a whole number");
        assertRefused(file, "mc=100\nkc=256\nnc=512\n", file + ": missing 'kernel'");
        assertRefused(file, "kernel=7x2v\nmc=100\nkc=256\nnc=512\n", file
                + ": no 7x2v micro-kernel (there are 4x3v, 5x2v, 6x2v, 8x2v, 8x3v, 12x2v)");
        assertRefused(file, "kernel=5x2\nmc=100\nkc=256\nnc=512\n", file
                + ": '5x2' is not a tile shape (there are 4x3v, 5x2v, 6x2v, 8x2v, 8x3v, 12x2v)");
        assertRefused(file, "kernel=5x2v\nmc=100\nkc=4\nnc=512\n", file + ": kc=4 is outside 8..2048");
        assertRefused(file, "kernel=5x2v\nmc=100\nkc=256\nnc=512\ndirect.max.nk=-1\n", file
                + ": negative cut-off");
        Path missing = dir.resolve("absent.properties");
        assertEquals(missing + ": no such tuning file",
                assertThrows(IllegalArgumentException.class, () -> Tuning.load(missing)).getMessage());
    }

    private static void assertRefused(Path file, String text, String message) throws IOException {
        Files.writeString(file, text);
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Tuning.load(file)).getMessage());
    }

    @Test
    void thePropertyNamesTheFileOrBuiltinAndTheDefaultFileIsReadWhenPresent() throws IOException {
        Path defaultFile = dir.resolve("vecmlp").resolve("tuning.properties");
        assertEquals(Optional.empty(), Tuning.resolveFile(null, defaultFile), "no property, no file: the table");
        Files.createDirectories(defaultFile.getParent());
        Files.writeString(defaultFile, "kernel=4x3v\nmc=64\nkc=128\nnc=384\n");
        Object found = Tuning.resolveFile(null, defaultFile);
        assertTrue(found instanceof Optional<?> o && o.isPresent()
                && ((Tuning) o.get()).blocking().equals(GemmBlocking.of("4x3v", 64, 128, 384)), found.toString());
        assertEquals(Optional.empty(), Tuning.resolveFile("builtin", defaultFile), "builtin ignores the file");
        Path other = dir.resolve("other.properties");
        Files.writeString(other, "kernel=8x2v\nmc=64\nkc=128\nnc=384\n");
        Object named = Tuning.resolveFile(other.toString(), defaultFile);
        assertTrue(named instanceof Optional<?> o && ((Tuning) o.orElseThrow()).blocking().rows() == 8);
        assertEquals("-Dvecmlp.tuning=" + dir.resolve("nope") + ": " + dir.resolve("nope") + ": no such tuning file",
                Tuning.resolveFile(dir.resolve("nope").toString(), defaultFile));
        Files.writeString(defaultFile, "kernel=4x3v\n");
        assertEquals(defaultFile + ": missing 'mc'", Tuning.resolveFile(null, defaultFile),
                "a broken default file is an error, not skipped");
    }

    @Test
    void theBuiltInTableHasARowPerCpuFamily() throws IOException {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 1\n"
                + "model name\t: AMD EPYC 7B13\nflags\t\t: fpu avx2\n\nprocessor\t: 1\nvendor_id\t: GenuineIntel\n");
        Cpu zen3 = Cpu.read(cpuinfo);
        assertEquals(new Cpu("AuthenticAMD", 25, 1, "AMD EPYC 7B13"), zen3);
        assertEquals("built-in for AMD Zen 3, AVX2", Tuning.builtIn(zen3, 256).source());
        assertEquals("built-in for AMD Zen 4/5, AVX-512", Tuning.builtIn(new Cpu("AuthenticAMD", 25, 17, "z4"), 512)
                .source());
        assertEquals("6x2v", Tuning.builtIn(new Cpu("GenuineIntel", 6, 143, "SPR"), 512).blocking().shape());
        Cpu unknown = Cpu.read(dir.resolve("no-such-cpuinfo"));
        assertEquals("unknown", unknown.vendor());
        assertEquals("built-in for any CPU, 256-bit vectors (16 registers)", Tuning.builtIn(unknown, 256).source());
        assertEquals("5x2v", Tuning.builtIn(unknown, 256).blocking().shape());
        assertEquals(GemmBlocking.of("5x2v", 120, 320, 768), Tuning.builtIn(zen3, 256).blocking());
    }
}
