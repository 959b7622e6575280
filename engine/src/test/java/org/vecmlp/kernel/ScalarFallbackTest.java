package org.vecmlp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vecmlp.Mlp;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.data.Generators;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.train.Initializer;
import org.vecmlp.train.TrainingConfig;

/** Without {@code --add-modules jdk.incubator.vector} the engine still loads, trains on scalar, and says why. */
class ScalarFallbackTest {

    /** Run in a child JVM that has no incubator module; with an argument, prints only the default choice. */
    public static void main(String[] args) {
        if (args.length > 0) {
            try {
                System.out.println("default=" + BackendProvider.defaultBackend().name());
            } catch (IllegalArgumentException e) {
                System.out.println("refused=" + e.getMessage());
            }
            return;
        }
        BackendProvider.Choice choice = BackendProvider.defaultChoice();
        MlpSpec spec = MlpSpec.builder(2).hidden(8, Activation.TANH)
                .output(1, Activation.SIGMOID, LossFunction.BINARY_CROSS_ENTROPY);
        Mlp model = Mlp.initialize(spec, Initializer.XAVIER, 1);
        double loss = model.trainer(TrainingConfig.builder().epochs(20).learningRate(0.1).build())
                .fit(Generators.circle(200, 0, 1)).last().trainLoss();
        System.out.println("backend=" + choice.backend().name());
        System.out.println("reason=" + choice.reason());
        System.out.println("loss=" + loss);
        try {
            BackendProvider.byName("simd");
            System.out.println("forced-simd=ran");
        } catch (IllegalArgumentException e) {
            System.out.println("forced-simd=" + e.getMessage());
        }
    }

    @Test
    void engineTrainsOnScalarWithoutTheVectorModule() throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = Path.of("target", "classes").toAbsolutePath() + File.pathSeparator
                + Path.of("target", "test-classes").toAbsolutePath();
        Process p = new ProcessBuilder(javaBin, "-cp", classpath, ScalarFallbackTest.class.getName())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertTrue(lines.contains("backend=scalar"), out);
        assertTrue(out.contains("reason=auto: the SIMD backend is not available: the jdk.incubator.vector module is "
                + "not in this JVM (start it with --add-modules jdk.incubator.vector)"), out);
        assertTrue(out.contains("forced-simd=the simd backend cannot run here"), out);
        double loss = Double.parseDouble(lines.stream().filter(l -> l.startsWith("loss=")).findFirst().orElseThrow()
                .substring(5));
        assertTrue(loss < 0.6, "it trained: " + out);
    }

    /** A system property asking for what cannot run is one clear error naming it, never an initialiser error. */
    @Test
    void impossibleBackendPropertiesAreRefusedByName() throws IOException, InterruptedException {
        assertEquals("refused=-Dvecmlp.backend=simd: the simd backend cannot run here: the jdk.incubator.vector module "
                + "is not in this JVM (start it with --add-modules jdk.incubator.vector)",
                child(false, "-Dvecmlp.backend=simd"));
        assertEquals("refused=-Dvecmlp.backend=fast: unknown backend 'fast' (expected auto, scalar, simd or parallel)",
                child(true, "-Dvecmlp.backend=fast"));
        String badBits = "-Dvecmlp.simd.bits=abc is not a vector size (use 128, 256 or 512, or leave it unset for the "
                + "CPU's own)";
        assertEquals("refused=-Dvecmlp.backend=simd: " + badBits,
                child(true, "-Dvecmlp.backend=simd", "-Dvecmlp.simd.bits=abc"));
        assertEquals("refused=-Dvecmlp.backend=auto: " + badBits, child(true, "-Dvecmlp.simd.bits=abc"),
                "a typo in the vector size is an error, not a silent fall back to scalar");
    }

    private static String child(boolean vectorModule, String... properties) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = Path.of("target", "classes").toAbsolutePath() + File.pathSeparator
                + Path.of("target", "test-classes").toAbsolutePath();
        List<String> cmd = new java.util.ArrayList<>(List.of(javaBin));
        if (vectorModule) {
            cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        cmd.addAll(List.of(properties));
        cmd.addAll(List.of("-cp", classpath, ScalarFallbackTest.class.getName(), "default"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> l.startsWith("refused=") || l.startsWith("default=")).findFirst()
                .orElse(out);
    }

    @Test
    void autoChoosesSimdWhenTheModuleIsPresent() {
        SimdOrSkip.simd(); // the test JVM runs with --add-modules jdk.incubator.vector; the CPU may lack 256-bit vectors
        BackendProvider.Choice choice = BackendProvider.choose("auto", false);
        assertEquals("simd", choice.backend().name(), choice.reason());
        assertTrue(BackendProvider.available().contains("simd"));
    }
}
