package io.breakoutbot.ops.logs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayDeque;
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
 * Follows the log files of one directory as {@code tail -F} does, for whoever polls it: each {@link #poll}
 * hands over the complete lines appended since the previous one, with the name of their file. Log files are
 * those whose name matches one of the globs it is given ({@code *.log} by default), except rotated
 * generations: a name that is a log's name, then {@code .}, {@code -} or {@code _}, then a digit
 * ({@code app.log.1}, {@code app.log-20261204}, {@code app.log.2026-12-04}) is a generation of that log, and
 * compressed files ({@code .gz}, {@code .bz2}, {@code .xz}, {@code .zst}, {@code .zip}, {@code .lz4},
 * {@code .z}) are never read. Files that exist when the follower is made are followed from their end, files
 * that appear later from their start.
 *
 * <p>Files are told apart by their identity (device and inode, {@link BasicFileAttributes#fileKey()}), not
 * their name, and each is read through a channel kept open, so rotation loses and repeats nothing:
 * <ul>
 *   <li><b>rename</b> ({@code app.log} becomes {@code app.log.1} or {@code app.log.2026-12-04}, a new
 *       {@code app.log} appears): the old file is read to its end through the open channel, under the name it
 *       was followed by, then the new one from its start. The old one stays open until
 *       {@value #DRAIN_POLLS} polls in a row find nothing new in it, for a writer that reopens late (a
 *       delayed {@code SIGHUP}, another process of a multi-process writer, a handler that never reopens).
 *       Once closed, it is remembered by identity with the offset it was read to: when it has grown past
 *       that offset under a rotated name, and its last bytes before the offset are still those that were
 *       read, it is read on from there, never again from its start. A file that was created and renamed
 *       away while no poll saw it under the log's name (a burst of rotations, or a listing taken while names
 *       moved) is found among the rotated names by an identity never read, and read whole once its time of
 *       last change places it between the last sight of the file before it under the log's name and the first
 *       sight of the one after it (a copy made of the file under the log's name, by copytruncate, is changed
 *       after that file was first seen there, and is not read). A file read is never read from its start
 *       again while it is remembered: when it shrinks, it is read whole only as a new file under a reused
 *       identity beside a new file under its log's name;</li>
 *   <li><b>copytruncate</b> (the size drops below what was read): read again from the start; the copy is
 *       not read, as its lines were. Lines written between the copy and the truncation are lost to any
 *       follower, as they are to {@code tail}; so is a truncation that the file outgrew before the poll;</li>
 *   <li><b>deleted</b> (or moved out of sight): read to its end through the open channel, then closed
 *       after one poll that finds nothing new;</li>
 *   <li>a last line without its newline is held until the newline comes, or the file is closed: then it is
 *       handed over as it is, and should the file be read on later, the rest of that line is dropped;</li>
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

    /**
     * Polls in a row that find nothing new in a renamed file before it is closed: at one poll a second, the
     * time a writer has to reopen before the file is read only when it is seen to grow.
     */
    public static final int DRAIN_POLLS = 10;

    /** The names followed when none are given. */
    public static final List<String> DEFAULT_GLOBS = List.of("*.log");

    private static final Logger LOG = LoggerFactory.getLogger(LogFollower.class);
    private static final int BUFFER_BYTES = 1 << 20;
    private static final int FORGET_AFTER_POLLS = 60;
    private static final long UNKNOWN_TIME = Long.MIN_VALUE;
    private static final List<String> COMPRESSED = List.of(".gz", ".bz2", ".xz", ".zst", ".zip", ".lz4", ".z");
    /** Bytes before a closed file's offset kept to tell it from another file that reuses its identity. */
    private static final int TAIL_BYTES = 64;
    /** Names classified, kept while the directory holds no more distinct names than this. */
    private static final int MAX_CLASSIFIED = 4096;
    /** Spans of unseen files kept per log name: rotations that no poll saw, most recent first. */
    private static final int MAX_UNSEEN_SPANS = 64;
    /** What {@link #classify} answers for a log under its own name. */
    private static final String LIVE = "";

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
        /** No longer under a log's name (rotated or deleted); closed after polls that find nothing new. */
        boolean draining;
        /** Polls in a row, while draining, that found nothing new. */
        int idlePolls;

        /** What {@link #reopen} answers when the file was renamed again, or is gone, since it was listed. */
        static final Followed MOVED = new Followed(new Object(), null, "", 0);

        Followed(Object key, FileChannel channel, String name, long offset) {
            this.key = key;
            this.channel = channel;
            this.name = name;
            this.offset = offset;
        }
    }

    /**
     * A file known but not open.
     *
     * @param name     the name it was followed by, or null when it was never read (only listed)
     * @param offset   bytes read of it (or its size when listed)
     * @param seen     the poll it was last listed at
     * @param modified its time of last change, ns, or {@link #UNKNOWN_TIME}
     * @param tail     its last bytes before {@code offset} (empty when never read)
     * @param cut      whether its last line, without a newline, was handed over at close
     */
    private static final class Known {
        final String name;
        final long offset;
        long seen;
        long modified;
        final byte[] tail;
        final boolean cut;

        Known(String name, long offset, long seen, long modified, byte[] tail, boolean cut) {
            this.name = name;
            this.offset = offset;
            this.seen = seen;
            this.modified = modified;
            this.tail = tail;
            this.cut = cut;
        }

        static Known listed(Entry e, long poll) {
            return new Known(null, e.size, poll, e.modified, new byte[0], false);
        }
    }

    /** A listed file; {@code base} is the log it is a generation of, or null under a log's own name. */
    private record Entry(String name, Object key, long size, long modified, String base) {}

    /** What {@link #judge} answers for a file under a rotated name that was never read. */
    private enum Verdict {
        /** A generation that was under the log's name while no listing saw it there: read it whole. */
        READ,
        /** Not a generation written since the follower started (a copytruncate copy, an older one). */
        SKIP,
        /** Not known yet: the file under the log's name may have left it unseen. Asked again next poll. */
        WAIT
    }

    /**
     * The files a log's name held, as far as polls saw them: the one followed under it, the time of last change
     * it was last seen with there, and the spans of such times when the name held files no poll saw. Files only
     * move on from a log's name, so a file that was under it unseen was last changed after the file before it
     * was last seen there, and before the file after it was first seen there; a copy of the file under the name
     * (copytruncate) was made while that file was still there, after it was first seen.
     */
    private static final class Succession {
        /** The file followed under the name, or null before one was. */
        Object key;
        /** Its time of last change, ns, when first seen under the name. */
        long firstModified;
        /** Its time of last change, ns, when last seen under the name. */
        long lastModified;
        /** It is known to have left the name: files changed since it was last seen there may be unseen ones. */
        boolean left;
        /**
         * Its time of last change, ns, when it was last seen shrunk (copytruncate), or {@link Long#MIN_VALUE}:
         * the copy was changed no later, and file times coarser than the copy and the truncation tie with it.
         */
        long truncated = Long.MIN_VALUE;
        /** Closed spans {from, to} of times of last change, ns, of files that may have been under it unseen. */
        final ArrayDeque<long[]> unseen = new ArrayDeque<>();

        /** A file is followed under the name, first seen there with that time of last change. */
        void follow(Object followed, long modified) {
            if (followed.equals(key) && !left) {
                lastModified = Math.max(lastModified, modified);
                return;
            }
            unseen.addLast(new long[] {key == null ? Long.MIN_VALUE : after(), modified});
            if (unseen.size() > MAX_UNSEEN_SPANS) {
                unseen.removeFirst();
            }
            key = followed;
            firstModified = modified;
            lastModified = modified;
            left = false;
            truncated = Long.MIN_VALUE;
        }

        /** The earliest time of last change, ns, of a file that followed the one followed under the name. */
        private long after() {
            return truncated == lastModified ? lastModified + 1 : lastModified;
        }

        /**
         * @param modified a file's time of last change, ns
         * @param next     the time of last change of a file under the name that is not followed yet, ns, or
         *                 {@link Long#MAX_VALUE} when there is none
         */
        Verdict judge(long modified, long next) {
            if (modified >= firstModified && modified <= truncated) {
                return Verdict.SKIP; // changed between the followed file's first sight and its cut: the copy
            }
            for (long[] span : unseen) {
                if (modified >= span[0] && modified <= span[1]) {
                    return Verdict.READ;
                }
            }
            if (key == null) {
                // Nothing followed under the name yet: whatever was there before the next file went by unseen.
                return modified <= next ? Verdict.READ : Verdict.WAIT;
            }
            if (modified < after()) {
                // Changed before the followed file's last sight there (or with it, when it was then seen cut by
                // copytruncate: its copy): no successor of it.
                return Verdict.SKIP;
            }
            if (left || next != Long.MAX_VALUE) {
                // The followed file left the name: what changed from its last sight to the next file's first.
                return modified <= next ? Verdict.READ : Verdict.WAIT;
            }
            return Verdict.WAIT; // still under the name: a copy of it, or a successor once it is seen gone
        }
    }

    private final Path directory;
    private final long maxBytesPerPoll;
    private final List<PathMatcher> globs = new ArrayList<>();
    /** By name: {@link #LIVE}, the base name of a generation, or null for a file not followed. */
    private final Map<String, String> classified = new HashMap<>();

    private final byte[] buffer = new byte[BUFFER_BYTES];
    private final ByteBuffer wrapped = ByteBuffer.wrap(buffer);
    /** By identity, in the order they were first seen. */
    private final Map<Object, Followed> followed = new LinkedHashMap<>();
    /**
     * Files known but not open: read to their end and closed, or under a rotated name and not to be read (a
     * copytruncate copy, older generations). By identity. A directory listing taken while files are renamed
     * may miss one, so they are forgotten only after {@value #FORGET_AFTER_POLLS} polls unlisted (an identity
     * can be reused once its file is gone).
     */
    private final Map<Object, Known> known = new HashMap<>();
    /** By log name: the files it held, to tell a generation that went by unseen from a copy. */
    private final Map<String, Succession> successions = new HashMap<>();
    /** Identities that could not be opened, so the warning is logged once. */
    private final Set<Object> unreadable = new HashSet<>();

    private long lines;
    private long bytes;
    private long cutLines;
    private long truncations;
    private long rotations;
    private long readErrors;
    private long polls;

    /** @param directory followed as it is now: its {@code *.log} files from their end */
    public LogFollower(Path directory) {
        this(directory, DEFAULT_GLOBS, DEFAULT_MAX_BYTES_PER_POLL);
    }

    /**
     * @param directory       the directory whose {@code *.log} files are followed; need not exist yet
     * @param maxBytesPerPoll bytes read per poll at most, 1 or more; the rest waits for the next poll
     */
    public LogFollower(Path directory, long maxBytesPerPoll) {
        this(directory, DEFAULT_GLOBS, maxBytesPerPoll);
    }

    /**
     * @param directory       the directory whose logs are followed; need not exist yet
     * @param logGlobs        the names of logs, as globs on the file name ({@code *.log}, {@code bot-*.txt},
     *                        {@code api.log}), at least one
     * @param maxBytesPerPoll bytes read per poll at most, 1 or more; the rest waits for the next poll
     * @throws IllegalArgumentException for a glob that cannot be read, naming it
     */
    public LogFollower(Path directory, List<String> logGlobs, long maxBytesPerPoll) {
        this.directory = Objects.requireNonNull(directory, "directory");
        if (maxBytesPerPoll < 1) {
            throw new IllegalArgumentException("A poll must read at least 1 byte, not " + maxBytesPerPoll + ".");
        }
        if (logGlobs.isEmpty()) {
            throw new IllegalArgumentException("At least one glob names the logs to follow, such as *.log.");
        }
        for (String glob : logGlobs) {
            try {
                globs.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "The glob '" + glob + "' of the logs to follow cannot be read: " + e.getMessage(), e);
            }
        }
        this.maxBytesPerPoll = maxBytesPerPoll;
        Scan scan = scan();
        for (Entry e : scan.live.values()) {
            Followed f = open(e, e.size);
            if (f != null) {
                // Followed from here on: what went before is not ours to read, whatever its name now.
                Succession s = succession(e.name);
                s.key = e.key;
                s.firstModified = e.modified;
                s.lastModified = e.modified;
                if (e.size > 0) {
                    f.skipping = !endsWithNewline(f.channel, e.size);
                }
            }
        }
        for (Entry e : scan.rotated) {
            known.put(e.key, Known.listed(e, 0));
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
        Set<Object> rotatedKeys = new HashSet<>();
        for (Entry e : scan.rotated) {
            rotatedKeys.add(e.key);
        }
        // 1. Files no longer under a log's name: the rest of them, before what replaced them.
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
                f.idlePolls = 0;
                rotations++;
                Succession s = successions.get(f.name);
                if (s != null && f.key.equals(s.key)) {
                    s.left = true;
                }
                LOG.debug("{} in {} was renamed or deleted; reading the rest of it", f.name, directory);
            }
            long read = read(f, sink, budget);
            if (read > 0 || firstTime) {
                f.idlePolls = 0;
            } else if (budget[0] > 0) {
                f.idlePolls++;
            }
            // Under a rotated name, a writer may still reopen late; deleted or moved away, nobody else reads it.
            int patience = rotatedKeys.contains(f.key) ? DRAIN_POLLS : 1;
            if (f.idlePolls >= patience) {
                byte[] tail = tail(f);
                boolean cut = f.pendingLength > 0 || f.skipping;
                finish(f, sink);
                it.remove();
                // Its time of last change is not known here (no fstat on a channel): taken at the next listing.
                known.put(f.key, new Known(f.name, f.offset, polls, UNKNOWN_TIME, tail, cut));
            }
        }
        // 2. Files under a rotated name never read: generations that were created and rotated away while no
        // poll saw them under their log's name, told from copies and older ones by their time of last change.
        Map<String, Long> next = new HashMap<>();
        for (Entry e : scan.live.values()) {
            Succession s = successions.get(e.name);
            Followed f = followed.get(e.key);
            if (f != null) {
                if (s != null && e.key.equals(s.key) && !s.left) {
                    s.lastModified = Math.max(s.lastModified, e.modified);
                    if (e.size < f.offset) {
                        s.truncated = e.modified; // before its copy is looked at (read from the start below)
                    }
                }
            } else if (!unreadable.contains(e.key)) {
                next.put(e.name, e.modified);
            }
        }
        List<Entry> missed = new ArrayList<>();
        List<Entry> grown = new ArrayList<>();
        for (Entry e : scan.rotated) {
            Known k = known.get(e.key);
            if (k != null && k.modified == UNKNOWN_TIME && k.offset == e.size) {
                k.modified = e.modified;
            }
            if (k != null && k.name != null && e.size > k.offset) {
                // Written to after it was closed (a writer that reopened late), even within the same time of last
                // change: read on, if it is that file.
                grown.add(e);
                k.seen = polls;
                continue;
            }
            if (k != null && k.name != null && k.offset == e.size && k.modified != e.modified) {
                k.modified = e.modified; // a file read, touched: the same bytes
            }
            if (k != null && (k.offset != e.size || k.modified != e.modified)) {
                known.remove(e.key);
                if (k.name != null) {
                    // A file read, now shorter: cut where it lies, or its identity reused by a new file.
                    if (newGeneration(e, next)) {
                        missed.add(e);
                    } else {
                        known.put(e.key, Known.listed(e, polls));
                    }
                    continue;
                }
                // Not the file that was listed: its identity was reused by a new one.
                k = null;
            }
            if (k != null) {
                k.seen = polls;
            } else if (!followed.containsKey(e.key) && !liveKeys.contains(e.key)) {
                switch (judge(e, next)) {
                    case READ -> missed.add(e);
                    case SKIP -> known.put(e.key, Known.listed(e, polls));
                    case WAIT -> {}
                }
            }
        }
        grown.sort(Comparator.comparingLong(Entry::modified));
        for (Entry e : grown) {
            Known k = known.get(e.key);
            if (k == null || followed.containsKey(e.key)) {
                continue; // listed twice, under two names, while it was renamed
            }
            Followed f = reopen(e, k);
            if (f == Followed.MOVED) {
                continue; // renamed again since the listing: asked again at the next poll, still known
            }
            known.remove(e.key);
            if (f != null) {
                LOG.debug(
                        "{} in {} grew after it was read to its end; reading on from byte {}",
                        k.name,
                        directory,
                        k.offset);
                read(f, sink, budget);
            } else if (newGeneration(e, next)) {
                missed.add(e); // another file under the old one's identity, created and rotated since
            } else {
                known.put(e.key, Known.listed(e, polls)); // rewritten where it lies: not a generation to read
            }
        }
        missed.sort(Comparator.comparingLong(Entry::modified));
        for (Entry e : missed) {
            if (followed.containsKey(e.key)) {
                continue; // listed twice, under two names, while it was renamed
            }
            Followed f = open(e, 0);
            if (f != null) {
                LOG.debug("{} in {} was created and rotated between two polls; reading it whole", e.name, directory);
                f.name = e.base;
                f.draining = true;
                read(f, sink, budget);
            }
        }
        // 3. The files under logs' names.
        for (Entry e : scan.live.values()) {
            Followed f = followed.get(e.key);
            if (f == null) {
                if (unreadable.contains(e.key)) {
                    continue;
                }
                // Under a log's name and not followed: a new file, even if its identity was known (reused).
                known.remove(e.key);
                f = open(e, 0);
                if (f == null) {
                    continue;
                }
            }
            f.name = e.name;
            f.draining = false;
            succession(e.name).follow(e.key, e.modified);
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
        known.values().removeIf(k -> polls - k.seen > FORGET_AFTER_POLLS);
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

    /** Files that left their log's name, renamed or deleted. */
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
                String base = classify(name);
                if (base == null) {
                    continue;
                }
                Entry e = entry(name, base.isEmpty() ? null : base);
                if (e == null) {
                    continue;
                }
                if (e.base == null) {
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

    private Succession succession(String name) {
        return successions.computeIfAbsent(name, n -> new Succession());
    }

    /**
     * Whether a file under the identity of one read before, but not its bytes, is a generation that went by
     * unseen: only beside a new file under its log's name, as a file rewritten where it lies is not one.
     */
    private boolean newGeneration(Entry e, Map<String, Long> next) {
        return next.containsKey(e.base) && judge(e, next) == Verdict.READ;
    }

    /** Whether a file under a rotated name, never read, is a generation that went by unseen. */
    private Verdict judge(Entry e, Map<String, Long> next) {
        return succession(e.base).judge(e.modified, next.getOrDefault(e.base, Long.MAX_VALUE));
    }

    /**
     * @return {@link #LIVE} for a log under its own name, the log's name for one of its generations, null for
     *         any other file (compressed ones included)
     */
    private String classify(String name) {
        if (classified.size() > MAX_CLASSIFIED) {
            classified.clear(); // names that came and went: a few listings' work to learn the rest again
        }
        return classified.computeIfAbsent(name, n -> {
            if (compressed(n)) {
                return null;
            }
            for (int i = 1; i < n.length() - 1; i++) {
                char c = n.charAt(i);
                char next = n.charAt(i + 1);
                if ((c == '.' || c == '-' || c == '_') && next >= '0' && next <= '9' && isLog(n.substring(0, i))) {
                    return n.substring(0, i);
                }
            }
            return isLog(n) ? LIVE : null;
        });
    }

    private boolean isLog(String name) {
        Path path = Path.of(name);
        for (PathMatcher m : globs) {
            if (m.matches(path)) {
                return true;
            }
        }
        return false;
    }

    /** The regular file of that name now, or null (gone, a link, not a regular file, unreadable attributes). */
    private Entry entry(String name) {
        return entry(name, null);
    }

    private Entry entry(String name, String base) {
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
        return new Entry(
                name, a.fileKey(), a.size(), modified.getEpochSecond() * 1_000_000_000L + modified.getNano(), base);
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

    /**
     * Opens a closed file again to read on from where it was read to, under the name it was followed by;
     * {@link Followed#MOVED} when it is no longer under the name it was listed by, null when it cannot be read
     * or its bytes before that offset are not those read (another file that reuses the identity) or were not
     * kept.
     */
    private Followed reopen(Entry e, Known k) {
        if (k.tail == null) {
            return null;
        }
        Followed f = open(e, k.offset);
        if (f == null) {
            return unreadable.contains(e.key) ? null : Followed.MOVED;
        }
        ByteBuffer now = ByteBuffer.allocate(k.tail.length);
        try {
            while (now.hasRemaining() && f.channel.read(now, k.offset - k.tail.length + now.position()) > 0) {
                // reads until the tail is in or the file ends
            }
        } catch (IOException ex) {
            readErrors++;
            LOG.warn("Cannot read {} in {} again: {}", e.name, directory, ex.toString());
        }
        if (now.hasRemaining() || !Arrays.equals(now.array(), k.tail)) {
            followed.remove(e.key);
            closeQuietly(f);
            return null;
        }
        f.name = k.name;
        f.draining = true;
        f.skipping = k.cut;
        return f;
    }

    /** The last bytes read of {@code f}, at most {@value #TAIL_BYTES}. */
    private byte[] tail(Followed f) {
        ByteBuffer tail = ByteBuffer.allocate((int) Math.min(TAIL_BYTES, f.offset));
        try {
            while (tail.hasRemaining() && f.channel.read(tail, f.offset - tail.capacity() + tail.position()) > 0) {
                // reads until the tail is in
            }
        } catch (IOException e) {
            LOG.debug("Cannot read the last bytes of {} in {}: {}", f.name, directory, e.toString());
        }
        // Without them, a reused identity cannot be told apart: such a file is then not read on.
        return tail.hasRemaining() ? null : tail.array();
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
