package io.breakoutbot.ops.backup;

/**
 * What an archive may demand before verify, restore or a drill refuses it, so that a crafted or damaged archive
 * cannot exhaust the disk, memory or time.
 *
 * @param maxEntries    entries (files, directories, links and the manifest), at least 1
 * @param maxTotalBytes sum of the sizes the entries declare, bytes, at least 1
 * @param maxRatio      decompressed bytes per archive byte, at least 2; gzip cannot exceed about 1032
 */
public record RestoreLimits(long maxEntries, long maxTotalBytes, long maxRatio) {

    /** 200,000 entries, 256 GiB, 500:1. */
    public static final RestoreLimits DEFAULTS = new RestoreLimits(200_000, 256L << 30, 500);

    public RestoreLimits {
        if (maxEntries < 1) {
            throw new IllegalArgumentException(
                    "The entry limit of a restore must be at least 1, was " + maxEntries + ".");
        }
        if (maxTotalBytes < 1) {
            throw new IllegalArgumentException(
                    "The size limit of a restore must be at least 1 byte, was " + maxTotalBytes + ".");
        }
        if (maxRatio < 2) {
            throw new IllegalArgumentException(
                    "The compression ratio limit of a restore must be at least 2, was " + maxRatio + ".");
        }
    }
}
