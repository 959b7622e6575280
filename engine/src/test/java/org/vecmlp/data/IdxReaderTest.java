package org.vecmlp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    static byte[] images(int count, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
        b.putInt(0x803).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < count * rows * cols; i++) {
            b.put((byte) (i * 37));
        }
        return b.array();
    }

    static byte[] labels(int... values) {
        ByteBuffer b = ByteBuffer.allocate(8 + values.length);
        b.putInt(0x801).putInt(values.length);
        for (int v : values) {
            b.put((byte) v);
        }
        return b.array();
    }

    @Test
    void readsImagesAndLabelsPlainAndGzipped() throws IOException {
        Path img = Files.write(dir.resolve("img.idx3-ubyte"), images(3, 2, 2));
        Path lab = Files.write(dir.resolve("lab.idx1-ubyte"), labels(7, 0, 9));
        Dataset d = IdxReader.read(img, lab);
        assertEquals(3, d.rows());
        assertEquals(4, d.featureCount());
        assertEquals(10, d.classes());
        assertArrayEquals(new int[] {7, 0, 9}, d.labels());
        assertEquals(37f, d.features()[1]);
        assertEquals((float) ((5 * 37) & 0xFF), d.features()[5]);

        Path gz = dir.resolve("img.idx3-ubyte.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(images(3, 2, 2));
        }
        assertArrayEquals(d.features(), IdxReader.read(gz, lab).features());
    }

    @Test
    void rejectsMismatchTruncationAndWrongFiles() throws IOException {
        Path img = Files.write(dir.resolve("img"), images(3, 2, 2));
        Path lab = Files.write(dir.resolve("lab"), labels(1, 2));
        assertEquals(lab + ": 2 labels but " + img + " has 3 images",
                assertThrows(DataFormatException.class, () -> IdxReader.read(img, lab)).getMessage());
        byte[] full = images(3, 2, 2);
        Path cut = Files.write(dir.resolve("cut"), java.util.Arrays.copyOf(full, full.length - 2));
        Path lab3 = Files.write(dir.resolve("lab3"), labels(1, 2, 3));
        assertEquals(cut + ": truncated: expected 3 images of 4 pixels (12 bytes) but found 10",
                assertThrows(DataFormatException.class, () -> IdxReader.read(cut, lab3)).getMessage());
        assertEquals(lab3 + ": not an IDX image file (magic 0x801, expected 0x803)",
                assertThrows(DataFormatException.class, () -> IdxReader.read(lab3, lab3)).getMessage());
    }

    @Test
    void damagedGzipAndTrailingBytesAreRefusedNamingTheFile() throws IOException {
        // Enough pixels that the deflate stream is long: 40 images of 28×28 with varied bytes.
        byte[] plain = images(40, 28, 28);
        java.io.ByteArrayOutputStream packed = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(packed)) {
            out.write(plain);
        }
        byte[] gz = packed.toByteArray();
        int[] labelValues = new int[40];
        Path lab = Files.write(dir.resolve("lab40"), labels(labelValues));

        byte[] crc = gz.clone();
        crc[crc.length - 6] ^= 0x01; // only the trailer's CRC-32 changes
        Path badCrc = Files.write(dir.resolve("crc.idx3-ubyte.gz"), crc);
        String crcMessage = assertThrows(DataFormatException.class, () -> IdxReader.read(badCrc, lab)).getMessage();
        assertTrue(crcMessage.startsWith(badCrc + ": corrupt gzip data ("), crcMessage);

        byte[] body = gz.clone();
        body[body.length / 2] ^= 0x5A; // the deflate data itself
        Path badBody = Files.write(dir.resolve("body.idx3-ubyte.gz"), body);
        String bodyMessage = assertThrows(DataFormatException.class, () -> IdxReader.read(badBody, lab)).getMessage();
        assertTrue(bodyMessage.startsWith(badBody + ": "), bodyMessage);

        Path half = Files.write(dir.resolve("half.idx3-ubyte.gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
        String halfMessage = assertThrows(DataFormatException.class, () -> IdxReader.read(half, lab)).getMessage();
        assertTrue(halfMessage.startsWith(half + ": truncated: the compressed data ends before 40 images"),
                halfMessage);

        Path notGzip = Files.write(dir.resolve("plain.idx3-ubyte.gz"), plain);
        assertEquals(notGzip + ": corrupt gzip data (Not in GZIP format)",
                assertThrows(DataFormatException.class, () -> IdxReader.read(notGzip, lab)).getMessage());

        byte[] longer = java.util.Arrays.copyOf(plain, plain.length + 3);
        Path extra = Files.write(dir.resolve("extra.idx3-ubyte"), longer);
        assertEquals(extra + ": 3 bytes after the declared data",
                assertThrows(DataFormatException.class, () -> IdxReader.read(extra, lab)).getMessage());
    }
}
