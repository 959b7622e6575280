package org.vecmlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine as a module (module-info.java): the README's embedding example, compiled as a module that requires
 * {@code org.vecmlp.engine}, runs on the module path with the SIMD kernels when the Vector API module is added and
 * with the scalar ones when it is not; and the internal packages are not visible to it.
 */
class ModulePathTest {
    private static final Path ENGINE = Path.of("target", "classes").toAbsolutePath();

    private static String compile(Path dir, String moduleInfo, String className, String source) throws Exception {
        Path src = dir.resolve("src");
        Path file = src.resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(src.resolve("module-info.java"), moduleInfo);
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, "-d", dir.resolve("out").toString(), "--module-path",
                ENGINE.toString(), src.resolve("module-info.java").toString(), file.toString());
        return rc == 0 ? null : errors.toString(StandardCharsets.UTF_8);
    }

    private static String run(Path dir, boolean vectorModule) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        if (vectorModule) {
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        command.addAll(List.of("--module-path", ENGINE + File.pathSeparator + dir.resolve("out"), "-m",
                "example/example.Main"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the example finishes");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void theReadmeExampleRunsOnTheModulePathWithAndWithoutTheVectorApi(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = Pattern.compile("<!-- embedding-example:start -->\\s*```java\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertTrue(m.find(), "README.md has the embedding example");
        String example = "package example;\n" + m.group(1).replace("public class EmbeddingExample",
                "public class Main")
                .replace("    public static void main(String[] args) {", """
                            public static void main(String[] args) {
                                System.out.println("backend " + org.vecmlp.kernel.BackendProvider.defaultChoice()
                                        .backend().name());
                        """);
        String errors = compile(dir, "module example { requires org.vecmlp.engine; }", "example.Main", example);
        assertEquals(null, errors, "the example compiles as a module");

        String scalar = run(dir, false);
        assertTrue(scalar.lines().anyMatch("backend scalar"::equals), scalar);
        assertTrue(accuracy(scalar) >= 0.9, scalar);
        if (org.vecmlp.kernel.BackendProvider.available().contains("simd")) {
            String simd = run(dir, true);
            assertTrue(simd.lines().anyMatch("backend simd"::equals), simd);
            assertTrue(accuracy(simd) >= 0.9, simd);
        }
    }

    @Test
    void theKernelImplementationsAreNotVisibleToModules(@TempDir Path dir) throws Exception {
        String errors = compile(dir, "module example { requires org.vecmlp.engine; }", "example.Main", """
                package example;
                public class Main {
                    public static void main(String[] args) {
                        System.out.println(new org.vecmlp.kernel.scalar.ScalarGemm());
                    }
                }
                """);
        assertNotEquals(null, errors);
        assertTrue(errors.contains("package org.vecmlp.kernel.scalar is not visible"), errors);
    }

    private static double accuracy(String printed) {
        Matcher acc = Pattern.compile("validation accuracy ([0-9.]+)").matcher(printed);
        assertTrue(acc.find(), printed);
        return Double.parseDouble(acc.group(1));
    }
}
