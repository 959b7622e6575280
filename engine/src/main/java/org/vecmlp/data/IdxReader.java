package org.vecmlp.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST-style IDX files: an unsigned-byte image file ({@code idx3}, magic 0x00000803: count, rows, columns,
 * then pixels) and an unsigned-byte label file ({@code idx1}, magic 0x00000801: count, then labels). Files ending in
 * {@code .gz} are decompressed on the fly. Pixels become floats 0..255, one row per image.
 */
public final class IdxReader {
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /** Reads an image file and its label file into a classification set of {@code max(label)+1} (≥ 10) classes. */
    public static Dataset read(Path images, Path labels) throws IOException {
        int count;
        int pixels;
        float[] x;
        try (DataInputStream in = open(images)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new DataFormatException(images + ": not an IDX image file (magic 0x" + Integer.toHexString(magic)
                        + ", expected 0x803)");
            }
            count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 0 || rows < 1 || cols < 1 || (long) count * rows * cols > Integer.MAX_VALUE - 16) {
                throw new DataFormatException(images + ": invalid IDX dimensions " + count + "×" + rows + "×" + cols);
            }
            pixels = rows * cols;
            byte[] raw = new byte[count * pixels];
            readFully(in, raw, images, count + " images of " + pixels + " pixels");
            x = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                x[i] = Byte.toUnsignedInt(raw[i]);
            }
        } catch (EOFException e) {
            throw new DataFormatException(images + ": truncated IDX header");
        }
        int[] y;
        try (DataInputStream in = open(labels)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new DataFormatException(labels + ": not an IDX label file (magic 0x" + Integer.toHexString(magic)
                        + ", expected 0x801)");
            }
            int labelCount = in.readInt();
            if (labelCount != count) {
                throw new DataFormatException(labels + ": " + labelCount + " labels but " + images + " has " + count
                        + " images");
            }
            byte[] raw = new byte[count];
            readFully(in, raw, labels, count + " labels");
            y = new int[count];
            for (int i = 0; i < count; i++) {
                y[i] = Byte.toUnsignedInt(raw[i]);
            }
        } catch (EOFException e) {
            throw new DataFormatException(labels + ": truncated IDX header");
        }
        int max = 9;
        for (int v : y) {
            max = Math.max(max, v);
        }
        return Dataset.classification(images.getFileName().toString(), x, count, pixels, y, max + 1);
    }

    private static DataInputStream open(Path file) throws IOException {
        try {
            InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            return new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file + ": no such file");
        }
    }

    private static void readFully(DataInputStream in, byte[] dst, Path file, String what) throws IOException {
        int read = in.readNBytes(dst, 0, dst.length);
        if (read < dst.length) {
            throw new DataFormatException(file + ": truncated: expected " + what + " (" + dst.length
                    + " bytes) but found " + read);
        }
    }
}
