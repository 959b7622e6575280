package org.vecmlp.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
import org.vecmlp.LayerSpec;
import org.vecmlp.Mlp;
import org.vecmlp.MlpSpec;
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
 *                 L × { units (i32), activation kind (u8, Activation.Kind ordinal), alpha (f32) },
 *                 loss (u8, LossFunction ordinal), classes (i32, 0 = regression),
 *                 standardisation flag (u8); if 1: mean[inputs] (f32), std[inputs] (f32),
 *                 metadata count (i32), that many { key, value } strings (i32 byte length + UTF-8),
 *                 parameter count P (i32), P parameters (f32, ParameterLayout order)
 * end−4   4     CRC-32C of every byte before it (u32)
 * </pre>
 *
 * Writing is atomic: the bytes go to a temporary file in the same directory, are forced to disk, and the file is
 * renamed over the target, so a crash leaves either the old file or the new one, never half of one. Reading checks,
 * in order, each with its own message: the magic, the version, the length (truncation), the checksum, then the
 * structure.
 */
public final class ModelFile {
    public static final int VERSION = 1;
    private static final byte[] MAGIC = {'V', 'M', 'L', 'P'};
    private static final int HEADER = 16;

    private ModelFile() {
    }

    /** Writes {@code saved} to {@code target} atomically. */
    public static void write(Path target, SavedModel saved) throws IOException {
        AtomicFiles.write(target, encode(saved));
    }

    /** The file's bytes for {@code saved}. */
    public static byte[] encode(SavedModel saved) {
        MlpSpec spec = saved.model().spec();
        ByteArrayOutputStream bodyBytes = new ByteArrayOutputStream();
        try (DataOutputStream body = new DataOutputStream(bodyBytes)) {
            ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            writeInt(body, scratch, spec.inputs());
            writeInt(body, scratch, spec.layers().size());
            for (LayerSpec layer : spec.layers()) {
                writeInt(body, scratch, layer.units());
                body.writeByte(layer.activation().kind().ordinal());
                writeFloat(body, scratch, layer.activation().alpha());
            }
            body.writeByte(spec.loss().ordinal());
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

    /** Reads and checks a model file. */
    public static SavedModel read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file + ": no such model file");
        }
        return decode(file.toString(), bytes);
    }

    /** Decodes a model from {@code bytes}; {@code name} is used in messages. */
    public static SavedModel decode(String name, byte[] bytes) throws ModelFormatException {
        if (bytes.length == 0) {
            throw new ModelFormatException(name + ": the file is empty (not a vecmlp model)");
        }
        if (bytes.length < MAGIC.length || !java.util.Arrays.equals(bytes, 0, 4, MAGIC, 0, 4)) {
            throw new ModelFormatException(name + ": not a vecmlp model file (bad magic number)");
        }
        if (bytes.length < HEADER + 4) {
            throw new ModelFormatException(name + ": truncated: " + bytes.length + " bytes is shorter than the header");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
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
        if (bytes.length < declared) {
            throw new ModelFormatException(name + ": truncated: " + bytes.length + " of " + declared + " bytes");
        }
        if (bytes.length > declared) {
            throw new ModelFormatException(name + ": " + (bytes.length - declared)
                    + " unexpected bytes after the end of the model");
        }
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
        int layerCount = in.getInt();
        if (layerCount < 1 || layerCount > 10_000) {
            throw new ModelFormatException(name + ": invalid layer count " + layerCount);
        }
        List<LayerSpec> layers = new ArrayList<>();
        Activation.Kind[] kinds = Activation.Kind.values();
        for (int l = 0; l < layerCount; l++) {
            int units = in.getInt();
            int kind = Byte.toUnsignedInt(in.get());
            float alpha = in.getFloat();
            if (kind >= kinds.length) {
                throw new ModelFormatException(name + ": unknown activation code " + kind + " in layer " + (l + 1));
            }
            layers.add(new LayerSpec(units, new Activation(kinds[kind], alpha)));
        }
        int lossCode = Byte.toUnsignedInt(in.get());
        if (lossCode >= LossFunction.values().length) {
            throw new ModelFormatException(name + ": unknown loss code " + lossCode);
        }
        MlpSpec spec = new MlpSpec(inputs, layers, LossFunction.values()[lossCode]);
        int classes = in.getInt();
        Standardizer standardizer = null;
        if (in.get() != 0) {
            float[] mean = new float[inputs];
            float[] std = new float[inputs];
            in.asFloatBuffer().get(mean);
            in.position(in.position() + 4 * inputs);
            in.asFloatBuffer().get(std);
            in.position(in.position() + 4 * inputs);
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
        float[] params = new float[Math.max(0, count)];
        in.asFloatBuffer().get(params);
        in.position(in.position() + 4 * params.length);
        if (in.hasRemaining()) {
            throw new ModelFormatException(name + ": " + in.remaining() + " unexpected bytes before the checksum");
        }
        return new SavedModel(Mlp.withParameters(spec, params), standardizer, classes, metadata);
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
