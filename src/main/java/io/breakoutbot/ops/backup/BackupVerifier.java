package io.breakoutbot.ops.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads an archive: its SHA-256 against {@code <name>.sha256}, every entry through {@link ArchiveReader}'s
 * checks, and every entry against the manifest (type, size, SHA-256, link target, mode, mtime; none missing,
 * none extra).
 */
final class BackupVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(BackupVerifier.class);
    /** Closes the refusal of an archive whose manifest disagrees with its file name; drills look for it. */
    static final String RENAMED = "renamed, so its name does not say what it holds";

    private static final Pattern CHECKSUM_LINE = Pattern.compile("([0-9a-f]{64}) [ *](.+)\\n?");

    private final Path directory;
    private final ArchiveReader reader;
    private final Clock clock;

    BackupVerifier(Path directory, RestoreLimits limits, BackupKey key, Clock clock) {
        this.directory = directory;
        this.reader = new ArchiveReader(limits, key);
        this.clock = clock;
    }

    VerifyResult verify(String name) {
        BackupNames.require(name);
        Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        long t0 = System.nanoTime();
        Path archive = directory.resolve(name);
        try (FileChannel channel = open(archive)) {
            ArchiveReader.Outcome outcome = check(channel, name, ArchiveReader.CHECK_ONLY);
            String message = name + ": " + outcome.entries() + " entries and " + outcome.bytes()
                    + " bytes match the manifest, and the archive matches its .sha256";
            LOG.info("Verified {}", message);
            return new VerifyResult(
                    name, true, start.toString(), ms(t0), outcome.entries(), outcome.bytes(), "", message);
        } catch (BadEntryException e) {
            String message = describe(name, e);
            LOG.error("Verification failed: {}", message);
            return new VerifyResult(name, false, start.toString(), ms(t0), 0, 0, e.entry(), message);
        } catch (IOException e) {
            String message = name + ": cannot be read: " + e;
            LOG.error("Verification failed: {}", message);
            return new VerifyResult(name, false, start.toString(), ms(t0), 0, 0, "", message);
        }
    }

    static String describe(String name, BadEntryException e) {
        return e.entry().isEmpty()
                ? name + ": " + e.getMessage()
                : name + ": first bad entry " + e.entry() + ": " + e.getMessage();
    }

    /** Opens an archive of the backup directory, never through a link. */
    FileChannel open(Path archive) throws IOException {
        if (!Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(archive.toString(), null, "no such backup");
        }
        return FileChannel.open(archive, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Every check of a verification on an open archive.
     *
     * @throws BadEntryException when a check fails; when an entry failed, also says whether the file still
     *                           matches its {@code .sha256}
     */
    ArchiveReader.Outcome check(FileChannel channel, String name, ArchiveReader.Visitor visitor) throws IOException {
        String expected = expectedChecksum(name);
        ArchiveReader.Outcome outcome;
        try {
            outcome = reader.read(channel, BackupNames.encrypted(name), visitor);
        } catch (BadEntryException e) {
            if (expected != null && !expected.equals(sha256(channel))) {
                throw new BadEntryException(
                        e.entry(), e.getMessage() + "; the archive does not match its .sha256 either", e);
            }
            throw e;
        }
        if (expected == null) {
            throw new BadEntryException("", "there is no " + name + BackupNames.CHECKSUM + " beside the archive");
        }
        if (!expected.equals(outcome.archiveSha256())) {
            throw new BadEntryException(
                    "",
                    "the archive's SHA-256 " + outcome.archiveSha256() + " does not match its .sha256 (" + expected
                            + ")");
        }
        String renamed = renamed(name, outcome.manifest());
        if (renamed != null) {
            throw new BadEntryException(Manifest.PATH, renamed + ": " + RENAMED);
        }
        return outcome;
    }

    /**
     * The name orders backups and picks the newest one for drills and retention: a file renamed to a newer name
     * must not pass for a newer backup, nor one copied over another's name for that one.
     *
     * @return how the manifest contradicts {@code name}, or null
     */
    private static String renamed(String name, Manifest manifest) {
        if (!name.equals(manifest.archive())) {
            return "the manifest names the archive " + manifest.archive() + ", not " + name;
        }
        Instant created = Instant.parse(manifest.created()).truncatedTo(ChronoUnit.SECONDS);
        if (!created.equals(BackupNames.time(name))) {
            return "the manifest says it was created at " + manifest.created() + ", not at " + BackupNames.time(name)
                    + " as its name says";
        }
        return null;
    }

    /** @return the hash in {@code <name>.sha256}, or null when there is none */
    private String expectedChecksum(String name) throws IOException {
        Path file = directory.resolve(name + BackupNames.CHECKSUM);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (Files.size(file) > 4096) {
            throw new BadEntryException("", name + BackupNames.CHECKSUM + " is not a checksum file");
        }
        String line = Files.readString(file, StandardCharsets.UTF_8);
        Matcher m = CHECKSUM_LINE.matcher(line);
        if (!m.matches() || !m.group(2).equals(name)) {
            throw new BadEntryException("", name + BackupNames.CHECKSUM + " is not in sha256sum format for " + name);
        }
        return m.group(1);
    }

    static String sha256(FileChannel channel) throws IOException {
        MessageDigest sha = BackupWriter.sha256();
        channel.position(0);
        InputStream in = Channels.newInputStream(channel);
        byte[] buffer = new byte[1 << 18];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            sha.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static long ms(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
