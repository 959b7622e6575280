package org.vecmlp.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;

/**
 * Writes a file so that readers see the old content or the new, never a mix: the bytes go to a temporary file in
 * the same directory, are forced to disk, and the temporary file is renamed over the target.
 *
 * <ul>
 *   <li>{@link #checkTarget} says before any work whether a path can be written this way, so a long training run
 *   never ends in "no such file": callers check their output paths first.</li>
 *   <li>The temporary file has one fixed name per target, {@code .NAME}{@value #TEMP_SUFFIX}, so a writer killed
 *   mid-write leaves at most one, which the next write of that target reuses; a lock on it keeps two writers of one
 *   target apart.</li>
 *   <li>A new file gets the permissions the umask gives any new file; a replaced file keeps its own.</li>
 *   <li>A symbolic link is followed: the file it points to is replaced and the link stays.</li>
 * </ul>
 */
public final class AtomicFiles {
    /** Ends the name of the temporary file next to a target. */
    public static final String TEMP_SUFFIX = ".vecmlp-tmp";

    private AtomicFiles() {
    }

    /**
     * Checks that {@code target} can be written atomically, before any work, and returns the path that a write
     * replaces: the target, or the file a symbolic link points to. Refused, each with its own message: an empty path;
     * a directory; anything but a regular file (a device such as {@code /dev/full}, a pipe, a socket), which a rename
     * would replace by a plain file; a link that points nowhere; a parent directory that does not exist or cannot be
     * written into.
     *
     * @param target the file to write
     * @return the path a write replaces (the target, or where its link points)
     * @throws IOException naming the target and why it cannot be written
     */
    public static Path checkTarget(Path target) throws IOException {
        if (target.toString().isBlank()) {
            throw new IOException("an empty path names no file");
        }
        Path resolved = target;
        if (Files.isSymbolicLink(target)) {
            if (!Files.exists(target)) {
                throw new NoSuchFileException(target.toString(), null,
                        "a symbolic link to " + Files.readSymbolicLink(target) + ", which does not exist");
            }
            resolved = target.toRealPath();
        }
        if (Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isDirectory(resolved)) {
                throw new IOException(target + ": is a directory, not a file");
            }
            if (!Files.isRegularFile(resolved)) {
                throw new IOException(target + ": not a regular file (a device, pipe or socket); a model or report "
                        + "is written by replacing a file, so write it to a file path");
            }
        }
        Path dir = resolved.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(String.valueOf(dir), null,
                    "the directory to write " + resolved.getFileName() + " into does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new AccessDeniedException(dir.toString(), null, "cannot create " + resolved.getFileName() + " in it");
        }
        return resolved;
    }

    /**
     * The temporary file a write of {@code resolved} goes through: one fixed name per target, so an interrupted
     * write leaves at most one, which the next write reuses.
     *
     * @param resolved a path from {@link #checkTarget}
     * @return {@code .NAME.vecmlp-tmp} beside it
     */
    public static Path temporaryFor(Path resolved) {
        return resolved.toAbsolutePath().resolveSibling("." + resolved.getFileName() + TEMP_SUFFIX);
    }

    /**
     * Writes {@code bytes} to {@code target} atomically (checked first, {@link #checkTarget}): into the temporary file,
     * forced to disk, then renamed over the target. A failure names the target, and leaves the old content in place.
     *
     * @param target the file to write
     * @param bytes  its whole new content
     * @throws IOException naming the target: it cannot be written, or the disk is full
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path resolved = checkTarget(target);
        Path tmp = temporaryFor(resolved);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                throw new IOException(target + ": another process is writing it right now (" + tmp + " is locked)");
            }
            try {
                ch.truncate(0);
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
                keepPermissions(resolved, tmp);
                try {
                    Files.move(tmp, resolved, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, resolved, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                Files.deleteIfExists(tmp); // ours: we hold its lock
                throw naming(target, e);
            }
        }
    }

    /** A replaced file keeps its permissions (a new one has the umask's). */
    private static void keepPermissions(Path resolved, Path tmp) throws IOException {
        PosixFileAttributeView old = Files.getFileAttributeView(resolved, PosixFileAttributeView.class);
        if (old != null && Files.exists(resolved)) {
            Files.setPosixFilePermissions(tmp, old.readAttributes().permissions());
        }
    }

    /** The error with the target's name in it ("No space left on device" says nothing about which file). */
    private static IOException naming(Path target, IOException e) {
        if (e instanceof FileSystemException || (e.getMessage() != null && e.getMessage().contains(target.toString()))) {
            return e;
        }
        return new IOException("writing " + target + ": " + e.getMessage(), e);
    }
}
