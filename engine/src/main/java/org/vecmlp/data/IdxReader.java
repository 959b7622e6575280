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

    /**
     * Reads an image file and its label file into a classification set of {@code max(label)+1} (≥ 10) classes.
     *
     * @param images the IDX3 image file (8-bit pixels scaled to [0, 1]), plain or {@code .gz}
     * @param labels the IDX1 label file, plain or {@code .gz}
     * @return the set, one row per image
     * @throws IOException when a file cannot be read, or a {@link DataFormatException} naming the file and what is wrong
     */
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
            long declared = (long) count * rows * cols;
            if (count < 0 || rows < 1 || cols < 1 || (long) rows * cols > Integer.MAX_VALUE - 16
                    || declared > Integer.MAX_VALUE - 16) {
                throw new DataFormatException(images + ": invalid IDX dimensions " + count + "×" + rows + "×" + cols);
            }
            checkFits(images, declared, count + " images of " + rows + "×" + cols + " pixels");
            pixels = rows * cols;
            byte[] raw = new byte[count * pixels];
            readFully(in, raw, images, count + " images of " + pixels + " pixels");
            readToEnd(in, images);
            x = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                x[i] = Byte.toUnsignedInt(raw[i]);
            }
        } catch (EOFException e) {
            throw new DataFormatException(images + ": truncated IDX header");
        } catch (java.util.zip.ZipException e) {
            throw corrupt(images, e);
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
            checkFits(labels, count, count + " labels");
            byte[] raw = new byte[count];
            readFully(in, raw, labels, count + " labels");
            readToEnd(in, labels);
            y = new int[count];
            for (int i = 0; i < count; i++) {
                y[i] = Byte.toUnsignedInt(raw[i]);
            }
        } catch (EOFException e) {
            throw new DataFormatException(labels + ": truncated IDX header");
        } catch (java.util.zip.ZipException e) {
            throw corrupt(labels, e);
        }
        int max = 9;
        for (int v : y) {
            max = Math.max(max, v);
        }
        return Dataset.classification(images.getFileName().toString(), x, count, pixels, y, max + 1);
    }

    /** Deflate expands at most 1032:1, so a gzip file of n bytes holds at most about 1032·n bytes of data. */
    private static final long MAX_GZIP_RATIO = 1032;

    /**
     * Refuses a declared size that the file cannot hold, before anything that size is allocated: a plain file must
     * have the bytes after its header, a gzip file cannot inflate past deflate's maximum ratio (found by fuzzing: a
     * 30-byte file declared gigabytes).
     */
    private static void checkFits(Path file, long bytes, String what) throws IOException {
        long size = Files.size(file);
        boolean gzip = file.toString().endsWith(".gz");
        long most = gzip ? size * MAX_GZIP_RATIO : size;
        if (bytes > most) {
            throw new DataFormatException(file + ": declares " + what + " (" + bytes + " bytes), more than its "
                    + size + (gzip ? " compressed" : "") + " bytes can hold");
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw;
        try {
            raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file + ": no such file");
        }
        if (!file.toString().endsWith(".gz")) {
            return new DataInputStream(raw);
        }
        try {
            return new DataInputStream(new GZIPInputStream(raw, 1 << 16));
        } catch (java.util.zip.ZipException | EOFException e) {
            raw.close();
            throw corrupt(file, e);
        }
    }

    private static DataFormatException corrupt(Path file, IOException e) {
        return new DataFormatException(file + ": corrupt gzip data (" + detail(e) + ")");
    }

    /** What the JDK said about a damaged stream; some of its exceptions carry no message (found by fuzzing). */
    private static String detail(IOException e) {
        return e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage()
                : e instanceof EOFException ? "unexpected end of the stream" : e.getClass().getSimpleName();
    }

    /**
     * Reads what follows the declared data: nothing may (extra bytes mean another layout), and reading to the end is
     * what makes a gzip stream check its trailer (CRC-32 and length), so a damaged file is never half-trusted.
     */
    private static void readToEnd(DataInputStream in, Path file) throws IOException {
        byte[] buffer = new byte[8192];
        long extra = 0;
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                extra += n;
            }
        } catch (EOFException e) {
            throw corrupt(file, e);
        }
        if (extra > 0) {
            throw new DataFormatException(file + ": " + extra + " bytes after the declared data");
        }
    }

    private static void readFully(DataInputStream in, byte[] dst, Path file, String what) throws IOException {
        int read;
        try {
            read = in.readNBytes(dst, 0, dst.length);
        } catch (EOFException e) { // a gzip stream cut short inside its compressed data
            throw new DataFormatException(file + ": truncated: the compressed data ends before " + what + " ("
                    + detail(e) + ")");
        }
        if (read < dst.length) {
            throw new DataFormatException(file + ": truncated: expected " + what + " (" + dst.length
                    + " bytes) but found " + read);
        }
    }
}
