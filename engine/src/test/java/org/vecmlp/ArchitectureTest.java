package org.vecmlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Package rules that keep the engine loadable without the incubator module. */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src", "main", "java");
    private static final String SIMD_PACKAGE = Path.of("org", "vecmlp", "kernel", "simd").toString();

    @Test
    void onlyTheSimdPackageImportsTheVectorApi() throws IOException {
        List<Path> offenders;
        List<Path> users;
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<Path> sources = files.filter(p -> p.toString().endsWith(".java")).toList();
            users = sources.stream().filter(ArchitectureTest::usesVectorApi).toList();
            offenders = users.stream().filter(p -> !MAIN.relativize(p).getParent().toString().equals(SIMD_PACKAGE))
                    .toList();
        }
        assertTrue(users.size() >= 3, "the SIMD package uses the Vector API: " + users);
        assertEquals(List.of(), offenders, "only " + SIMD_PACKAGE + " may import jdk.incubator.vector");
    }

    private static boolean usesVectorApi(Path p) {
        try {
            return Files.readString(p).contains("jdk.incubator.vector.");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
