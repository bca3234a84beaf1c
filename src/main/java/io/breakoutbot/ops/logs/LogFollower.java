package io.breakoutbot.ops.logs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every {@code *.log} file of one directory as {@code tail -F} does, for whoever polls it: each
 * {@link #poll} hands over the complete lines appended since the previous one, with the name of their file.
 * Files that exist when the follower is made are followed from their end, files that appear later from
 * their start.
 *
 * <p>Files are told apart by their identity (device and inode, {@link BasicFileAttributes#fileKey()}), not
 * their name, and each is read through a channel kept open, so rotation loses and repeats nothing:
 * <ul>
 *   <li><b>rename</b> ({@code app.log} becomes {@code app.log.1} or {@code app.log.2026-12-04}, a new
 *       {@code app.log} appears): the old file is read to its end through the open channel, under the name it
 *       was followed by, then the new one from its start. The old one stays open for one more poll, for a
 *       writer that had not yet reopened. A file that was created and renamed away between two polls (a
 *       burst of rotations) is found among the rotated names ({@code app.log.*}, {@code app.log-*},
 *       {@code app.log_*}, not compressed ones) by an identity never seen before, and read whole;</li>
 *   <li><b>copytruncate</b> (the size drops below what was read): read again from the start; the copy is
 *       not read, as its lines were. Lines written between the copy and the truncation are lost to any
 *       follower, as they are to {@code tail}; so is a truncation that the file outgrew before the poll;</li>
 *   <li><b>deleted</b>: read to its end through the open channel, then closed;</li>
 *   <li>a last line without its newline is held until the newline comes (or the file is done with);</li>
 *   <li>a line longer than {@link #MAX_LINE_BYTES} is handed over cut to that length and counted.</li>
 * </ul>
 *
 * <p>Symbolic links and anything but regular files are never opened, so nothing outside the directory is
 * read. Not thread-safe: one caller polls.
 */
public final class LogFollower implements Closeable {

    /** Longer lines are cut to this many bytes (64 KiB). */
    public static final int MAX_LINE_BYTES = 64 * 1024;

    /** Bytes read per poll at most, by default (32 MiB); the rest comes at the next poll. */
    public static final long DEFAULT_MAX_BYTES_PER_POLL = 32L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(LogFollower.class);
    private static final int BUFFER_BYTES = 1 << 20;
    private static final int FORGET_AFTER_POLLS = 60;
    private static final long UNKNOWN_TIME = Long.MIN_VALUE;
    private static final List<String> COMPRESSED = List.of(".gz", ".bz2", ".xz", ".zst", ".zip", ".lz4", ".z");

    /** Receives each line; {@code file} is the name the file was followed by, e.g. {@code bot.log}. */
    @FunctionalInterface
    public interface LineSink {
        void accept(String file, String line);
    }

    /** One line and its file's name (as it was followed, e.g. {@code bot.log} even once renamed). */
    public record Line(String file, String text) {}

    /** One followed file. */
    private static final class Followed {
        final Object key;
        final FileChannel channel;
        String name;
        long offset;
        byte[] pending = new byte[256];
        int pendingLength;
        /** Dropping bytes up to the next newline: the rest of a cut line, or of a line we started inside. */
        boolean skipping;
        /** No longer under a {@code *.log} name (rotated or deleted); closed after a poll finds nothing new. */
        boolean draining;

        Followed(Object key, FileChannel channel, String name, long offset) {
            this.key = key;
            this.channel = channel;
            this.name = name;
            this.offset = offset;
        }
    }

    private record Entry(String name, Object key, long size, long modified) {}

    private final Path directory;
    private final long maxBytesPerPoll;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private final ByteBuffer wrapped = ByteBuffer.wrap(buffer);
    /** By identity, in the order they were first seen. */
    private final Map<Object, Followed> followed = new LinkedHashMap<>();
    /**
     * Files known but not open: read to their end and closed, or under a rotated name and not to be read (a
     * copytruncate copy, older generations). By identity: where reading would resume, and the poll they were
     * last listed at. A directory listing taken while files are renamed may miss one, so they are forgotten
     * only after {@value #FORGET_AFTER_POLLS} polls unlisted (an identity can be reused once its file is gone).
     */
    private final Map<Object, long[]> known = new HashMap<>();
    /** Identities that could not be opened, so the warning is logged once. */
    private final Set<Object> unreadable = new HashSet<>();

    private long lines;
    private long bytes;
    private long cutLines;
    private long truncations;
    private long rotations;
    private long readErrors;
    private long polls;

    /** @param directory followed as it is now: its files from their end */
    public LogFollower(Path directory) {
        this(directory, DEFAULT_MAX_BYTES_PER_POLL);
    }

    /**
     * @param directory       the directory whose {@code *.log} files are followed; need not exist yet
     * @param maxBytesPerPoll bytes read per poll at most, 1 or more; the rest waits for the next poll
     */
    public LogFollower(Path directory, long maxBytesPerPoll) {
        this.directory = Objects.requireNonNull(directory, "directory");
        if (maxBytesPerPoll < 1) {
            throw new IllegalArgumentException("A poll must read at least 1 byte, not " + maxBytesPerPoll + ".");
        }
        this.maxBytesPerPoll = maxBytesPerPoll;
        Scan scan = scan();
        for (Entry e : scan.live.values()) {
            Followed f = open(e, e.size);
            if (f != null && e.size > 0) {
                f.skipping = !endsWithNewline(f.channel, e.size);
            }
        }
        for (Entry e : scan.rotated) {
            known.put(e.key, new long[] {e.size, 0, e.modified});
        }
    }

    public Path directory() {
        return directory;
    }

    /** The lines appended since the last poll, at most {@code maxBytesPerPoll} bytes of them. */
    public List<Line> poll() {
        List<Line> out = new ArrayList<>();
        poll((file, line) -> out.add(new Line(file, line)));
        return out;
    }

    /**
     * Hands each line appended since the last poll to {@code sink}, oldest file first (a rotated file before
     * its successor), in file order within a file.
     *
     * @return the number of lines handed over
     */
    public long poll(LineSink sink) {
        long before = lines;
        long[] budget = {maxBytesPerPoll};
        Scan scan = scan();
        Set<Object> liveKeys = new HashSet<>();
        for (Entry e : scan.live.values()) {
            liveKeys.add(e.key);
        }
        // 1. Files no longer under a *.log name: the rest of them, before what replaced them.
        Set<String> replacedNames = new HashSet<>();
        for (Iterator<Followed> it = followed.values().iterator(); it.hasNext(); ) {
            Followed f = it.next();
            if (liveKeys.contains(f.key)) {
                continue;
            }
            if (!f.draining) {
                // A listing taken while files are renamed may leave one out: ask for the name itself.
                Entry still = entry(f.name);
                if (still != null && still.key.equals(f.key)) {
                    scan.live.put(still.name, still);
                    liveKeys.add(still.key);
                    continue;
                }
            }
            boolean firstTime = !f.draining;
            if (firstTime) {
                f.draining = true;
                rotations++;
                replacedNames.add(f.name);
                LOG.debug("{} in {} was renamed or deleted; reading the rest of it", f.name, directory);
            }
            long read = read(f, sink, budget);
            if (read == 0 && budget[0] > 0 && !firstTime) {
                finish(f, sink);
                it.remove();
                // Its time of last change is not known here (no fstat on a channel): taken at the next listing.
                known.put(f.key, new long[] {f.offset, polls, UNKNOWN_TIME});
            }
        }
        // 2. Files that were created and rotated away between two polls: under a rotated name, never seen,
        // beside a *.log name that was just replaced or just appeared (a copytruncate copy is beside neither).
        for (Entry e : scan.live.values()) {
            if (!followed.containsKey(e.key) && !known.containsKey(e.key) && !unreadable.contains(e.key)) {
                replacedNames.add(e.name);
            }
        }
        List<Entry> missed = new ArrayList<>();
        for (Entry e : scan.rotated) {
            long[] k = known.get(e.key);
            if (k != null && k[2] == UNKNOWN_TIME && k[0] == e.size) {
                k[2] = e.modified;
            }
            if (k != null && (k[0] != e.size || k[2] != e.modified)) {
                // Not the file that was known: its identity was reused by a new one.
                known.remove(e.key);
                k = null;
            }
            if (k != null) {
                k[1] = polls;
            } else if (!followed.containsKey(e.key) && !liveKeys.contains(e.key)) {
                if (baseName(e.name, replacedNames) != null) {
                    missed.add(e);
                } else {
                    known.put(e.key, new long[] {e.size, polls, e.modified});
                }
            }
        }
        missed.sort(Comparator.comparingLong(Entry::modified));
        for (Entry e : missed) {
            Followed f = open(e, 0);
            if (f != null) {
                LOG.debug("{} in {} was created and rotated between two polls; reading it whole", e.name, directory);
                f.name = baseName(e.name, replacedNames);
                f.draining = true;
                read(f, sink, budget);
            }
        }
        // 3. The files under *.log names.
        for (Entry e : scan.live.values()) {
            Followed f = followed.get(e.key);
            if (f == null) {
                if (unreadable.contains(e.key)) {
                    continue;
                }
                // Under a *.log name and not followed: a new file, even if its identity was known (reused).
                known.remove(e.key);
                f = open(e, 0);
                if (f == null) {
                    continue;
                }
            }
            f.name = e.name;
            f.draining = false;
            if (e.size < f.offset) {
                truncations++;
                LOG.debug(
                        "{} in {} shrank below what was read ({} < {} bytes): copytruncate; reading from the start",
                        e.name,
                        directory,
                        e.size,
                        f.offset);
                f.offset = 0;
                f.pendingLength = 0;
                f.skipping = false;
            }
            read(f, sink, budget);
        }
        unreadable.retainAll(liveKeys);
        known.values().removeIf(k -> polls - k[1] > FORGET_AFTER_POLLS);
        polls++;
        return lines - before;
    }

    /** Lines handed over since the follower was made. */
    public long lines() {
        return lines;
    }

    /** Bytes read since the follower was made. */
    public long bytes() {
        return bytes;
    }

    /** Lines longer than {@link #MAX_LINE_BYTES}, handed over cut. */
    public long cutLines() {
        return cutLines;
    }

    /** Times a file shrank below what had been read of it (copytruncate). */
    public long truncations() {
        return truncations;
    }

    /** Files that left their {@code *.log} name, renamed or deleted. */
    public long rotations() {
        return rotations;
    }

    /** Reads that failed (logged each time). */
    public long readErrors() {
        return readErrors;
    }

    /** Files open now. */
    public int openFiles() {
        return followed.size();
    }

    @Override
    public void close() {
        for (Followed f : followed.values()) {
            closeQuietly(f);
        }
        followed.clear();
    }

    private record Scan(Map<String, Entry> live, List<Entry> rotated) {}

    private Scan scan() {
        Map<String, Entry> live = new TreeMap<>();
        List<Entry> rotated = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                boolean isLive = name.endsWith(".log");
                if (!isLive && (!name.contains(".log") || compressed(name))) {
                    continue;
                }
                Entry e = entry(name);
                if (e == null) {
                    continue;
                }
                if (isLive) {
                    live.put(name, e);
                } else {
                    rotated.add(e);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException missing) {
            LOG.debug("{} is not a directory (yet); nothing to follow", directory);
        } catch (IOException e) {
            readErrors++;
            LOG.warn("Cannot list {} to follow its logs: {}", directory, e.toString());
        }
        return new Scan(live, rotated);
    }

    /** The regular file of that name now, or null (gone, a link, not a regular file, unreadable attributes). */
    private Entry entry(String name) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(directory.resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            readErrors++;
            LOG.warn("Cannot read the attributes of {} in {}: {}", name, directory, e.toString());
            return null;
        }
        if (!a.isRegularFile() || a.fileKey() == null) {
            return null;
        }
        Instant modified = a.lastModifiedTime().toInstant();
        return new Entry(name, a.fileKey(), a.size(), modified.getEpochSecond() * 1_000_000_000L + modified.getNano());
    }

    private static boolean compressed(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String suffix : COMPRESSED) {
            if (lower.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** The followed name {@code rotatedName} was rotated from ({@code app.log} for {@code app.log.1}), or null. */
    private static String baseName(String rotatedName, Set<String> replacedNames) {
        for (String base : replacedNames) {
            if (rotatedName.length() > base.length() + 1 && rotatedName.startsWith(base)) {
                char c = rotatedName.charAt(base.length());
                if (c == '.' || c == '-' || c == '_') {
                    return base;
                }
            }
        }
        return null;
    }

    private Followed open(Entry e, long offset) {
        FileChannel channel;
        try {
            channel = FileChannel.open(directory.resolve(e.name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException | UnsupportedOperationException failed) {
            if (unreadable.add(e.key)) {
                LOG.warn("Cannot read {} in {} to follow it: {}", e.name, directory, failed.toString());
            }
            return null;
        }
        // The name may have moved on to another file between the listing and the open (rotations in a burst):
        // only what still has the listed identity after the open is that file, as names only move one way.
        Entry now = entry(e.name);
        if (now == null || !now.key.equals(e.key)) {
            try {
                channel.close();
            } catch (IOException ignored) {
                LOG.debug("Closing {} in {}, which was renamed while opened", e.name, directory);
            }
            return null;
        }
        Followed f = new Followed(e.key, channel, e.name, offset);
        followed.put(e.key, f);
        return f;
    }

    private boolean endsWithNewline(FileChannel channel, long size) {
        ByteBuffer last = ByteBuffer.allocate(1);
        try {
            return channel.read(last, size - 1) == 1 && last.get(0) == '\n';
        } catch (IOException e) {
            return true;
        }
    }

    /** Reads {@code f} from its offset to its end or until the budget is spent; returns the bytes read. */
    private long read(Followed f, LineSink sink, long[] budget) {
        long total = 0;
        while (budget[0] > 0) {
            wrapped.clear();
            wrapped.limit((int) Math.min(buffer.length, budget[0]));
            int n;
            try {
                n = f.channel.read(wrapped, f.offset);
            } catch (IOException e) {
                readErrors++;
                LOG.warn("Cannot read {} in {} at byte {}: {}", f.name, directory, f.offset, e.toString());
                return total;
            }
            if (n <= 0) {
                return total;
            }
            f.offset += n;
            budget[0] -= n;
            total += n;
            bytes += n;
            split(f, n, sink);
        }
        return total;
    }

    private void split(Followed f, int n, LineSink sink) {
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (buffer[i] != '\n') {
                continue;
            }
            if (f.pendingLength > 0 || f.skipping) {
                // The end of a line begun in an earlier read (or of a cut one, or of one started inside).
                if (!f.skipping) {
                    hold(f, start, i);
                }
                f.skipping = false;
                if (f.pendingLength > 0) {
                    emit(f.name, f.pending, 0, f.pendingLength, sink);
                    f.pendingLength = 0;
                }
            } else if (i - start > MAX_LINE_BYTES) {
                cutLines++;
                emit(f.name, buffer, start, start + MAX_LINE_BYTES, sink);
            } else {
                emit(f.name, buffer, start, i, sink);
            }
            start = i + 1;
        }
        if (start < n && !f.skipping) {
            hold(f, start, n);
        }
    }

    /** Adds {@code buffer[from, to)} to the held part of a line, up to the cap; past it, skips to the newline. */
    private void hold(Followed f, int from, int to) {
        int room = MAX_LINE_BYTES - f.pendingLength;
        int length = to - from;
        if (length > room) {
            length = room;
            if (!f.skipping) {
                cutLines++;
            }
            f.skipping = true;
        }
        if (f.pendingLength + length > f.pending.length) {
            f.pending = Arrays.copyOf(
                    f.pending, Math.min(MAX_LINE_BYTES, Math.max(f.pending.length * 2, f.pendingLength + length)));
        }
        System.arraycopy(buffer, from, f.pending, f.pendingLength, length);
        f.pendingLength += length;
    }

    private void emit(String file, byte[] b, int from, int to, LineSink sink) {
        if (to > from && b[to - 1] == '\r') {
            to--;
        }
        lines++;
        sink.accept(file, new String(b, from, to - from, StandardCharsets.UTF_8));
    }

    /** The file is done with: its last line, if it had no newline, is handed over as it is. */
    private void finish(Followed f, LineSink sink) {
        if (f.pendingLength > 0) {
            emit(f.name, f.pending, 0, f.pendingLength, sink);
            f.pendingLength = 0;
        }
        closeQuietly(f);
    }

    private void closeQuietly(Followed f) {
        try {
            f.channel.close();
        } catch (IOException e) {
            LOG.debug("Closing {} in {}: {}", f.name, directory, e.toString());
        }
    }
}
