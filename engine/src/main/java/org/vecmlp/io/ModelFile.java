package org.vecmlp.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.vecmlp.nn.LayerSpec;
import org.vecmlp.Mlp;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.data.Standardizer;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;

/**
 * The vecmlp model file, format version {@value #VERSION}. Little-endian throughout:
 *
 * <pre>
 * offset  size  field
 * 0       4     magic "VMLP"
 * 4       2     format version (u16)
 * 6       2     reserved, 0
 * 8       8     total file length in bytes, checksum included (i64)
 * 16      …     body:
 *                 inputs (i32), layer count L (i32),
 *                 L × { units (i32), activation (u8 code, below), alpha (f32) },
 *                 loss (u8 code, below), classes (i32, 0 = regression),
 *                 standardisation flag (u8); if 1: mean[inputs] (f32), std[inputs] (f32),
 *                 metadata count (i32), that many { key, value } strings (i32 byte length + UTF-8),
 *                 parameter count P (i32), P parameters (f32, ParameterLayout order)
 * end−4   4     CRC-32C of every byte before it (u32)
 * </pre>
 *
 * Codes, fixed forever (never enum ordinals, which a reordering would change): activations identity 0, sigmoid 1,
 * tanh 2, relu 3, leaky-relu 4, softmax 5, threshold 6; losses mse-sum 0, mse 1, bce 2, ce 3, perceptron 4. A
 * committed golden file (test resources) holds the format to them.
 *
 * <p>Writing is atomic: the bytes go to a temporary file in the same directory, are forced to disk, and the file is
 * renamed over the target, so a crash leaves either the old file or the new one, never half of one. Reading checks,
 * in order, each with its own message: the magic, the version, the length (truncation) against the file's size before
 * anything else is read, the checksum, then the structure, where every declared size is checked against the bytes
 * that remain before anything is allocated; parameters and standardisation must be finite (a deviation positive).
 */
public final class ModelFile {
    /** The format version this code writes, and the newest it reads. */
    public static final int VERSION = 1;
    private static final byte[] MAGIC = {'V', 'M', 'L', 'P'};
    private static final int HEADER = 16;
    /** The largest file a byte array holds: bigger ones are refused by their size, before reading. */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private ModelFile() {
    }

    /**
     * Writes {@code saved} to {@code target} atomically ({@link AtomicFiles#write}).
     *
     * @param target the model file
     * @param saved  the model, its standardisation, classes and metadata
     * @throws IOException naming the target when it cannot be written
     */
    public static void write(Path target, SavedModel saved) throws IOException {
        AtomicFiles.write(target, encode(saved));
    }

    /**
     * The file's bytes for {@code saved}: header, body, CRC-32C.
     *
     * @param saved the model, its standardisation, classes and metadata
     * @return the bytes {@link #decode} reads back
     */
    public static byte[] encode(SavedModel saved) {
        MlpSpec spec = saved.model().spec();
        int bad = firstNonFinite(saved.model().parameters());
        if (bad >= 0) {
            throw new IllegalArgumentException("the model's parameter " + bad + " is " + saved.model().parameters()[bad]
                    + ": a model with non-finite parameters predicts nothing useful, so it is not saved");
        }
        ByteArrayOutputStream bodyBytes = new ByteArrayOutputStream();
        try (DataOutputStream body = new DataOutputStream(bodyBytes)) {
            ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            writeInt(body, scratch, spec.inputs());
            writeInt(body, scratch, spec.layers().size());
            for (LayerSpec layer : spec.layers()) {
                writeInt(body, scratch, layer.units());
                body.writeByte(activationCode(layer.activation().kind()));
                writeFloat(body, scratch, layer.activation().alpha());
            }
            body.writeByte(lossCode(spec.loss()));
            writeInt(body, scratch, saved.classes());
            Standardizer st = saved.standardizer();
            body.writeByte(st == null ? 0 : 1);
            if (st != null) {
                for (float v : st.mean()) {
                    writeFloat(body, scratch, v);
                }
                for (float v : st.std()) {
                    writeFloat(body, scratch, v);
                }
            }
            Map<String, String> sorted = new TreeMap<>(saved.metadata());
            writeInt(body, scratch, sorted.size());
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                writeString(body, scratch, e.getKey());
                writeString(body, scratch, e.getValue());
            }
            float[] params = saved.model().parameters();
            writeInt(body, scratch, params.length);
            ByteBuffer p = ByteBuffer.allocate(params.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            p.asFloatBuffer().put(params);
            body.write(p.array());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        byte[] b = bodyBytes.toByteArray();
        int total = HEADER + b.length + 4;
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putShort((short) VERSION).putShort((short) 0).putLong(total).put(b);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, total - 4);
        out.putInt((int) crc.getValue());
        return out.array();
    }

