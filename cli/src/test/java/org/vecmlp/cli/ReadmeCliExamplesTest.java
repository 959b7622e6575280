package org.vecmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code scripts/vecmlp} line of the README's CLI examples, in order, in-process. Paths that exist in the
 * repository are resolved against its root; files the examples write ({@code --save}, {@code --out}, and models
 * they read back) go to a temporary directory.
 */
class ReadmeCliExamplesTest {
    private static final Set<String> OUTPUT_OPTIONS = Set.of("--save", "--out", "--model", "--onnx");

    @Test
    void everyExampleRunsAndSucceeds(@TempDir Path dir) throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"));
        Matcher block = Pattern.compile("<!-- cli-examples:start -->\\s*```sh\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertTrue(block.find(), "README.md has a CLI examples block");
        List<String> lines = block.group(1).lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.size() >= 5, "examples: " + lines);
        for (String line : lines) {
            assertTrue(line.startsWith("scripts/vecmlp "), "an example line runs scripts/vecmlp: " + line);
            List<String> args = split(line.substring("scripts/vecmlp ".length()));
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (i > 0 && OUTPUT_OPTIONS.contains(args.get(i - 1))) {
                    args.set(i, dir.resolve(a).toString());
                } else if (!a.startsWith("-") && a.contains("/") && Files.exists(root.resolve(a))) {
                    args.set(i, root.resolve(a).toString());
                } else if (!a.contains("/") && (a.endsWith(".vmlp") || a.endsWith(".onnx"))) {
                    args.set(i, dir.resolve(a).toString()); // a model an earlier line wrote (import, export)
                }
            }
            CliRunner r = CliRunner.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), line + "\n" + r);
        }
    }

    /** Splits a command line on spaces, keeping double-quoted words (possibly empty) together. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (c == ' ' && !quoted) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
