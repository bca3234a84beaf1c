package io.breakoutbot.ops;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The two halves of "write under a temp name, sync, rename" that every writer of ours shares: making the
 * rename durable, and cleaning up after a failure without hiding why it failed.
 */
public final class DurableFiles {

    private DurableFiles() {
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
