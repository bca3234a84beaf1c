package io.breakoutbot.ops.files;

import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * A regular file as a directory scan saw it: what {@link SafeDelete} compares with the disk just before it
 * deletes, so that a file replaced or rewritten since the scan is left alone.
 */
public interface ScannedFile {

    /** The file name, never a path: every operation stays inside the scanned directory. */
    String name();

    /** Size in bytes at the scan. */
    long bytes();

    /** Last modification at the scan. */
    Instant modified();

    /** Identity of the file (device and inode), to notice a swap between scan and delete. */
    Object fileKey();

    /** A file of no further kind, from its attributes as read by the scan. */
    static ScannedFile of(String name, BasicFileAttributes attributes) {
        return new Plain(name, attributes.size(), attributes.lastModifiedTime().toInstant(), attributes.fileKey());
    }

    /** @see ScannedFile#of */
    record Plain(String name, long bytes, Instant modified, Object fileKey) implements ScannedFile {}
}
