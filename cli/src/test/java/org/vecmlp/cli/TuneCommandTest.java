package org.vecmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecmlp.kernel.Tuning;

/** {@code vecmlp tune}: measures, prints, writes a file the engine reads back; refuses a bad target before work. */
class TuneCommandTest {
    @TempDir
    Path dir;

    @Test
    void quickTuneWritesTheTuningItChoseAsALoadableFile() throws IOException {
        Path file = dir.resolve("tuning.properties");
        CliRunner r = CliRunner.run("tune", "--quick", "--out", file.toString(), "--json");
        assertEquals(0, r.code(), r.toString());
        Matcher best = Pattern.compile("\"best\":\"([^\"]+)\"").matcher(r.out());
        assertTrue(best.find(), r.out());
        Tuning read = Tuning.load(file);
        assertEquals(best.group(1), read.blocking().toString(), "the file holds the tuning the table chose");
        assertTrue(r.out().contains("\"stage\":\"tile\"") && r.out().contains("\"stage\":\"final\""), r.out());
        assertTrue(Files.readString(file).contains("measured.cpu="), "the file says where it was measured");
        assertTrue(r.err().contains("wrote " + file), r.err());
    }

    @Test
    void aTargetThatCannotBeWrittenIsRefusedBeforeMeasuring() {
        CliRunner directory = CliRunner.run("tune", "--quick", "--out", dir.toString());
        assertEquals(2, directory.code(), directory.toString());
        assertEquals("vecmlp: --out: " + dir + ": is a directory, not a file", directory.err().strip().lines()
                .filter(l -> l.startsWith("vecmlp:")).findFirst().orElse(directory.err()));
        Path nowhere = dir.resolve("missing").resolve("t.properties");
        CliRunner missing = CliRunner.run("tune", "--quick", "--out", nowhere.toString());
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("vecmlp: --out: " + nowhere.getParent() + ": no such file or directory "
                + "(the directory to write t.properties into does not exist)"), missing.err());
        assertEquals("", directory.out() + missing.out(), "refused before measuring: no table");
        assertTrue(!directory.err().contains("tune [") && !missing.err().contains("tune ["), "no progress bar");
    }
}
