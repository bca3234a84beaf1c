package io.breakoutbot.ops.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Set;

/**
 * "Write under a temp name, sync, rename" for every writer of ours: {@link #replace} for a small file written
 * whole, and its two halves for writers that stream (making the rename durable, and cleaning up after a
 * failure without hiding why it failed).
 */
public final class DurableFiles {

    private DurableFiles() {}

    /**
     * Replaces {@code file} with {@code content}: written to {@code temp} (created with {@code attributes},
     * e.g. mode 600, or truncated when it exists), synced, renamed over {@code file}, the directory synced. A
     * reader sees the old file or the new one, never a part; on failure the old one is untouched and the temp
     * file deleted. The new file keeps the owner and group of the one it replaces (of its directory when
     * new), so root running a command for the service's user does not leave a file the service cannot read.
     */
    public static void replace(Path file, Path temp, byte[] content, FileAttribute<?>... attributes)
            throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        try {
            try (FileChannel channel = FileChannel.open(
                    temp,
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                    attributes)) {
                ByteBuffer bytes = ByteBuffer.wrap(content);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            keepOwner(Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? file : directory, temp);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            discard(temp, e);
            throw e;
        }
        syncDirectory(directory);
    }

    private static void keepOwner(Path from, Path to) throws IOException {
        PosixFileAttributeView target =
                Files.getFileAttributeView(to, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (target == null) {
            return; // not a POSIX file system: no owners to keep
        }
        PosixFileAttributes wanted = Files.readAttributes(from, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributes actual = target.readAttributes();
        // Equal for the service writing its own files: no chown at all. Different only when root writes.
        if (!actual.owner().equals(wanted.owner())) {
            target.setOwner(wanted.owner());
        }
        if (!actual.group().equals(wanted.group())) {
            target.setGroup(wanted.group());
        }
    }

    /** Makes a rename durable; where the platform cannot open a directory, the rename is merely not synced. */
    public static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException notSupported) {
            // Not every file system lets a directory be opened for sync; the rename itself still happened.
        }
    }

    /** Deletes the temp file of a failed write; a failure to delete is attached to {@code failure}, not thrown. */
    public static void discard(Path temp, Exception failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }
}
