package org.vecmlp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vecmlp.Mlp;
import org.vecmlp.nn.MlpSpec;
import org.vecmlp.nn.Activation;
import org.vecmlp.nn.LossFunction;

/**
 * A model file's declared sizes are checked against the bytes that are there before anything that size is allocated,
 * even under a valid checksum (a crafted or buggy writer's file); values that would predict NaN are refused; the codes
 * are a table, not ordinals. Each case with its exact message.
 */
class ModelFileSizesTest {
    @TempDir
    Path dir;

    /** A well-sealed file (length and CRC right) around the body that {@code body} writes. */
    private static byte[] sealed(Consumer<ByteBuffer> body) {
        ByteBuffer b = ByteBuffer.allocate(1 << 12).order(ByteOrder.LITTLE_ENDIAN);
        body.accept(b);
        int total = 16 + b.position() + 4;
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.put("VMLP".getBytes(StandardCharsets.US_ASCII)).putShort((short) 1).putShort((short) 0).putLong(total)
                .put(b.array(), 0, b.position());
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, total - 4);
        out.putInt((int) crc.getValue());
        return out.array();
    }

    /** inputs, one layer of {@code units} with activation code {@code act}, loss code, classes 0, standardisation
     *  flag, no metadata; the caller then writes the parameter count and parameters. */
    private static void layers(ByteBuffer b, int inputs, int units, int act, int loss, boolean standardised) {
        b.putInt(inputs).putInt(1).putInt(units).put((byte) act).putFloat(0f).put((byte) loss).putInt(0)
                .put((byte) (standardised ? 1 : 0));
    }

    private static String refusal(byte[] file) {
        return assertThrows(ModelFormatException.class, () -> ModelFile.decode("m", file)).getMessage();
    }

    @Test
    void aParameterCountThatTheLayersDoNotHaveIsRefusedBeforeAllocating() {
        assertEquals("m: declares 2147483647 parameters, but its layers (2-1(identity) mse) have 3", refusal(sealed(b -> {
            layers(b, 2, 1, 0, 1, false);
            b.putInt(0).putInt(Integer.MAX_VALUE);
        })));
    }

    @Test
    void sizesThatTheRemainingBytesCannotHoldAreRefusedBeforeAllocating() {
        assertEquals("m: 1073741825 parameters need 4294967300 bytes, but only 0 remain before the checksum",
                refusal(sealed(b -> {
                    layers(b, 1 << 30, 1, 0, 1, false);
                    b.putInt(0).putInt((1 << 30) + 1);
                })));
        assertEquals("m: the standardisation of 1073741824 inputs need 8589934592 bytes, but only 0 remain before the "
                + "checksum", refusal(sealed(b -> layers(b, 1 << 30, 1, 0, 1, true))));
    }

    @Test
    void nonFiniteParametersAndDegenerateStandardisationAreRefused() {
        assertEquals("m: parameter 1 is NaN (a model's parameters must be finite)", refusal(sealed(b -> {
            layers(b, 2, 1, 0, 1, false);
            b.putInt(0).putInt(3).putFloat(0.5f).putFloat(Float.NaN).putFloat(1f);
        })));
        assertEquals("m: the standardisation of input 2 is mean 0.0, deviation 0.0 (a finite mean and a positive, "
                + "finite deviation are needed)", refusal(sealed(b -> {
                    layers(b, 2, 1, 0, 1, true);
                    b.putFloat(0f).putFloat(0f).putFloat(1f).putFloat(0f);
                    b.putInt(0).putInt(3).putFloat(0.5f).putFloat(0.25f).putFloat(1f);
                })));
        Mlp nan = Mlp.withParameters(MlpSpec.builder(2).output(1, Activation.IDENTITY, LossFunction.SQUARED_MEAN),
                new float[] {0f, Float.POSITIVE_INFINITY, 0f});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.encode(new SavedModel(nan, null, 0, Map.of())));
        assertEquals("the model's parameter 1 is Infinity: a model with non-finite parameters predicts nothing useful, "
                + "so it is not saved", e.getMessage());
    }

    @Test
    void codesAreATableAndUnknownOnesAreRefused() {
        assertEquals("m: unknown activation code 7 in layer 1", refusal(sealed(b -> {
            layers(b, 2, 1, 7, 1, false);
            b.putInt(0).putInt(3);
        })));
        assertEquals("m: unknown loss code 5", refusal(sealed(b -> {
            layers(b, 2, 1, 0, 5, false);
            b.putInt(0).putInt(3);
        })));
        for (Activation.Kind kind : Activation.Kind.values()) {
            assertEquals(kind, ModelFile.activationOf(ModelFile.activationCode(kind)));
        }
        for (LossFunction loss : LossFunction.values()) {
            assertEquals(loss, ModelFile.lossOf(ModelFile.lossCode(loss)));
        }
        assertNull(ModelFile.activationOf(Activation.Kind.values().length));
        assertNull(ModelFile.lossOf(LossFunction.values().length));
    }

    @Test
    void aHugeFileIsRefusedByItsSizeWithoutBeingRead() throws IOException {
        Path big = dir.resolve("big.vmlp");
        long size = 3L << 30;
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(size); // sparse: no disk used
            ByteBuffer head = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            head.put("VMLP".getBytes(StandardCharsets.US_ASCII)).putShort((short) 1).putShort((short) 0).putLong(size);
            f.write(head.array());
        }
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(big));
        assertEquals(big + ": " + size + " bytes, more than a model file can hold (at most 2147483639 bytes)",
                e.getMessage());
    }
}
