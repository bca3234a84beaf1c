package io.breakoutbot.ops.backup;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * The last entry of every archive, {@code .breakout-backup/manifest.json}: what the archive must contain. Written
 * last so that an archive is written in one pass; readers hash entries as they stream and compare at the end.
 *
 * @param format  always {@code breakout-backup}
 * @param version format version, {@value #VERSION}
 * @param created ISO-8601 instant (UTC) of the backup
 * @param host    the machine that wrote it
 * @param archive the archive's name when written
 * @param sources what was asked for and whether it existed
 * @param entries every entry of the archive before the manifest, in archive order
 * @param changed entry paths whose size or modification time moved while they were read
 * @param skipped what was left out, each {@code path: reason}
 */
@JsonbPropertyOrder({"format", "version", "created", "host", "archive", "sources", "entries", "changed", "skipped"})
public record Manifest(String format, int version, String created, String host, String archive, List<Source> sources,
                       List<Entry> entries, List<String> changed, List<String> skipped) {

    public static final String FORMAT = "breakout-backup";
    public static final int VERSION = 1;
    public static final String DIRECTORY = ".breakout-backup";
    public static final String PATH = DIRECTORY + "/manifest.json";

    public static final String FILE = "file";
    public static final String DIR = "directory";
    public static final String SYMLINK = "symlink";

    /**
     * @param path    the configured path
     * @param entry   its top-level name in the archive
     * @param present whether it existed when the backup ran
     */
    @JsonbPropertyOrder({"path", "entry", "present"})
    public record Source(String path, String entry, boolean present) {
    }

    /**
     * @param path   entry path without a trailing slash, e.g. {@code data/orders/2026.db}
     * @param type   {@code file}, {@code directory} or {@code symlink}
     * @param size   bytes stored, 0 for directories and links
     * @param mode   permission bits in octal, e.g. {@code 0644}
     * @param mtime  modification time, seconds since the epoch
     * @param sha256 hex SHA-256 of the bytes stored, null for directories and links
     * @param target link target, null for other types
     */
    @JsonbPropertyOrder({"path", "type", "size", "mode", "mtime", "sha256", "target"})
    public record Entry(String path, String type, long size, String mode, long mtime, String sha256, String target) {

        int permissions() {
            return Integer.parseInt(mode, 8) & 0777;
        }
    }
}
