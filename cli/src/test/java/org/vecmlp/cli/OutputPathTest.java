package org.vecmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecmlp.io.AtomicFiles;
import org.vecmlp.io.ModelFile;

/**
 * Output paths ({@code --save}, {@code --metrics}, {@code predict --out}) are checked before any work: each bad
 * target is refused with exit 2 and a message naming the option, and no training runs (the progress line that
 * starts training is never printed). Good targets: a symbolic link is followed and kept, a stale temporary file of
 * a killed run is reused, and permissions follow the umask (new file) or the file replaced.
 */
class OutputPathTest {
    private static final String TRAINING = "vecmlp: training ";

    @TempDir
    Path dir;

    private static CliRunner train(String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", "xor", "--epochs", "3", "--hidden", "4"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    private static void assertRefusedBeforeTraining(CliRunner r, String expected) {
        assertEquals(2, r.code(), r.toString());
        assertFalse(r.err().contains(TRAINING), "refused before training: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals("vecmlp: " + expected, r.err().lines().filter(l -> l.startsWith("vecmlp: ")).findFirst()
                .orElse(""), r.toString());
    }

    @Test
    void badSaveTargetsAreRefusedBeforeTraining() throws IOException {
        assertRefusedBeforeTraining(train("--save", ""), "--save: an empty path names no file");
        assertRefusedBeforeTraining(train("--save", dir.toString()), "--save: " + dir + ": is a directory, not a file");
        Path missing = dir.resolve("no").resolve("m.vmlp");
        assertRefusedBeforeTraining(train("--save", missing.toString()), "--save: " + missing.getParent()
                + ": no such file or directory (the directory to write m.vmlp into does not exist)");
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.vmlp"), dir.resolve("nowhere.vmlp"));
        assertRefusedBeforeTraining(train("--save", dangling.toString()), "--save: " + dangling
                + ": no such file or directory (a symbolic link to " + dir.resolve("nowhere.vmlp")
                + ", which does not exist)");
        assertRefusedBeforeTraining(train("--metrics", dir.toString()),
                "--metrics: " + dir + ": is a directory, not a file");
    }

    @Test
    void aDeviceIsNeverReplaced() {
        Path device = Path.of("/dev/null");
        if (!Files.exists(device)) {
            return; // not a Unix system: nothing to check
        }
        assertRefusedBeforeTraining(train("--save", device.toString()), "--save: /dev/null: not a regular file (a "
                + "device, pipe or socket); a model or report is written by replacing a file, so write it to a file "
                + "path");
        assertTrue(!Files.isRegularFile(device), "still a device");
    }

    @Test
    void aSymbolicLinkIsFollowedAndKept() throws IOException {
        Path real = Files.createDirectories(dir.resolve("models")).resolve("real.vmlp");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.vmlp"), real);
        CliRunner r = train("--save", link.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(Files.isSymbolicLink(link), "the link is kept");
        assertEquals("xor", ModelFile.read(real).metadata().get("dataset"), "the file it points to is the model");
    }

    @Test
    void aStaleTemporaryFileOfAKilledRunIsReusedNotLeftBehind() throws IOException {
        Path target = dir.resolve("m.vmlp");
        Path stale = AtomicFiles.temporaryFor(target);
        Files.writeString(stale, "half a model from a run killed with -9");
        CliRunner r = train("--save", target.toString());
        assertEquals(0, r.code(), r.toString());
        assertFalse(Files.exists(stale), "the temporary file became the model");
        ModelFile.read(target);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the model is left");
        }
    }

    @Test
    void permissionsFollowTheUmaskOrTheReplacedFile() throws IOException {
        if (Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class) == null) {
            return; // no POSIX permissions here
        }
        Path fresh = dir.resolve("fresh.vmlp");
        assertEquals(0, train("--save", fresh.toString()).code());
        Set<PosixFilePermission> umaskDefault = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain")));
        assertEquals(umaskDefault, Files.getPosixFilePermissions(fresh), "a new model gets what the umask gives");
        Set<PosixFilePermission> custom = PosixFilePermissions.fromString("rw-r-----");
        Files.setPosixFilePermissions(fresh, custom);
        byte[] before = Files.readAllBytes(fresh);
        assertEquals(0, train("--save", fresh.toString(), "--seed", "9").code());
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(fresh)), "replaced");
        assertEquals(custom, Files.getPosixFilePermissions(fresh), "a replaced model keeps its permissions");
    }

    @Test
    void predictChecksItsOutputBeforePredicting() throws IOException {
        Path model = dir.resolve("m.vmlp");
        assertEquals(0, train("--save", model.toString()).code());
        Path data = Files.writeString(dir.resolve("x.csv"), "x1,x2\n0,1\n1,0\n");
        CliRunner r = CliRunner.run("predict", "--model", model.toString(), "--data", data.toString(), "--out",
                dir.toString());
        assertEquals(2, r.code(), r.toString());
        assertEquals("vecmlp: --out: " + dir + ": is a directory, not a file", r.err().strip(), r.toString());
        assertEquals("", r.out(), "nothing predicted");
    }
}
