package io.breakoutbot.ops.backup;

import io.breakoutbot.ops.files.DurableFiles;
import java.io.BufferedOutputStream;
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
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one backup: every source as a tree under its file name, then the manifest, as a tar stream (PAX headers
 * for long and non-ASCII names) compressed by {@link ParallelGzip}, optionally encrypted by {@link BackupKey},
 * into {@code .<name>.tmp}; then {@code <name>.sha256} the same way; then the archive is renamed and the directory
 * synced. A crash leaves at most temp files and, between the two renames, a {@code .sha256} without its archive;
 * {@link Backups#sweepLeftovers()} removes both. The checksum goes first so that an archive never lacks one.
 *
 * <p>A missing source fails the backup before anything is written ({@link MissingSourceException}), unless it is
 * optional; then it is left out and reported. Also left out and reported: the backup directory itself, temp files ({@code *.tmp}), sockets,
 * fifos and devices, unreadable files, names a restore would refuse (a backslash, say), and symbolic links that
 * point outside the archive (absolute, climbing out with {@code ..}, or doing so through another link), which a
 * restore would refuse too. A source that is itself a link is followed (the operator named it); links below it
 * are stored as links.
 *
 * <p>A file is read from one open descriptor and exactly its size at opening is stored; one that shrinks is padded
 * with zero bytes, and one whose size or modification time moved meanwhile is listed as changed.
 */
final class BackupWriter {

    private static final Logger LOG = LoggerFactory.getLogger(BackupWriter.class);
    private static final int FILE_TYPE = 0100000;
    private static final int DIRECTORY_TYPE = 0040000;
    private static final int LINK_TYPE = 0120000;
    private static final int COPY_BUFFER = 1 << 18;

    private final Path directory;
    private final List<Path> sources;
    private final Set<Path> optional;
    private final BackupKey key;
    private final Clock clock;
    private final int level;
    private final int blockSize;
    private final String host;
    private final ThreadFactory threads;
    private final UnaryOperator<OutputStream> sink;

    /** @param threads where the compressing threads come from */
    BackupWriter(BackupSettings settings, BackupKey key, Clock clock, ThreadFactory threads) {
        this(settings, key, clock, threads, UnaryOperator.identity());
    }

    /** @param sink wraps the stream to the temp file; tests use it to fail mid-way */
    BackupWriter(
            BackupSettings settings,
            BackupKey key,
            Clock clock,
            ThreadFactory threads,
            UnaryOperator<OutputStream> sink) {
        this.directory = settings.directory();
        this.sources = settings.sources();
        this.optional = settings.optional();
        this.key = key;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.level = settings.compressionLevel();
        this.blockSize = settings.blockSize();
        this.host = settings.host();
        this.threads = Objects.requireNonNull(threads, "threads");
        this.sink = sink;
    }

    /** @throws MissingSourceException when a required source does not exist; nothing is written then */
    BackupRecord write() throws IOException {
        long t0 = System.nanoTime();
        List<Path> missing = sources.stream()
                .filter(s -> !optional.contains(s) && !Files.exists(s))
                .toList();
        if (!missing.isEmpty()) {
            throw new MissingSourceException(missing);
        }
        Files.createDirectories(directory);
        OwnerOnly.directory(directory);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String name = BackupNames.next(directory, now, key != null);
        Path target = directory.resolve(name);
        Path temp = BackupNames.temp(target);
        Walk walk = new Walk(
                Files.readAttributes(directory, BasicFileAttributes.class).fileKey(), optional);
        byte[] archiveDigest;
        try {
            archiveDigest = writeArchive(temp, name, now, walk);
        } catch (IOException | RuntimeException e) {
            DurableFiles.discard(temp, e);
            throw e;
        }
        String hex = HexFormat.of().formatHex(archiveDigest);
        Path checksum = directory.resolve(name + BackupNames.CHECKSUM);
        try {
            writeChecksum(checksum, hex, name);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("Backup " + target + " appeared while it was being written");
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            DurableFiles.discard(temp, e);
            DurableFiles.discard(checksum, e);
            throw e;
        }
        DurableFiles.syncDirectory(directory);
        long archiveBytes = Files.size(target);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        LOG.info(
                "Backup {} written: {} files, {} bytes into {} bytes in {} ms; changed while read {}; skipped {}",
                name,
                walk.files,
                walk.bytes,
                archiveBytes,
                ms,
                walk.changed,
                walk.skipped);
        return new BackupRecord(
                name, now.toString(), archiveBytes, walk.files, walk.bytes, ms, walk.changed, walk.skipped, false);
    }

    private byte[] writeArchive(Path temp, String name, Instant now, Walk walk) throws IOException {
        MessageDigest archiveSha = sha256();
        try (FileChannel channel = FileChannel.open(
                temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OwnerOnly.FILE)) {
            OutputStream file = new BufferedOutputStream(sink.apply(Channels.newOutputStream(channel)), 1 << 16);
            DigestOutputStream hashed = new DigestOutputStream(file, archiveSha);
            OutputStream sealed = key == null ? null : key.encrypting(hashed);
            ParallelGzip gzip = new ParallelGzip(
                    sealed == null ? hashed : sealed,
                    level,
                    blockSize,
                    Runtime.getRuntime().availableProcessors(),
                    threads);
            try {
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, StandardCharsets.UTF_8.name());
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                tar.setAddPaxHeadersForNonAsciiNames(true);
                List<Manifest.Source> described = new ArrayList<>();
                sources.forEach(walk::expect);
                for (Path source : sources) {
                    described.add(walk.source(tar, source));
                }
                Manifest manifest = new Manifest(
                        Manifest.FORMAT,
                        Manifest.VERSION,
                        now.toString(),
                        host,
                        name,
                        described,
                        walk.entries,
                        walk.changed,
                        walk.skipped);
                byte[] json = BackupJson.write(manifest);
                TarArchiveEntry entry = new TarArchiveEntry(Manifest.PATH);
                entry.setSize(json.length);
                entry.setMode(FILE_TYPE | 0644);
                entry.setModTime(FileTime.from(now));
                tar.putArchiveEntry(entry);
                tar.write(json);
                tar.closeArchiveEntry();
                tar.finish();
                gzip.finish();
                if (sealed != null) {
                    sealed.close(); // seals the last segment; hashed stays open
                }
                hashed.flush();
                channel.force(true);
            } finally {
                // Stops the compressing threads; after finish() nothing is pending any more.
                gzip.abandon();
            }
        }
        return archiveSha.digest();
    }

    private void writeChecksum(Path checksum, String hex, String name) throws IOException {
        Path temp = BackupNames.temp(checksum);
        try (FileChannel channel = FileChannel.open(
                temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OwnerOnly.FILE)) {
            // sha256sum's format: "hash, two spaces, name", so `sha256sum -c` works in the backup directory.
            channel.write(ByteBuffer.wrap((hex + "  " + name + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            DurableFiles.discard(temp, e);
            throw e;
        }
        Files.move(temp, checksum, StandardCopyOption.ATOMIC_MOVE);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static int permissions(PosixFileAttributes attributes) {
        int mode = 0;
        for (PosixFilePermission permission : attributes.permissions()) {
            // OWNER_READ is 0400 and OTHERS_EXECUTE 0001: the enum lists the nine bits from the highest down.
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }

    /** What one backup run has stored so far. */
    private static final class Walk {
        final Object excludedKey;
        /** The sources by their top-level name, so a link can be resolved through links in another source. */
        final Map<String, Path> tops = new HashMap<>();

        final List<Manifest.Entry> entries = new ArrayList<>();
        final List<String> changed = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final byte[] buffer = new byte[COPY_BUFFER];
        long files;
        long bytes;

        final Set<Path> optional;

        Walk(Object excludedKey, Set<Path> optional) {
            this.excludedKey = excludedKey;
            this.optional = optional;
        }

        void expect(Path source) {
            tops.put(source.getFileName().toString(), source);
        }

        /** The target of the link that stands on disk where {@code entry} will be, or null. */
        private String linkOnDisk(String entry) {
            int slash = entry.indexOf('/');
            Path top = tops.get(slash < 0 ? entry : entry.substring(0, slash));
            if (top == null || slash < 0) {
                return null; // a source that is a link is followed, and stored as what it leads to
            }
            Path path = top.resolve(entry.substring(slash + 1));
            try {
                return Files.isSymbolicLink(path) ? Files.readSymbolicLink(path).toString() : null;
            } catch (IOException e) {
                // Gone or unreadable since it was listed: judged as no link here; the verification that follows
                // every backup judges the archive as it was written.
                LOG.debug("Could not read the link {} while judging another link", path, e);
                return null;
            }
        }

        Manifest.Source source(TarArchiveOutputStream tar, Path source) throws IOException {
            String top = source.getFileName().toString();
            PosixFileAttributes attributes;
            try {
                attributes = Files.readAttributes(source, PosixFileAttributes.class);
            } catch (NoSuchFileException missing) {
                if (!optional.contains(source)) {
                    throw new MissingSourceException(List.of(source)); // vanished since write() looked
                }
                skipped.add(top + ": optional source " + source + " does not exist");
                LOG.info("Backup source {} does not exist; skipped", source);
                return new Manifest.Source(source.toString(), top, false);
            }
            visit(tar, source, top, attributes);
            return new Manifest.Source(source.toString(), top, true);
        }

        private void visit(TarArchiveOutputStream tar, Path path, String name, PosixFileAttributes a)
                throws IOException {
            try {
                EntryNames.check(name);
            } catch (BadEntryException e) {
                skip(name, e.getMessage() + "; a restore would refuse it, so it is not stored");
                return;
            }
            if (a.isDirectory()) {
                if (a.fileKey() != null && a.fileKey().equals(excludedKey)) {
                    skip(name, "the backup directory");
                } else if (name.endsWith(BackupNames.TEMP_SUFFIX)) {
                    skip(name, "temp directory");
                } else {
                    directory(tar, path, name, a);
                }
            } else if (a.isSymbolicLink()) {
                link(tar, path, name, a);
            } else if (!a.isRegularFile()) {
                skip(name, "not a regular file (socket, fifo or device)");
            } else if (name.endsWith(BackupNames.TEMP_SUFFIX)) {
                skip(name, "temp file");
            } else {
                file(tar, path, name, a);
            }
        }

        private void skip(String name, String reason) {
            skipped.add(name + ": " + reason);
        }

        private void directory(TarArchiveOutputStream tar, Path path, String name, PosixFileAttributes a)
                throws IOException {
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> list = Files.newDirectoryStream(path)) {
                list.forEach(children::add);
            } catch (AccessDeniedException denied) {
                skip(name, "directory not readable");
                return;
            }
            children.sort(null);
            int mode = permissions(a);
            long mtime = a.lastModifiedTime().to(TimeUnit.SECONDS);
            TarArchiveEntry entry = new TarArchiveEntry(name + "/");
            entry.setMode(DIRECTORY_TYPE | mode);
            entry.setModTime(FileTime.from(mtime, TimeUnit.SECONDS));
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            entries.add(new Manifest.Entry(name, Manifest.DIR, 0, octal(mode), mtime, null, null));
            for (Path child : children) {
                String childName = name + "/" + child.getFileName();
                PosixFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(child, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    skip(childName, "vanished before it was read");
                    continue;
                }
                visit(tar, child, childName, attributes);
            }
        }

        private void link(TarArchiveOutputStream tar, Path path, String name, PosixFileAttributes a)
                throws IOException {
            String target = Files.readSymbolicLink(path).toString();
            if (!EntryNames.linkStaysInside(name, target)) {
                skip(
                        name,
                        "symbolic link to " + target + " points outside the backup; a restore would refuse it, "
                                + "so it is not stored");
                return;
            }
            String escape = EntryNames.linkEscape(name, target, this::linkOnDisk, tops::containsKey);
            if (escape != null) {
                skip(
                        name,
                        "symbolic link to " + target + " " + escape + "; a restore would refuse it, "
                                + "so it is not stored");
                return;
            }
            long mtime = a.lastModifiedTime().to(TimeUnit.SECONDS);
            TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            entry.setLinkName(target);
            entry.setMode(LINK_TYPE | 0777);
            entry.setModTime(FileTime.from(mtime, TimeUnit.SECONDS));
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            entries.add(new Manifest.Entry(name, Manifest.SYMLINK, 0, octal(0777), mtime, null, target));
        }

        private void file(TarArchiveOutputStream tar, Path path, String name, PosixFileAttributes before)
                throws IOException {
            FileChannel in;
            try {
                // NOFOLLOW_LINKS: a file swapped for a link since it was listed fails to open instead.
                in = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException gone) {
                skip(name, "vanished before it was read");
                return;
            } catch (AccessDeniedException denied) {
                skip(name, "not readable");
                return;
            } catch (FileSystemException other) {
                skip(name, "could not be opened: " + other.getReason());
                return;
            }
            try (in) {
                long size = in.size();
                int mode = permissions(before);
                long mtime = before.lastModifiedTime().to(TimeUnit.SECONDS);
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setSize(size);
                entry.setMode(FILE_TYPE | mode);
                entry.setModTime(FileTime.from(mtime, TimeUnit.SECONDS));
                tar.putArchiveEntry(entry);
                MessageDigest sha = sha256();
                ByteBuffer wrapped = ByteBuffer.wrap(buffer);
                long remaining = size;
                while (remaining > 0) {
                    wrapped.clear().limit((int) Math.min(buffer.length, remaining));
                    int read = in.read(wrapped);
                    if (read < 0) {
                        break;
                    }
                    sha.update(buffer, 0, read);
                    tar.write(buffer, 0, read);
                    remaining -= read;
                }
                boolean moved = remaining > 0 || in.size() != size || size != before.size();
                if (remaining > 0) {
                    // The header already promised `size` bytes: zeros keep the archive well formed.
                    Arrays.fill(buffer, (byte) 0);
                    while (remaining > 0) {
                        int n = (int) Math.min(buffer.length, remaining);
                        sha.update(buffer, 0, n);
                        tar.write(buffer, 0, n);
                        remaining -= n;
                    }
                }
                tar.closeArchiveEntry();
                if (!moved) {
                    moved = modifiedSince(path, before);
                }
                if (moved) {
                    changed.add(name);
                    LOG.warn(
                            "{} changed while it was backed up (size or modification time moved); stored {} bytes",
                            path,
                            size);
                }
                entries.add(new Manifest.Entry(
                        name,
                        Manifest.FILE,
                        size,
                        octal(mode),
                        mtime,
                        HexFormat.of().formatHex(sha.digest()),
                        null));
                files++;
                bytes += size;
            }
        }

        private static boolean modifiedSince(Path path, PosixFileAttributes before) throws IOException {
            try {
                BasicFileAttributes after =
                        Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return after.size() != before.size()
                        || !after.lastModifiedTime().equals(before.lastModifiedTime())
                        || !Objects.equals(after.fileKey(), before.fileKey());
            } catch (NoSuchFileException gone) {
                return true;
            }
        }
    }

    static String octal(int mode) {
        String digits = Integer.toOctalString(mode);
        return "0000".substring(Math.min(4, digits.length())) + digits;
    }
}