    /**
     * A predictor from a model file in one call: {@code ModelFile.predictor(Path.of("model.vmlp")).predict(row)},
     * raw features in (the stored standardisation is applied), outputs (class probabilities, or values) out.
     *
     * @param file a model file
     * @return a thread-safe predictor on the default backend
     * @throws IOException when the file cannot be read, or a {@link ModelFormatException} saying what is wrong with it
     */
    public static org.vecmlp.infer.Predictor predictor(Path file) throws IOException {
        return read(file).predictor();
    }

    /**
     * Reads and checks a model file: its size and header before its bytes, then everything ({@link #decode}).
     *
     * @param file a model file
     * @return what it holds
     * @throws IOException when the file cannot be read, or a {@link ModelFormatException} saying what is wrong with it
     */
    public static SavedModel read(Path file) throws IOException {
        String name = file.toString();
        long size;
        try {
            if (Files.isDirectory(file)) {
                throw new ModelFormatException(name + ": is a directory, not a model file");
            }
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(name + ": no such model file");
        }
        byte[] head = new byte[(int) Math.min(size, HEADER)];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, head.length) != head.length) {
                throw new ModelFormatException(name + ": the file changed while it was read");
            }
        }
        checkHeader(name, head, size);
        if (size > MAX_FILE_BYTES) {
            throw new ModelFormatException(name + ": " + size + " bytes, more than a model file can hold (at most "
                    + MAX_FILE_BYTES + " bytes)");
        }
        long free = Runtime.getRuntime().maxMemory() - (Runtime.getRuntime().totalMemory()
                - Runtime.getRuntime().freeMemory());
        if (2 * size > free) { // the bytes, then the parameters decoded from them
            throw new ModelFormatException(name + ": reading its " + size + " bytes needs about " + 2 * size / (1 << 20)
                    + " MiB of memory, but the JVM has " + free / (1 << 20) + " MiB free (raise -Xmx)");
        }
        return decode(name, Files.readAllBytes(file));
    }

    /**
     * The checks that need only the first {@value #HEADER} bytes and the length: magic, version, declared length.
     * {@code head} holds the first bytes (fewer when the file is shorter).
     */
    private static void checkHeader(String name, byte[] head, long length) throws ModelFormatException {
        if (length == 0) {
            throw new ModelFormatException(name + ": the file is empty (not a vecmlp model)");
        }
        if (head.length < MAGIC.length || !java.util.Arrays.equals(head, 0, 4, MAGIC, 0, 4)) {
            throw new ModelFormatException(name + ": not a vecmlp model file (bad magic number)");
        }
        if (length < HEADER + 4) {
            throw new ModelFormatException(name + ": truncated: " + length + " bytes is shorter than the header");
        }
        ByteBuffer in = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        in.position(4);
        int version = Short.toUnsignedInt(in.getShort());
        if (version > VERSION) {
            throw new ModelFormatException(name + ": written by a newer vecmlp (model format version " + version
                    + "; this version reads up to " + VERSION + ")");
        }
        if (version < 1) {
            throw new ModelFormatException(name + ": invalid model format version " + version);
        }
        in.getShort();
        long declared = in.getLong();
        if (length < declared) {
            throw new ModelFormatException(name + ": truncated: " + length + " of " + declared + " bytes");
        }
        if (length > declared) {
            throw new ModelFormatException(name + ": " + (length - declared)
                    + " unexpected bytes after the end of the model");
        }
    }

    /**
     * Decodes a model from the bytes of a model file.
     *
     * @param name  the file's name, used in messages
     * @param bytes the whole file
     * @return what it holds
     * @throws ModelFormatException when the bytes are not a model file, are truncated or corrupt, are from a newer
     *         version, or declare sizes they do not hold
     */
    public static SavedModel decode(String name, byte[] bytes) throws ModelFormatException {
        checkHeader(name, java.util.Arrays.copyOf(bytes, Math.min(bytes.length, HEADER)), bytes.length);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        in.position(HEADER);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if ((int) crc.getValue() != stored) {
            throw new ModelFormatException(name + ": checksum mismatch: the model file is corrupt");
        }
        try {
            return parseBody(name, in, bytes.length - 4);
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new ModelFormatException(name + ": invalid model structure: " + e.getMessage());
        }
    }

    private static SavedModel parseBody(String name, ByteBuffer in, int end) throws ModelFormatException {
        in.limit(end);
        int inputs = in.getInt();
        if (inputs < 1) {
            throw new ModelFormatException(name + ": invalid input count " + inputs);
        }
        int layerCount = in.getInt();
        if (layerCount < 1 || layerCount > 10_000) {
            throw new ModelFormatException(name + ": invalid layer count " + layerCount);
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (int l = 0; l < layerCount; l++) {
            int units = in.getInt();
            int code = Byte.toUnsignedInt(in.get());
            float alpha = in.getFloat();
            Activation.Kind kind = activationOf(code);
            if (kind == null) {
                throw new ModelFormatException(name + ": unknown activation code " + code + " in layer " + (l + 1));
            }
            if (units < 1) {
                throw new ModelFormatException(name + ": layer " + (l + 1) + " has " + units + " units");
            }
            layers.add(new LayerSpec(units, new Activation(kind, alpha)));
        }
        int lossCode = Byte.toUnsignedInt(in.get());
        LossFunction loss = lossOf(lossCode);
        if (loss == null) {
            throw new ModelFormatException(name + ": unknown loss code " + lossCode);
        }
        MlpSpec spec = new MlpSpec(inputs, layers, loss);
        int classes = in.getInt();
        String classMismatch = SavedModel.classesMismatch(spec.outputs(), classes);
        if (classMismatch != null) {
            throw new ModelFormatException(name + ": " + classMismatch);
        }
        Standardizer standardizer = null;
        if (in.get() != 0) {
            need(name, in, 8L * inputs, "the standardisation of " + inputs + " inputs");
            float[] mean = new float[inputs];
            float[] std = new float[inputs];
            in.asFloatBuffer().get(mean);
            in.position(in.position() + 4 * inputs);
            in.asFloatBuffer().get(std);
            in.position(in.position() + 4 * inputs);
            for (int j = 0; j < inputs; j++) {
                if (!Float.isFinite(mean[j]) || !(std[j] > 0) || !Float.isFinite(std[j])) {
                    throw new ModelFormatException(name + ": the standardisation of input " + (j + 1) + " is mean "
                            + mean[j] + ", deviation " + std[j] + " (a finite mean and a positive, finite deviation "
                            + "are needed)");
                }
            }
            standardizer = new Standardizer(mean, std);
        }
        int entries = in.getInt();
        if (entries < 0 || entries > 10_000) {
            throw new ModelFormatException(name + ": invalid metadata count " + entries);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            metadata.put(readString(in), readString(in));
        }
        int count = in.getInt();
        long expected = spec.parameterCount();
        if (count != expected) {
            throw new ModelFormatException(name + ": declares " + count + " parameters, but its layers ("
                    + spec.describe() + ") have " + expected);
        }
        need(name, in, 4L * count, count + " parameters");
        float[] params = new float[count];
        in.asFloatBuffer().get(params);
        in.position(in.position() + 4 * params.length);
        if (in.hasRemaining()) {
            throw new ModelFormatException(name + ": " + in.remaining() + " unexpected bytes before the checksum");
        }
        int bad = firstNonFinite(params);
        if (bad >= 0) {
            throw new ModelFormatException(name + ": parameter " + bad + " is " + params[bad] + " (a model's "
                    + "parameters must be finite)");
        }
        return new SavedModel(Mlp.withParameters(spec, params), standardizer, classes, metadata);
    }

    /** Refuses a declared size that the bytes left cannot hold, before anything that size is allocated. */
    private static void need(String name, ByteBuffer in, long bytes, String what) throws ModelFormatException {
        if (bytes > in.remaining()) {
            throw new ModelFormatException(name + ": " + what + " need " + bytes + " bytes, but only "
                    + in.remaining() + " remain before the checksum");
        }
    }

    private static int firstNonFinite(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    /** The file's code for an activation kind (see the class comment; never the ordinal). */
    static int activationCode(Activation.Kind kind) {
        return switch (kind) {
            case IDENTITY -> 0;
            case SIGMOID -> 1;
            case TANH -> 2;
            case RELU -> 3;
            case LEAKY_RELU -> 4;
            case SOFTMAX -> 5;
            case THRESHOLD -> 6;
        };
    }

    /** The activation kind of a file code, or null for an unknown code. */
    static Activation.Kind activationOf(int code) {
        for (Activation.Kind kind : Activation.Kind.values()) {
            if (activationCode(kind) == code) {
                return kind;
            }
        }
        return null;
    }

    /** The file's code for a loss (see the class comment; never the ordinal). */
    static int lossCode(LossFunction loss) {
        return switch (loss) {
            case SQUARED_SUM -> 0;
            case SQUARED_MEAN -> 1;
            case BINARY_CROSS_ENTROPY -> 2;
            case SOFTMAX_CROSS_ENTROPY -> 3;
            case PERCEPTRON -> 4;
        };
    }

    /** The loss of a file code, or null for an unknown code. */
    static LossFunction lossOf(int code) {
        for (LossFunction loss : LossFunction.values()) {
            if (lossCode(loss) == code) {
                return loss;
            }
        }
        return null;
    }

    private static void writeInt(DataOutputStream out, ByteBuffer scratch, int v) throws IOException {
        out.write(scratch.clear().putInt(v).array(), 0, 4);
    }

    private static void writeFloat(DataOutputStream out, ByteBuffer scratch, float v) throws IOException {
        out.write(scratch.clear().putFloat(v).array(), 0, 4);
    }

    private static void writeString(DataOutputStream out, ByteBuffer scratch, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeInt(out, scratch, b.length);
        out.write(b);
    }

    private static String readString(ByteBuffer in) {
        int len = in.getInt();
        if (len < 0 || len > in.remaining()) {
            throw new IllegalArgumentException("string of " + len + " bytes runs past the end");
        }
        byte[] b = new byte[len];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
