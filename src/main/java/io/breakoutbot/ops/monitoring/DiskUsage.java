package io.breakoutbot.ops.monitoring;

import java.util.Objects;

/**
 * The disk (file store) holding a watched directory. When the directory is missing or cannot be read, the
 * numbers are unavailable: {@code NaN} and {@code -1}.
 *
 * @param path        the watched directory, as configured; the first one when several share a disk
 * @param usedPercent used space as {@code df} computes Use%: used / (used + available to us), percent 0 to
 *                    100, so 100 means nothing more can be written; {@code NaN} when unavailable
 * @param freeBytes   bytes this JVM can still write (usable space; excludes blocks reserved for root),
 *                    or -1
 * @param totalBytes  size of the file store, bytes, or -1
 */
public record DiskUsage(String path, double usedPercent, long freeBytes, long totalBytes) {

    public DiskUsage {
        Objects.requireNonNull(path, "path");
    }

    /** A directory whose disk could not be read. */
    public static DiskUsage unavailable(String path) {
        return new DiskUsage(path, Double.NaN, -1, -1);
    }
}
