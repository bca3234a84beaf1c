package io.breakoutbot.ops.backup;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

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
public record Manifest(
        String format,
        int version,
        String created,
        String host,
        String archive,
        List<Source> sources,
        List<Entry> entries,
        List<String> changed,
        List<String> skipped) {

    public static final String FORMAT = "breakout-backup";
    public static final int VERSION = 1;
    public static final String DIRECTORY = ".breakout-backup";
    public static final String PATH = DIRECTORY + "/manifest.json";

    public static final String FILE = "file";
    public static final String DIR = "directory";
    public static final String SYMLINK = "symlink";

    private static final Pattern MODE = Pattern.compile("[0-7]{1,4}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * What JSON-B lets through that a reader cannot use: a null where a value belongs, a mode that is not octal,
     * a negative size, a time that is not an instant. Checked before anything compares or parses these fields.
     *
     * @return null when every field is usable, or which entry and field is not, for an operator
     */
    String problem() {
        if (created == null) {
            return "created is null";
        }
        try {
            Instant.parse(created);
        } catch (DateTimeParseException e) {
            return "created " + quoted(created) + " is not an ISO-8601 instant";
        }
        if (host == null
                || archive == null
                || sources == null
                || entries == null
                || changed == null
                || skipped == null) {
            return "host, archive, sources, entries, changed and skipped must not be null";
        }
        for (Entry e : entries) {
            String problem = e == null ? "an entry is null" : e.problem();
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    /**
     * @param path    the configured path
     * @param entry   its top-level name in the archive
     * @param present whether it existed when the backup ran
     */
    @JsonbPropertyOrder({"path", "entry", "present"})
    public record Source(String path, String entry, boolean present) {}

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

        /** Only for an entry whose {@link #problem()} is null. */
        int permissions() {
            return Integer.parseInt(mode, 8) & 0777;
        }

        String problem() {
            if (path == null) {
                return "an entry has no path";
            }
            String at = "entry " + EntryNames.printable(path) + ": ";
            if (!FILE.equals(type) && !DIR.equals(type) && !SYMLINK.equals(type)) {
                return at + "type " + quoted(type) + " is not file, directory or symlink";
            }
            if (size < 0) {
                return at + "size " + size + " is negative";
            }
            if (mode == null || !MODE.matcher(mode).matches()) {
                return at + "mode " + quoted(mode) + " is not octal permission bits (0000 to 0777)";
            }
            if (FILE.equals(type) != (sha256 != null && SHA256.matcher(sha256).matches())) {
                return at + "sha256 " + quoted(sha256)
                        + (FILE.equals(type) ? " is not 64 lower-case hex digits" : " must be null for a " + type);
            }
            if (SYMLINK.equals(type) != (target != null)) {
                return at + "target " + quoted(target)
                        + (SYMLINK.equals(type) ? " is missing" : " must be null for a " + type);
            }
            return null;
        }
    }
}
