package io.breakoutbot.ops.lifecycle;

import io.breakoutbot.ops.files.DurableFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives the top level of a log directory into {@code logs_archive_yyyyMMdd_HHmmss.tar.gz}, the name
 * {@code tar -czf logs_archive_$(date +%Y%m%d_%H%M%S).tar.gz logs/} gives it, and prunes older archives.
 *
 * <p><b>Names.</b> The timestamp is the injected {@link Clock}'s instant in <b>UTC</b>, whatever the server's
 * zone, so names never jump or repeat across daylight-saving changes. A second archive within the same second
 * gets {@code _1}, {@code _2}, ... up to {@code _999} before {@code .tar.gz}. Because {@code '.'} sorts before
 * {@code '_'}, {@code ls} order equals age order for up to ten archives per second; retention never relies on
 * that: it orders by the parsed timestamp and then the sequence as a number.
 *
 * <p><b>Contents.</b> Every regular file directly in the log directory, as {@code logs/<name>}, after a
 * {@code logs/} directory entry, in name order, with its permission bits and its modification time (whole
 * seconds, like GNU tar's default format). PAX headers carry names longer than 100 bytes, non-ASCII names and
 * sizes of 8 GiB and more. Symbolic links are never followed, and sub-directories, sockets, fifos, devices and
 * temp files ({@code *.tmp}) are left out and reported in {@link ArchiveResult#skipped()}; the
 * {@value GenerationSummary#DIRECTORY} directory of generation summaries is left out unreported, as the
 * summaries are rebuilt from the generations.
 *
 * <p><b>Files written meanwhile.</b> A tar entry's size precedes its bytes, so each file is opened, its size
 * read once from the open file and written into the header, and then exactly that many bytes are copied: a log
 * that grows meanwhile is archived as it was when its entry began, and the archive is never corrupt. A file
 * truncated meanwhile cannot be skipped (its header is already out), so its entry is padded with newline bytes
 * up to the recorded size, which keeps every line readable. Both cases are named in
 * {@link ArchiveResult#changedWhileArchiving()}.
 *
 * <p><b>Crash safety.</b> The archive is written to {@code .<name>.tmp} in the archive directory, synced,
 * renamed atomically and the directory synced, so the final name only ever holds a complete archive. A failure
 * deletes the temp file; a crash leaves it for {@link #sweepLeftovers()}.
 *
 * <p><b>Retention.</b> After each archive, archives beyond the {@code keep} newest <em>and</em> older than
 * {@code maxAgeDays} (by the timestamp in their names) are deleted, never the one just written. Only regular
 * files named exactly like an archive are considered; anything else in the archive directory is never touched.
 *
 * <p>Use one instance per archive directory; its operations are serialised.
 */
public final class LogArchiver {

    /** Top directory of every entry, as {@code tar ... logs/} writes it. */
    static final String TOP = "logs/";

    private static final Logger LOG = LoggerFactory.getLogger(LogArchiver.class);
    private static final String PREFIX = "logs_archive_";
    private static final String SUFFIX = ".tar.gz";
    private static final String TEMP_PREFIX = ".";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final Pattern ARCHIVE =
            Pattern.compile("logs_archive_(\\d{8}_\\d{6})(?:_([1-9]\\d{0,2}))?\\.tar\\.gz");
    private static final int MAX_PER_SECOND = 1000;
    private static final int FILE_TYPE = 0100000;
    private static final int DIRECTORY_TYPE = 0040000;
    private static final int DEFAULT_FILE_MODE = 0644;
    private static final int DEFAULT_DIRECTORY_MODE = 0755;
    private static final int BUFFER = 1 << 16;
    private static final byte PAD = '\n';

    private final Path archiveDirectory;
    private final Clock clock;
    private final int keep;
    private final int maxAgeDays;
    private final UnaryOperator<OutputStream> sink;

    /**
     * @param archiveDirectory where archives are written; created on the first archive if missing
     * @param clock            the time of archive names and of the age rule
     * @param keep             number of newest archives always kept, at least 1
     * @param maxAgeDays       age in days beyond which archives other than the {@code keep} newest are deleted,
     *                         at least 1
     */
    public LogArchiver(Path archiveDirectory, Clock clock, int keep, int maxAgeDays) {
        this(archiveDirectory, clock, keep, maxAgeDays, UnaryOperator.identity());
    }

    /** @param sink wraps the stream to the archive file; tests use it to fail or to change files mid-way */
    LogArchiver(Path archiveDirectory, Clock clock, int keep, int maxAgeDays, UnaryOperator<OutputStream> sink) {
        this.archiveDirectory = Objects.requireNonNull(archiveDirectory, "archiveDirectory");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (keep < 1) {
            throw new IllegalArgumentException("The number of archives to keep must be at least 1, was " + keep + ".");
        }
        if (maxAgeDays < 1) {
            throw new IllegalArgumentException("The archive age limit must be at least 1 day, was " + maxAgeDays + ".");
        }
        this.keep = keep;
        this.maxAgeDays = maxAgeDays;
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * Writes one archive of {@code logDirectory} and then applies the retention rule.
     *
     * @throws IllegalArgumentException when the log directory does not exist, or when the archive directory is
     *                                  the log directory or inside it (archives would archive themselves)
     * @throws IOException              when the archive cannot be written; no file is then left under the final
     *                                  name nor under the temp name
     */
    public synchronized ArchiveResult archive(Path logDirectory) throws IOException {
        refuseUnsafe(logDirectory);
        Files.createDirectories(archiveDirectory);
        Instant now = clock.instant();
        Path target = nextName(now);
        Path temp = archiveDirectory.resolve(TEMP_PREFIX + target.getFileName() + TEMP_SUFFIX);
        Contents contents;
        try {
            contents = write(logDirectory, temp);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                // Only another process writing into the same directory gets here; never overwrite its archive.
                throw new IOException("Archive " + target + " appeared while it was being written");
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            DurableFiles.discard(temp, e);
            throw e;
        }
        DurableFiles.syncDirectory(archiveDirectory);
        long archiveBytes = Files.size(target);
        LOG.info(
                "Archived {} files ({} bytes) from {} into {} ({} bytes); skipped {}; changed while archiving {}",
                contents.files,
                contents.bytes,
                logDirectory,
                target,
                archiveBytes,
                contents.skipped,
                contents.changed);
        Pruned pruned = prune(target, now);
        return new ArchiveResult(
                target.toAbsolutePath().toString(),
                contents.files,
                archiveBytes,
                contents.bytes,
                contents.skipped,
                contents.changed,
                pruned.names,
                pruned.bytes);
    }

    /**
     * Deletes the temp files ({@code .logs_archive_*.tar.gz.tmp}) that a crash during {@link #archive(Path)}
     * left in the archive directory. Call it at start-up, before the first archive.
     *
     * @return the deleted files, in name order; empty when the archive directory does not exist yet
     */
    public synchronized List<Path> sweepLeftovers() throws IOException {
        List<Path> swept = new ArrayList<>();
        if (!Files.isDirectory(archiveDirectory, LinkOption.NOFOLLOW_LINKS)) {
            return swept;
        }
        try (DirectoryStream<Path> temps =
                Files.newDirectoryStream(archiveDirectory, TEMP_PREFIX + PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path temp : temps) {
                if (isTempName(temp.getFileName().toString()) && Files.isRegularFile(temp, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(temp);
                    LOG.warn("Deleted {}, left by an archive run that did not finish", temp);
                    swept.add(temp);
                }
            }
        }
        if (!swept.isEmpty()) {
            DurableFiles.syncDirectory(archiveDirectory);
        }
        swept.sort(Comparator.naturalOrder());
        return swept;
    }

    private void refuseUnsafe(Path logDirectory) throws IOException {
        Objects.requireNonNull(logDirectory, "logDirectory");
        if (!Files.isDirectory(logDirectory)) {
            throw new IllegalArgumentException("Log directory " + logDirectory + " does not exist.");
        }
        // Real paths, so that neither a symbolic link nor "..", nor a not-yet-created directory, hides nesting.
        Path logs = logDirectory.toRealPath();
        if (realPathOfNearestExisting(archiveDirectory).startsWith(logs)) {
            throw new IllegalArgumentException(
                    "Archive directory " + archiveDirectory + " must be outside log directory " + logDirectory + ".");
        }
    }

    private static Path realPathOfNearestExisting(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? absolute : existing.toRealPath().resolve(existing.relativize(absolute));
    }

    private Path nextName(Instant now) throws IOException {
        String stamp = STAMP.format(now);
        int seq = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(archiveDirectory, "*" + PREFIX + stamp + "*")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (isTempName(name)) {
                    name = name.substring(TEMP_PREFIX.length(), name.length() - TEMP_SUFFIX.length());
                }
                Matcher m = ARCHIVE.matcher(name);
                if (m.matches() && m.group(1).equals(stamp)) {
                    seq = Math.max(seq, sequenceOf(m) + 1);
                }
            }
        }
        if (seq >= MAX_PER_SECOND) {
            throw new IOException("More than " + MAX_PER_SECOND + " log archives in one second in " + archiveDirectory);
        }
        return archiveDirectory.resolve(PREFIX + stamp + (seq == 0 ? "" : "_" + seq) + SUFFIX);
    }

    private static boolean isTempName(String name) {
        return name.startsWith(TEMP_PREFIX)
                && name.endsWith(TEMP_SUFFIX)
                && ARCHIVE.matcher(name.substring(TEMP_PREFIX.length(), name.length() - TEMP_SUFFIX.length()))
                        .matches();
    }

    private static int sequenceOf(Matcher archiveName) {
        return archiveName.group(2) == null ? 0 : Integer.parseInt(archiveName.group(2));
    }

    private Contents write(Path logDirectory, Path temp) throws IOException {
        Contents contents = new Contents();
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(logDirectory)) {
            files.forEach(children::add);
        }
        children.sort(Comparator.comparing(p -> p.getFileName().toString()));
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                GZIPOutputStream gzip = new GZIPOutputStream(sink.apply(Channels.newOutputStream(channel)), BUFFER);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            putDirectory(tar, logDirectory);
            for (Path file : children) {
                putFile(tar, file, contents);
            }
            tar.finish();
            gzip.finish();
            gzip.flush();
            channel.force(true);
        }
        return contents;
    }

    private static void putDirectory(TarArchiveOutputStream tar, Path logDirectory) throws IOException {
        BasicFileAttributes attributes = attributes(logDirectory);
        TarArchiveEntry entry = new TarArchiveEntry(TOP);
        entry.setMode(DIRECTORY_TYPE | permissions(attributes, DEFAULT_DIRECTORY_MODE));
        entry.setModTime(wholeSeconds(attributes.lastModifiedTime()));
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void putFile(TarArchiveOutputStream tar, Path file, Contents contents) throws IOException {
        String name = file.getFileName().toString();
        BasicFileAttributes attributes;
        FileChannel in;
        try {
            attributes = attributes(file);
            if (name.equals(GenerationSummary.DIRECTORY) && attributes.isDirectory()) {
                return; // generation summaries: an index, rebuilt after a restore, not a log
            }
            String reason = skipReason(name, attributes);
            if (reason != null) {
                contents.skip(name, reason);
                return;
            }
            // NOFOLLOW_LINKS here too: a file swapped for a link since it was listed fails to open instead.
            in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            contents.skip(name, "vanished before it was read");
            return;
        } catch (AccessDeniedException denied) {
            contents.skip(name, "not readable");
            return;
        } catch (FileSystemException other) {
            contents.skip(name, "could not be opened: " + other.getReason());
            return;
        }
        try (in) {
            long size = in.size();
            TarArchiveEntry entry = new TarArchiveEntry(TOP + name);
            entry.setSize(size);
            entry.setMode(FILE_TYPE | permissions(attributes, DEFAULT_FILE_MODE));
            entry.setModTime(wholeSeconds(attributes.lastModifiedTime()));
            tar.putArchiveEntry(entry);
            long copied = copy(in, tar, size);
            if (copied < size) {
                pad(tar, size - copied);
                contents.changed.add(name);
                LOG.warn(
                        "{} shrank from {} to {} bytes while it was archived; its entry is padded with {} newlines",
                        file,
                        size,
                        copied,
                        size - copied);
            } else if (in.size() > size) {
                contents.changed.add(name);
                LOG.info("{} grew while it was archived; its entry holds its first {} bytes", file, size);
            }
            tar.closeArchiveEntry();
            contents.files++;
            contents.bytes += size;
        }
    }

    private static String skipReason(String name, BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return "symbolic link, not followed";
        }
        if (attributes.isDirectory()) {
            return "directory, only the top level is archived";
        }
        if (!attributes.isRegularFile()) {
            return "not a regular file (socket, fifo or device)";
        }
        if (name.endsWith(TEMP_SUFFIX)) {
            return "temp file";
        }
        return null;
    }

    /** @return the bytes copied: {@code size}, or fewer when the file ended first */
    private static long copy(FileChannel in, OutputStream out, long size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        long remaining = size;
        while (remaining > 0) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
            int read = in.read(buffer);
            if (read < 0) {
                break;
            }
            out.write(buffer.array(), 0, read);
            remaining -= read;
        }
        return size - remaining;
    }

    private static void pad(OutputStream out, long count) throws IOException {
        byte[] newlines = new byte[(int) Math.min(BUFFER, count)];
        Arrays.fill(newlines, PAD);
        for (long left = count; left > 0; left -= newlines.length) {
            out.write(newlines, 0, (int) Math.min(newlines.length, left));
        }
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException notPosix) {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static int permissions(BasicFileAttributes attributes, int fallback) {
        if (!(attributes instanceof PosixFileAttributes posix)) {
            return fallback;
        }
        Set<PosixFilePermission> permissions = posix.permissions();
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            // OWNER_READ is 0400 and OTHERS_EXECUTE 0001: the enum lists the nine bits from the highest down.
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }

    private static FileTime wholeSeconds(FileTime time) {
        return FileTime.from(time.toInstant().getEpochSecond(), TimeUnit.SECONDS);
    }

    private Pruned prune(Path justWritten, Instant now) throws IOException {
        List<Archive> newestFirst = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(archiveDirectory, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                Archive archive = Archive.of(file);
                if (archive != null) {
                    newestFirst.add(archive);
                }
            }
        }
        newestFirst.sort(Comparator.comparing(Archive::time)
                .thenComparingInt(Archive::sequence)
                .reversed());
        Instant cutoff = now.minus(Duration.ofDays(maxAgeDays));
        Pruned pruned = new Pruned();
        for (Archive archive : newestFirst.subList(Math.min(keep, newestFirst.size()), newestFirst.size())) {
            if (archive.path().equals(justWritten) || !archive.time().isBefore(cutoff)) {
                continue;
            }
            try {
                long size = Files.size(archive.path());
                Files.delete(archive.path());
                pruned.names.add(0, archive.path().getFileName().toString());
                pruned.bytes += size;
                LOG.info(
                        "Deleted archive {} ({} bytes): beyond the {} newest and older than {} days",
                        archive.path(),
                        size,
                        keep,
                        maxAgeDays);
            } catch (NoSuchFileException gone) {
                LOG.info("Archive {} was already deleted", archive.path());
            } catch (IOException e) {
                // The new archive is written; a stale one that resists deletion is retried on the next run.
                LOG.warn("Could not delete expired archive {}", archive.path(), e);
            }
        }
        if (!pruned.names.isEmpty()) {
            DurableFiles.syncDirectory(archiveDirectory);
        }
        return pruned;
    }

    /** An existing archive, by the time and sequence in its name. */
    private record Archive(Path path, Instant time, int sequence) {

        /** @return null unless {@code file} is a regular file named exactly like an archive */
        static Archive of(Path file) {
            Matcher m = ARCHIVE.matcher(file.getFileName().toString());
            if (!m.matches() || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            try {
                Instant time = LocalDateTime.parse(m.group(1), NAME_TIME).toInstant(ZoneOffset.UTC);
                return new Archive(file, time, sequenceOf(m));
            } catch (DateTimeParseException notOurs) {
                return null;
            }
        }
    }

    private static final class Contents {
        int files;
        long bytes;
        final List<String> skipped = new ArrayList<>();
        final List<String> changed = new ArrayList<>();

        void skip(String name, String reason) {
            skipped.add(name + ": " + reason);
        }
    }

    private static final class Pruned {
        final List<String> names = new ArrayList<>();
        long bytes;
    }
}
