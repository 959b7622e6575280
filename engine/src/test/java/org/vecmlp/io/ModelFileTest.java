package org.vecmlp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecmlp.Mlp;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.data.Standardizer;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;
import org.vecmlp.train.Initializer;

class ModelFileTest {
    @TempDir
    Path dir;

    private static SavedModel sample() {
        MlpSpec spec = MlpSpec.builder(3).hidden(5, Activation.leakyRelu(0.2f)).hidden(4, Activation.TANH)
                .output(3, Activation.SOFTMAX, LossFunction.SOFTMAX_CROSS_ENTROPY);
        return new SavedModel(Mlp.initialize(spec, Initializer.XAVIER, 3),
                new Standardizer(new float[] {1, 2, 3}, new float[] {0.5f, 1, 2}), 3, Map.of("dataset", "spiral"));
    }

    @Test
    void roundTripsEverything() throws IOException {
        SavedModel saved = sample();
        Path file = dir.resolve("m.vmlp");
        ModelFile.write(file, saved);
        SavedModel read = ModelFile.read(file);
        assertEquals(saved.model().spec(), read.model().spec());
        assertArrayEquals(saved.model().parameters(), read.model().parameters());
        assertArrayEquals(saved.standardizer().mean(), read.standardizer().mean());
        assertArrayEquals(saved.standardizer().std(), read.standardizer().std());
        assertEquals(3, read.classes());
        assertEquals(Map.of("dataset", "spiral"), read.metadata());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
        SavedModel plain = new SavedModel(saved.model(), null, 0, Map.of());
        assertNull(ModelFile.decode("x", ModelFile.encode(plain)).standardizer());
    }

    @Test
    void rejectsTruncatedFiles() {
        byte[] bytes = ModelFile.encode(sample());
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 10);
        assertEquals("m: truncated: " + cut.length + " of " + bytes.length + " bytes",
                assertThrows(ModelFormatException.class, () -> ModelFile.decode("m", cut)).getMessage());
        assertEquals("m: truncated: 10 bytes is shorter than the header",
                assertThrows(ModelFormatException.class, () -> ModelFile.decode("m", Arrays.copyOf(bytes, 10)))
                        .getMessage());
    }

    @Test
    void rejectsCorruption() {
        byte[] bytes = ModelFile.encode(sample());
        bytes[bytes.length / 2] ^= 0x10;
        assertEquals("m: checksum mismatch: the model file is corrupt",
                assertThrows(ModelFormatException.class, () -> ModelFile.decode("m", bytes)).getMessage());
    }

    @Test
    void rejectsAFutureVersionAndOtherFiles() {
        byte[] bytes = ModelFile.encode(sample());
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(4, (short) 7);
        assertEquals("m: written by a newer vecmlp (model format version 7; this version reads up to 1)",
                assertThrows(ModelFormatException.class, () -> ModelFile.decode("m", bytes)).getMessage());
        assertEquals("m: not a vecmlp model file (bad magic number)", assertThrows(ModelFormatException.class,
                () -> ModelFile.decode("m", "a,b\n1,2\n".getBytes())).getMessage());
        assertEquals("m: the file is empty (not a vecmlp model)",
                assertThrows(ModelFormatException.class, () -> ModelFile.decode("m", new byte[0])).getMessage());
    }

    @Test
    void rejectsAStructureThatDoesNotAddUpEvenWithAValidChecksum() {
        byte[] bytes = ModelFile.encode(sample());
        // Claim 99 inputs, then re-seal the checksum: the parameter count no longer matches.
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(16, 99);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        b.putInt(bytes.length - 4, (int) crc.getValue());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.decode("m", bytes));
        assertEquals(true, e.getMessage().startsWith("m: the standardisation of 99 inputs need 792 bytes, but only "),
                e.getMessage());
    }

    @Test
    void aFailedWriteKeepsTheOldFile() throws IOException {
        Path file = dir.resolve("keep.vmlp");
        ModelFile.write(file, sample());
        byte[] before = Files.readAllBytes(file);
        Path missingDir = dir.resolve("no/such/dir/keep.vmlp");
        assertThrows(IOException.class, () -> ModelFile.write(missingDir, sample()));
        assertArrayEquals(before, Files.readAllBytes(file));
    }
}
