package org.vecmlp.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/** Edits a model file's bytes and reseals its checksum, so that a test reaches the check behind the checksum. */
final class ModelFileEdits {
    private ModelFileEdits() {
    }

    /** Applies {@code edit} to the file's bytes (little-endian), then rewrites the CRC-32C of the last 4 bytes. */
    static void edit(Path model, Consumer<ByteBuffer> edit) throws IOException {
        byte[] bytes = Files.readAllBytes(model);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        edit.accept(b);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        b.putInt(bytes.length - 4, (int) crc.getValue());
        Files.write(model, bytes);
    }
}
