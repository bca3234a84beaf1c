package io.breakoutbot.ops.backup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Archive names: {@code bot_backup_yyyyMMdd_HHmmss[_N].tar.gz[.enc]}, the time in UTC, {@code _1} ... {@code _999}
 * for further backups in the same second. Temp files are the final name with a leading dot and {@code .tmp}.
 * Order is always by the parsed time and then the sequence as a number, never by {@code ls}.
 */
public final class BackupNames {

    static final String PREFIX = "bot_backup_";
    public static final String CHECKSUM = ".sha256";
    static final String TEMP_SUFFIX = ".tmp";
    /** Temp files and directories of ours: backups in progress, restore staging, drill scratch, fetched copies. */
    static final Pattern TEMP = Pattern.compile("\\.bot_(?:backup|restore|drill|fetch)_[^/]*\\.tmp");

    private static final Pattern ARCHIVE =
            Pattern.compile("bot_backup_(\\d{8}_\\d{6})(?:_([1-9]\\d{0,2}))?\\.tar\\.gz(\\.enc)?");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final int MAX_PER_SECOND = 1000;

    public static final Comparator<String> OLDEST_FIRST =
            Comparator.comparing(BackupNames::time).thenComparingInt(BackupNames::sequence);

    private BackupNames() {}

    public static boolean isArchive(String name) {
        Matcher m = ARCHIVE.matcher(name);
        return m.matches() && parse(m.group(1)) != null;
    }

    /**
     * @return {@code name} when it names an archive
     * @throws IllegalArgumentException for anything else: a path, another file, an empty name
     */
    public static String require(String name) {
        if (name == null || !isArchive(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a backup name; names look like "
                    + "bot_backup_20261128_040000.tar.gz (a file name in the backup directory, never a path).");
        }
        return name;
    }

    static boolean encrypted(String name) {
        return name.endsWith(".enc");
    }

    public static Instant time(String name) {
        Matcher m = ARCHIVE.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a backup name: " + name);
        }
        return parse(m.group(1));
    }

    static int sequence(String name) {
        Matcher m = ARCHIVE.matcher(name);
        return m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 0;
    }

    static String stamp(Instant instant) {
        return STAMP.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    static Path temp(Path file) {
        return file.resolveSibling("." + file.getFileName() + TEMP_SUFFIX);
    }

    /** The next free archive name for {@code now}, counting temp files too, so two writers never share one. */
    static String next(Path directory, Instant now, boolean encrypted) throws IOException {
        String stamp = stamp(now);
        int seq = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + PREFIX + stamp + "*")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(TEMP_SUFFIX)) {
                    name = name.substring(1, name.length() - TEMP_SUFFIX.length());
                }
                if (name.endsWith(CHECKSUM)) {
                    name = name.substring(0, name.length() - CHECKSUM.length());
                }
                Matcher m = ARCHIVE.matcher(name);
                if (m.matches() && m.group(1).equals(stamp)) {
                    seq = Math.max(seq, sequence(name) + 1);
                }
            }
        }
        if (seq >= MAX_PER_SECOND) {
            throw new IOException("More than " + MAX_PER_SECOND + " backups in one second in " + directory);
        }
        return PREFIX + stamp + (seq == 0 ? "" : "_" + seq) + ".tar.gz" + (encrypted ? ".enc" : "");
    }

    private static Instant parse(String stamp) {
        try {
            return LocalDateTime.parse(stamp, STAMP).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }
}
