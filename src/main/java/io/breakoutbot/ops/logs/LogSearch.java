package io.breakoutbot.ops.logs;

import ch.qos.logback.classic.Level;
import io.breakoutbot.ops.lifecycle.GenerationSummary;
import io.breakoutbot.ops.lifecycle.Gzip;
import io.breakoutbot.ops.lifecycle.RotatedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Searches the logs of the log directory, newest first, a page at a time: our five logs and every other
 * process's {@code *.log} (the bot's), each with its rotated plain and {@code .gz} generations. Thread-safe:
 * every search keeps its state to itself. What follows up to "Other processes' logs" is about ours.
 *
 * <p><b>Which files are opened.</b> A file is skipped unopened when it cannot hold a match: by segment
 * (errors.log holds every ERROR and nothing else, see {@link LogSegment#route}), and by time range. A
 * file's time range is its real span, never its name: a generation's name is stamped by whatever the clock
 * said at rotation, and after a clock that was wrong, or stepped back, it lies about the lines inside. No
 * line is newer than the file's last modification (every line was written by then; plus 999 ms, as some
 * file systems keep whole seconds), and none is much older than its first line, which is read
 * once per generation and remembered, and only when a file newer than the wanted range must be ruled out.
 * Once a page is full, files older than its oldest entry are skipped too, so the first page reads the
 * tails of the active files only, whatever the total size. A generation with a {@link GenerationSummary}
 * that still describes it is skipped when the summary shows no entry of a wanted level, component or time,
 * and its summary's time span, exact, replaces the one from its file times and first line; a generation
 * without a valid summary is read as if summaries did not exist. Our active files have a summary too, kept in
 * memory ({@link ActiveCounts}) and extended at each search by what was appended since, at most
 * {@link ActiveCounts#STEP_BYTES} a search: a search reads an active file only when its whole lines so far may
 * hold a match, or it is not counted whole yet.
 *
 * <p><b>How.</b> Plain files are read backwards from their end in blocks that double from 64 KiB to 1 MiB,
 * and stop as soon as older lines can no longer make the page; a cursor deep in a large plain file is found
 * by binary search. Gzip files are read forwards (gzip cannot be read otherwise) into a 1 MiB buffer and
 * stop once past the page's newest bound. Either hands on runs of whole lines. With a level or component
 * filter, a run is first searched for the filter's bytes ({@link RawFilter}: the quoted value, or a
 * backslash), as grep searches, and only the lines that hold them are judged. A file whose lines are all known
 * to start as the encoder writes them (a generation's summary says so, or an active file's running count, up
 * to where it counted) is searched for the filter's whole fixed part instead, {@link FixedBytes}, which reads a
 * fraction of the bytes, when the filter is one level, one component or one of each. A line is judged on its fixed
 * prefix (timestamp, level, component, and a raw search for the text), and only lines that pass are parsed.
 * At most {@code limit + 1} entries are kept, whatever the number of files or matches.
 *
 * <p><b>Skew.</b> The writer appends events in the order they reached its queue, which can differ from
 * timestamp order by a little. Reading assumes a line is at most {@link #SKEW_MILLIS} older than any line
 * written before it; a line later than that could be missed at a page or generation boundary.
 *
 * <p><b>Paging.</b> The cursor is a position in the order of {@link LogPosition}, which depends on the
 * lines only: a page continues exactly after the previous one even when files were rotated and gzipped in
 * between. New lines logged meanwhile are newer than the cursor and are not on later pages.
 *
 * <p><b>Files that change underneath.</b> Unfinished last lines and lines that are not one JSON object
 * are skipped; a truncated {@code .gz} gives what it holds (reported once per file). Before the writer
 * kept lines whole ({@link WholeLineStream}), a full disk could leave a line cut short with the next one
 * glued on: when such a line does not parse, or its cut start is older than the page wants, the glued
 * line is judged on its own. A level or component filter that rules out the cut start rules out the
 * glued line too: looking for glue in every line would cost every search a second pass over its bytes.
 * When a rotation happens during a search (a file vanishes, or a new generation appears), the directory is
 * listed again and the search runs once more from the same cursor.
 *
 * <p><b>Other processes' logs.</b> Every regular file named {@code *.log} that is not one of ours, with its
 * generations: {@code bot.log.1} (Python's RotatingFileHandler, logrotate), {@code bot.log.<yyyyMMdd-HHmmss>.<nnn>}
 * (our lifecycle), {@code bot.log.2026-12-04[_10-00-00]} (TimedRotatingFileHandler), each maybe {@code .gz}.
 * Their lines are read by {@link OtherLogLine} and grouped into entries by {@link OtherLogEntries}. Such
 * files are usually small and their lines need not be in time order (several processes, late writes), so
 * each file that can hold a match is read whole, forwards, and its entries join the same best
 * {@code limit + 1}; a file is skipped only when its last modification is older than the wanted range (or
 * than the full page's oldest entry), which assumes the times in it are true, zoneless ones in the host's
 * zone. A rotation noticed by a changed name or inode runs the search again, as for ours.
 */
public final class LogSearch {

    /** Bytes of the buffer files are read into: the largest block read backwards, twice, so a block always fits. */
    private static final int BUFFER_BYTES = 2 * BackwardLineReader.MAX_BLOCK;

    /** How much older than the lines written before it a line may be, in milliseconds (see the class comment). */
    public static final long SKEW_MILLIS = 1000;

    /** Lines glued one after the other that are looked into, so a hostile line cannot make a search quadratic. */
    private static final int MAX_GLUED = 8;

    private static final Logger LOG = LoggerFactory.getLogger(LogSearch.class);
    /** A line's time is at most this after its file's modification time: some file systems keep whole seconds. */
    private static final long FILE_TIME_SLACK_MILLIS = 999;
    /** Other processes' times as ours are written: UTC, milliseconds, {@code Z}. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** A generation named by our lifecycle's rotation: {@code yyyyMMdd-HHmmss.nnn}. */
    private static final Pattern STAMPED = Pattern.compile("\\d{8}-\\d{6}\\.\\d{3}");

    /** Rotated generations of another process's log; group 1 is the log, group 2 the generation, 3 the .gz. */
    private static final Pattern OTHER_GENERATION = Pattern.compile(
            "(.+\\.log)\\.(\\d{1,3}|\\d{8}-\\d{6}\\.\\d{3}|\\d{4}-\\d{2}-\\d{2}(?:_\\d{2}(?:-\\d{2}){0,2})?)(\\.gz)?");

    private final Path directory;
    private final Clock clock;
    private final OtherLogLine otherLines;
    /** The zone id of other processes' zoneless times: their summaries count in it, or are not trusted. */
    private final String zone;

    private final LogCursor cursors;
    private final Set<Path> reportedDamage = ConcurrentHashMap.newKeySet();
    private final FirstLines firstLines = new FirstLines();
    private final Summaries summaries = new Summaries();
    private final ActiveCounts activeCounts = new ActiveCounts();
    /**
     * The read buffer of the last search that ended, for the next one: a full scan pages many times, and a
     * buffer this large is costly to allocate and clear each time. Searches at the same time each take their own.
     */
    private final AtomicReference<byte[]> spareBuffer = new AtomicReference<>();
    /** Whether lines are searched for a filter's bytes before being judged; off only to test that it changes nothing. */
    private final boolean rawFilter;

    /**
     * Other processes' times without a zone are in the host's zone.
     *
     * @param directory    the log directory; it need not exist yet
     * @param clock        tells how new the active files can be
     * @param cursorSecret signs cursors, at least 16 bytes; cursors stay valid for as long as it does not change
     */
    public LogSearch(Path directory, Clock clock, byte[] cursorSecret) {
        this(directory, clock, ZoneId.systemDefault(), cursorSecret);
    }

    /**
     * @param directory    the log directory; it need not exist yet
     * @param clock        tells how new the active files can be
     * @param zone         the zone of other processes' times written without one (Python's {@code asctime})
     * @param cursorSecret signs cursors, at least 16 bytes; cursors stay valid for as long as it does not change
     */
    public LogSearch(Path directory, Clock clock, ZoneId zone, byte[] cursorSecret) {
        this(directory, clock, zone, cursorSecret, true);
    }

    /** @param rawFilter false to judge every line, to test that the byte search changes no result */
    LogSearch(Path directory, Clock clock, ZoneId zone, byte[] cursorSecret, boolean rawFilter) {
        this.directory = directory;
        this.clock = clock;
        this.otherLines = new OtherLogLine(zone);
        this.zone = zone.getId();
        this.cursors = new LogCursor(cursorSecret);
        this.rawFilter = rawFilter;
    }

    /**
     * @return the page of {@code query}: at most {@code limit} matching entries, newest first
     * @throws InvalidQueryException  on parameter {@code cursor} when the cursor is not one this search issued
     * @throws UncheckedIOException   when the directory or a file cannot be read
     */
    public LogPage search(LogQuery query) {
        LogPosition after = query.cursor() == null ? null : cursors.read(query.cursor());
        Scan scan = new Scan(query, after);
        try {
            Listing listing = list();
            if (run(scan, listing, true)) {
                return scan.page();
            }
            // A rotation happened while we read: list again and redo the page from the same position.
            LOG.debug("Logs in {} rotated during a search; searching again", directory);
            Scan again = new Scan(query, after);
            again.buffer = scan.buffer;
            scan = again;
            run(scan, list(), false);
            return scan.page();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot search the logs in " + directory + ": " + e.getMessage(), e);
        } finally {
            if (scan.buffer != null && scan.buffer.length == BUFFER_BYTES) {
                spareBuffer.set(scan.buffer);
            }
        }
    }

    /** @return false when the files changed underneath and the search must be redone */
    private boolean run(Scan scan, Listing listing, boolean mayRetry) throws IOException {
        long now = clock.millis();
        List<Source> sources = new ArrayList<>();
        for (LogSegment segment : scan.segments) {
            sources.addAll(listing.sources(segment, now, firstLines, summaries, scan.filtered ? activeCounts : null));
        }
        sources.addAll(listing.otherSources(scan::wantsOther, now, summaries, zone));
        sources.sort(Comparator.comparingLong(Source::newest).reversed());
        Set<String> names = listing.names();
        firstLines.retain(names);
        summaries.retain(names);
        for (Source source : sources) {
            if (!scan.mayHold(source)) {
                continue;
            }
            if (source.summary() != null && !scan.mayMatch(source)) {
                scan.filesSkipped++;
                continue;
            }
            boolean found = source.log() != null ? readOther(source, scan) : read(source, scan);
            if (!found) {
                if (mayRetry) {
                    return false;
                }
                LOG.info(
                        "{} vanished while searching the logs; its lines are left out of this page",
                        source.plain() != null ? source.plain() : source.compressed());
            }
        }
        return !mayRetry || !list().rotatedSince(listing);
    }

    /** @return false when the file no longer exists under any of its names */
    private boolean read(Source source, Scan scan) throws IOException {
        scan.segment = source.segment();
        scan.prefixedBytes = source.prefixedBytes();
        if (source.plain() != null) {
            try (FileChannel channel =
                    FileChannel.open(source.plain(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                scan.filesRead++;
                scan.source = source.plain().getFileName().toString();
                BackwardLineReader reader = new BackwardLineReader(channel);
                long size = channel.size();
                long end =
                        scan.upper == Long.MAX_VALUE ? size : reader.start(size, ts -> ts - SKEW_MILLIS > scan.upper);
                scan.buffer = reader.readRegions(
                        end, (b, from, to, position) -> scan.region(b, from, to, position, true), scan.buffer());
                return true;
            } catch (NoSuchFileException e) {
                if (source.active()) {
                    return false;
                }
                // Compressed meanwhile: the .gz is complete before the plain file is deleted.
            }
        }
        Path gz = compressed(source);
        try (InputStream in =
                Channels.newInputStream(FileChannel.open(gz, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            scan.filesRead++;
            scan.source = gz.getFileName().toString();
            boolean complete = GzipLineReader.readRegions(
                    in, (b, from, to, position) -> scan.region(b, from, to, position, false), scan.buffer());
            if (!complete && reportedDamage.add(gz)) {
                LOG.warn("{} is truncated or corrupt; searches read the lines before the damage", gz);
            }
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Where the source's lines are once compressed: its .gz, or the one its plain file becomes. */
    private static Path compressed(Source source) {
        return source.compressed() != null
                ? source.compressed()
                : source.plain().resolveSibling(source.plain().getFileName() + Gzip.SUFFIX);
    }

    /**
     * Reads another process's file whole, forwards.
     *
     * @return false when the file no longer exists under any of its names
     */
    private boolean readOther(Source source, Scan scan) throws IOException {
        if (source.plain() != null) {
            try (FileChannel channel =
                    FileChannel.open(source.plain(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                scan.filesRead++;
                OtherLogEntries entries = scan.entriesOf(source.log(), source.plain());
                ForwardLineReader.read(Channels.newInputStream(channel), entries);
                entries.finish();
                scan.linesSkipped += entries.skipped();
                return true;
            } catch (NoSuchFileException e) {
                if (source.active()) {
                    return false;
                }
                // Compressed meanwhile: the .gz is complete before the plain file is deleted.
            }
        }
        Path gz = compressed(source);
        try (InputStream in =
                Channels.newInputStream(FileChannel.open(gz, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            scan.filesRead++;
            OtherLogEntries entries = scan.entriesOf(source.log(), gz);
            boolean complete = GzipLineReader.read(in, entries);
            entries.finish();
            scan.linesSkipped += entries.skipped();
            if (!complete && reportedDamage.add(gz)) {
                LOG.warn("{} is truncated or corrupt; searches read the lines before the damage", gz);
            }
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private Listing list() throws IOException {
        Map<LogSegment, Found> active = new EnumMap<>(LogSegment.class);
        Map<LogSegment, TreeMap<String, Found>> generations = new EnumMap<>(LogSegment.class);
        Map<String, LogSegment> byName = new HashMap<>();
        Map<String, Found> otherActive = new HashMap<>();
        Map<String, TreeMap<String, Found>> otherGenerations = new HashMap<>();
        Map<String, Object> otherKeys = new HashMap<>();
        for (LogSegment s : LogSegment.values()) {
            byName.put(s.fileName(), s);
            generations.put(s, new TreeMap<>());
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                LogSegment segment = byName.get(name);
                Optional<RotatedFiles.Name> parsed = segment != null ? Optional.empty() : RotatedFiles.Name.parse(name);
                if (segment == null
                        && (parsed.isEmpty() || !byName.containsKey(parsed.get().log()))) {
                    listOther(file, name, byName, otherActive, otherGenerations, otherKeys);
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (!attributes.isRegularFile()) {
                    continue;
                }
                long modified = attributes.lastModifiedTime().toMillis();
                if (segment != null) {
                    active.put(segment, new Found(file, null, modified, attributes.fileKey(), attributes.size()));
                    continue;
                }
                RotatedFiles.Name n = parsed.get();
                Found f = n.compressed()
                        ? new Found(null, file, modified, attributes.fileKey(), attributes.size())
                        : new Found(file, null, modified, attributes.fileKey(), attributes.size());
                generations.get(byName.get(n.log())).merge(n.order(), f, Found::merge);
            }
        } catch (NoSuchFileException e) {
            LOG.debug("Log directory {} does not exist (yet): nothing to search", directory);
        }
        return new Listing(directory, active, generations, otherActive, otherGenerations, otherKeys);
    }

    /** Adds {@code file} to the other processes' logs when it is one of them or one of their generations. */
    private static void listOther(
            Path file,
            String name,
            Map<String, LogSegment> ours,
            Map<String, Found> active,
            Map<String, TreeMap<String, Found>> generations,
            Map<String, Object> keys)
            throws IOException {
        String log;
        Matcher generation = null;
        if (name.endsWith(".log")) {
            log = name;
        } else {
            generation = OTHER_GENERATION.matcher(name);
            if (!generation.matches()) {
                return;
            }
            log = generation.group(1);
        }
        if (ours.containsKey(log)) {
            return; // api.log.1: no writer of ours makes such a name
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return;
        }
        if (!attributes.isRegularFile()) {
            return;
        }
        long modified = attributes.lastModifiedTime().toMillis();
        keys.put(name, attributes.fileKey());
        if (generation == null) {
            active.put(log, new Found(file, null, modified, null));
            return;
        }
        Found f = generation.group(3) != null
                ? new Found(null, file, modified, attributes.fileKey(), attributes.size())
                : new Found(file, null, modified, attributes.fileKey(), attributes.size());
        generations.computeIfAbsent(log, l -> new TreeMap<>()).merge(generation.group(2), f, Found::merge);
    }

    /**
     * One file as listed, under its plain name or its {@code .gz} or both (caught while compressed).
     *
     * @param modified last modification, epoch ms: the later of the two, which hold the same lines
     * @param key      the identity of the file its first line is read from; null for an active file
     */
    private record Found(Path plain, Path compressed, long modified, Object key, long size) {

        Found(Path plain, Path compressed, long modified, Object key) {
            this(plain, compressed, modified, key, -1);
        }

        Found merge(Found other) {
            return new Found(
                    plain != null ? plain : other.plain,
                    compressed != null ? compressed : other.compressed,
                    Math.max(modified, other.modified),
                    plain != null ? key : other.key,
                    plain != null ? size : other.size);
        }

        /** The generation's summary, when it has one that still describes it; else null. */
        GenerationSummary summary(Summaries summaries) {
            return summaries.of(plain != null ? plain : compressed, modified, size);
        }
    }

    /**
     * One listing of the directory: which of our files exist, and which of other processes'.
     *
     * @param otherActive      other processes' logs being written, by name
     * @param otherGenerations their rotated generations, by log and generation ({@code 1}, {@code 2026-12-04})
     * @param otherKeys        the identity of each of those files, by file name: numbered generations keep
     *                         their names while their writer renames them one up, so a rotation shows as new
     *                         identities under old names
     */
    private record Listing(
            Path directory,
            Map<LogSegment, Found> active,
            Map<LogSegment, TreeMap<String, Found>> generations,
            Map<String, Found> otherActive,
            Map<String, TreeMap<String, Found>> otherGenerations,
            Map<String, Object> otherKeys) {

        /** Other processes' files of the logs {@code wanted} accepts, each with the newest timestamp it can hold. */
        /** @param zone the zone id a generation's summary must have counted zoneless times in to be trusted */
        List<Source> otherSources(Predicate<String> wanted, long now, Summaries summaries, String zone) {
            List<Source> sources = new ArrayList<>();
            otherGenerations.forEach((log, byGeneration) -> {
                if (wanted.test(log)) {
                    byGeneration.forEach((generation, g) -> {
                        // Only generations named by rotation keep their names, and so have summaries.
                        GenerationSummary summary = STAMPED.matcher(generation).matches() ? g.summary(summaries) : null;
                        if (summary != null && !zone.equals(summary.zone())) {
                            summary = null; // counted in another zone: its times are off
                        }
                        sources.add(new Source(
                                log,
                                g.plain(),
                                g.compressed(),
                                false,
                                summary != null ? summary.newest() : g.modified() + FILE_TIME_SLACK_MILLIS,
                                summary));
                    });
                }
            });
            otherActive.forEach((log, file) -> {
                if (wanted.test(log)) {
                    sources.add(new Source(
                            log, file.plain(), null, true, Math.max(now, file.modified()) + SKEW_MILLIS, null));
                }
            });
            return sources;
        }

        /** The segment's files, each with the newest timestamp it can hold (epoch ms). */
        /** @param activeCounts the active files' running summaries; null when the search has no use for them */
        List<Source> sources(
                LogSegment segment, long now, FirstLines firstLines, Summaries summaries, ActiveCounts activeCounts) {
            List<Source> sources = new ArrayList<>();
            for (Found g : generations.get(segment).values()) {
                // A plain copy beside a complete .gz is about to be deleted; either holds the same lines.
                GenerationSummary summary = g.summary(summaries);
                sources.add(new Source(
                        segment,
                        g.plain(),
                        g.compressed(),
                        false,
                        summary != null ? summary.newest() : g.modified() + FILE_TIME_SLACK_MILLIS,
                        g.key(),
                        firstLines,
                        summary,
                        summary != null && summary.allPrefixed() ? summary.bytes() : 0));
            }
            Found file = active.get(segment);
            if (file != null) {
                // Written to while we read: lines up to now (or a clock stepped back: the last write) can be in it.
                // Its whole lines so far, as a summary: lines appended after that are not in this search.
                GenerationSummary running =
                        activeCounts == null ? null : activeCounts.of(segment, file.plain(), file.key(), file.size());
                sources.add(new Source(
                        segment,
                        file.plain(),
                        null,
                        true,
                        Math.max(now, file.modified()) + SKEW_MILLIS,
                        null,
                        firstLines,
                        running,
                        activeCounts == null ? 0 : activeCounts.prefixedBytes(segment, file.key())));
            }
            return sources;
        }

        /** The names of every generation listed, plain and compressed, ours and other processes'. */
        Set<String> names() {
            Set<String> names = new HashSet<>(otherKeys.keySet());
            generations
                    .values()
                    .forEach(byOrder -> byOrder.values().forEach(g -> {
                        if (g.plain() != null) {
                            names.add(g.plain().getFileName().toString());
                        }
                        if (g.compressed() != null) {
                            names.add(g.compressed().getFileName().toString());
                        }
                    }));
            return names;
        }

        /**
         * True when a generation appeared that this listing did not have, or another process's file has a new
         * identity: a rotation happened in between.
         */
        boolean rotatedSince(Listing earlier) {
            for (LogSegment s : LogSegment.values()) {
                Set<String> before = new HashSet<>(earlier.generations.get(s).keySet());
                if (!before.containsAll(generations.get(s).keySet())) {
                    return true;
                }
            }
            for (Map.Entry<String, Object> file : otherKeys.entrySet()) {
                if (!earlier.otherKeys.containsKey(file.getKey())
                        || !Objects.equals(earlier.otherKeys.get(file.getKey()), file.getValue())) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One file to read, with the range of timestamps it can hold (epoch ms, inclusive). */
    private static final class Source {

        private final LogSegment segment;
        /** Another process's log ({@code bot.log}); null for ours. */
        private final String log;

        private final Path plain;
        private final Path compressed;
        private final boolean active;
        private final long newest;
        private final Object key;
        private final FirstLines firstLines;
        /** What the generation holds, when a summary that still describes it says so; else null. */
        private final GenerationSummary summary;
        /** Bytes from the start of the file whose lines all start as the encoder writes them, see {@link FixedBytes}. */
        private final long prefixedBytes;

        private long oldest;
        private boolean oldestKnown;

        /**
         * @param plain      the plain file, read backwards; null for a gzipped generation
         * @param compressed the gzip file, read forwards when there is no plain one
         * @param newest     no line is newer than this
         * @param key        the file's identity, to remember its first line by; null for an active file
         * @param summary    the generation's summary, or null: its time span is the file's, exactly
         * @param prefixed   bytes from the file's start known to hold only lines in the encoder's form
         */
        Source(
                LogSegment segment,
                Path plain,
                Path compressed,
                boolean active,
                long newest,
                Object key,
                FirstLines firstLines,
                GenerationSummary summary,
                long prefixed) {
            this.segment = segment;
            this.log = null;
            this.plain = plain;
            this.compressed = compressed;
            this.active = active;
            this.newest = newest;
            this.key = key;
            this.firstLines = firstLines;
            this.summary = summary;
            this.prefixedBytes = prefixed;
            if (summary != null) {
                this.oldest = summary.oldest();
                this.oldestKnown = true;
            }
        }

        /** A file of another process's log, read whole: its first line is never needed. */
        Source(String log, Path plain, Path compressed, boolean active, long newest, GenerationSummary summary) {
            this.segment = null;
            this.log = log;
            this.plain = plain;
            this.compressed = compressed;
            this.active = active;
            this.newest = newest;
            this.key = null;
            this.firstLines = null;
            this.summary = summary;
            this.prefixedBytes = 0;
            this.oldest = summary != null ? summary.oldest() : Long.MIN_VALUE;
            this.oldestKnown = true;
        }

        GenerationSummary summary() {
            return summary;
        }

        long prefixedBytes() {
            return prefixedBytes;
        }

        LogSegment segment() {
            return segment;
        }

        String log() {
            return log;
        }

        Path plain() {
            return plain;
        }

        Path compressed() {
            return compressed;
        }

        boolean active() {
            return active;
        }

        long newest() {
            return newest;
        }

        /** No line is older than this; read from the file's first line when first asked. */
        long oldest() {
            if (!oldestKnown) {
                long first = plain != null ? firstLines.of(plain, false, key) : firstLines.of(compressed, true, key);
                oldest = first == JsonLineParser.NO_TIMESTAMP ? Long.MIN_VALUE : first - SKEW_MILLIS;
                oldestKnown = true;
            }
            return oldest;
        }
    }

    /** The state of one search: the filters, and the best {@code limit + 1} entries found so far. */
    private final class Scan {

        final Set<LogSegment> segments;
        final long since;
        /** Newest timestamp wanted: until, or the cursor's. */
        final long upper;

        final LogPosition after;
        final byte[][] levels;
        final byte[][] components;
        /** The same filters as sets, for other processes' entries. */
        final Set<String> levelSet;

        final Set<String> componentSet;
        /** Every other process's log is wanted, or only those named in {@code sources}. */
        final boolean allOthers;

        final Set<String> sources;
        final String text;
        final byte[] asciiText;
        /** Whether a level, component, time or cursor bound is set: only then can a summary rule a file out. */
        final boolean filtered;
        /** The bytes a line must hold to be judged at all; null when every line is judged. */
        final RawFilter raw;
        /** The same for lines known to start as the encoder writes them, faster; null when there is none. */
        final FixedBytes fixed;
        /** Bytes from the start of the file being read whose lines are known to, see {@link Source#prefixedBytes()}. */
        long prefixedBytes;
        /** What files are read into, taken when first needed; see {@link #spareBuffer}. */
        byte[] buffer;
        /** Start and end of each line a region holds that is to be judged, reading backwards. */
        int[] lines = new int[256];

        final int limit;
        final int capacity;
        final TreeMap<LogPosition, Group> best = new TreeMap<>(LogPosition.NEWEST_FIRST);
        int size;
        /** Timestamp of the last entry kept, once {@code capacity} are kept. */
        long worst = Long.MIN_VALUE;

        int copiesOfCursorSkipped;
        int filesRead;
        /** Generations left unread because their summary rules them out. */
        int filesSkipped;

        long linesRead;
        long linesSkipped;
        LogSegment segment;
        String source;

        Scan(LogQuery q, LogPosition after) {
            this.after = after;
            this.since = q.since() == null ? Long.MIN_VALUE : ceilMillis(q.since());
            long until = q.until() == null ? Long.MAX_VALUE : millis(q.until());
            this.upper = after == null ? until : Math.min(until, after.timestamp());
            this.levels = utf8(q.levels());
            this.components = utf8(q.components());
            this.text = q.text();
            this.asciiText = rawSearchable(q.text());
            this.raw = rawFilter ? RawFilter.of(q.levels(), q.components()) : null;
            this.fixed = rawFilter && q.levels().size() <= 1 && q.components().size() <= 1
                    ? FixedBytes.of(one(q.levels()), one(q.components()))
                    : null;
            this.filtered =
                    !q.levels().isEmpty() || !q.components().isEmpty() || q.since() != null || upper != Long.MAX_VALUE;
            this.limit = q.limit();
            this.capacity = q.limit() + 1;
            this.levelSet = q.levels();
            this.componentSet = q.components();
            this.sources = q.sources();
            this.allOthers = sources.isEmpty() || sources.contains(LogQuery.OTHERS);
            Set<LogSegment> wanted = segments(q.levels(), q.components());
            if (!sources.isEmpty() && !sources.contains(LogQuery.OURS)) {
                wanted.removeIf(s -> !sources.contains(s.fileName()));
            }
            this.segments = wanted;
        }

        byte[] buffer() {
            if (buffer == null) {
                buffer = spareBuffer.getAndSet(null);
                if (buffer == null) {
                    buffer = new byte[BUFFER_BYTES];
                }
            }
            return buffer;
        }

        boolean wantsOther(String log) {
            return allOthers || sources.contains(log);
        }

        /** Where the entries of {@code file}, a file of another process's log {@code log}, go. */
        OtherLogEntries entriesOf(String log, Path file) {
            String name = file.getFileName().toString();
            return new OtherLogEntries(otherLines, log, new OtherLogEntries.Sink() {
                @Override
                public boolean wants(OtherLogLine.Start start) {
                    linesRead++;
                    return wanted(start);
                }

                @Override
                public void offer(OtherLogLine.Start start, String continuation, long hash) {
                    offerOther(start, continuation, hash, name);
                }
            });
        }

        private boolean wanted(OtherLogLine.Start e) {
            long ts = e.millis();
            if (ts < since || ts > upper || (size >= capacity && ts < worst)) {
                return false;
            }
            if (!levelSet.isEmpty() && (e.level() == null || !levelSet.contains(e.level()))) {
                return false;
            }
            if (!componentSet.isEmpty()
                    && (e.component() == null
                            || !componentSet.contains(e.component().toLowerCase(Locale.ROOT)))) {
                return false;
            }
            return text == null || (e.message() != null && containsIgnoreCase(e.message(), text));
        }

        private void offerOther(OtherLogLine.Start e, String continuation, long hash, String file) {
            LogPosition position = new LogPosition(e.millis(), LogPosition.OTHER_PROCESSES, hash, 0);
            if (after != null) {
                int c = LogPosition.NEWEST_FIRST.compare(position, after);
                if (c < 0) {
                    return;
                }
                if (c == 0 && copiesOfCursorSkipped <= after.occurrence()) {
                    copiesOfCursorSkipped++;
                    return;
                }
            }
            if (size >= capacity && LogPosition.NEWEST_FIRST.compare(position, best.lastKey()) >= 0) {
                return;
            }
            String stackTrace = e.stackTrace() == null
                    ? continuation
                    : continuation == null ? e.stackTrace() : e.stackTrace() + "\n" + continuation;
            admit(
                    position,
                    new LogEntry(
                            TIMESTAMP.format(Instant.ofEpochMilli(e.millis())),
                            e.level(),
                            e.component(),
                            e.logger(),
                            e.thread(),
                            e.message(),
                            stackTrace,
                            e.fields(),
                            file));
        }

        /** False when the source's summary proves it holds no entry of the wanted level, component and time. */
        boolean mayMatch(Source s) {
            GenerationSummary summary = s.summary();
            if (summary.entries() == 0 || summary.newest() < since || summary.oldest() > upper) {
                return false;
            }
            return anyCounted(levelSet, summary.levels())
                    && (summary.components() == null || anyCounted(componentSet, summary.components()));
        }

        boolean mayHold(Source s) {
            if (s.newest() < since || (size >= capacity && s.newest() < worst)) {
                return false;
            }
            // Only a file that reaches past the newest wanted line needs its first line read to rule it out.
            return s.newest() <= upper || s.oldest() <= upper;
        }

        /** Reading backwards, a line older than this means no line before it can make the page. */
        private long lowest() {
            long oldestWanted = size < capacity ? since : Math.max(since, worst);
            return oldestWanted == Long.MIN_VALUE ? Long.MIN_VALUE : oldestWanted - SKEW_MILLIS;
        }

        /** True when no line beyond this one, in the direction read, can be wanted. */
        private boolean pastTheEnd(long ts, boolean backward) {
            return backward ? ts < lowest() : upper != Long.MAX_VALUE && ts > upper + SKEW_MILLIS;
        }

        /**
         * Judges the lines of {@code b[from, to)} (whole lines, see {@link BackwardLineReader.Regions}) in the
         * direction read. With a {@link RawFilter}, only the lines that hold its bytes are judged: the others
         * cannot match, and the region's outermost line alone tells whether reading can stop. Lines known to
         * start as the encoder writes them need only be searched for the filter's {@link FixedBytes}.
         *
         * @param position where {@code b[from]} is in the file, bytes
         * @return false when the rest of the file, in the direction read, cannot hold anything wanted
         */
        boolean region(byte[] b, int from, int to, long position, boolean backward) {
            if (raw == null && fixed == null) {
                return backward ? eachBackward(b, from, to) : eachForward(b, from, to);
            }
            boolean prefixed = fixed != null && position + (to - from) <= prefixedBytes;
            if (!prefixed && raw == null) {
                return backward ? eachBackward(b, from, to) : eachForward(b, from, to);
            }
            int found = 0;
            int at = from;
            while (at < to) {
                int hit = prefixed ? fixed.next(b, at, to) : raw.next(b, at, to);
                if (hit < 0) {
                    break;
                }
                int newline = BackwardLineReader.lastNewline(b, at, hit);
                int start = newline < 0 ? at : newline + 1;
                int end = BackwardLineReader.firstNewline(b, hit, to);
                end = end < 0 ? to : end;
                if (backward) {
                    if (found + 2 > lines.length) {
                        lines = Arrays.copyOf(lines, 2 * lines.length);
                    }
                    lines[found++] = start;
                    lines[found++] = end;
                } else if (!accept(b, start, end, false)) {
                    return false;
                }
                at = end + 1;
            }
            for (int i = found - 2; i >= 0; i -= 2) {
                if (!accept(b, lines[i], lines[i + 1], true)) {
                    return false;
                }
            }
            return !beyond(b, from, to, backward);
        }

        /**
         * True when the region's outermost line, in the direction read (its first when reading backwards),
         * shows that no line beyond the region can be wanted; a line with another glued on never does.
         */
        private boolean beyond(byte[] b, int from, int to, boolean backward) {
            int start;
            int end;
            if (backward) {
                start = from;
                end = BackwardLineReader.firstNewline(b, from, to);
                end = end < 0 ? to : end;
            } else {
                int newline = BackwardLineReader.lastNewline(b, from, to);
                start = newline < 0 ? from : newline + 1;
                end = to;
            }
            long ts = JsonLineParser.timestampMillis(b, start, end);
            return ts != JsonLineParser.NO_TIMESTAMP
                    && pastTheEnd(ts, backward)
                    && JsonLineParser.nextLineStart(b, start + 1, end) < 0;
        }

        private boolean eachBackward(byte[] b, int from, int to) {
            int end = to;
            for (int i = BackwardLineReader.lastNewline(b, from, end);
                    i >= 0;
                    i = BackwardLineReader.lastNewline(b, from, end)) {
                if (!accept(b, i + 1, end, true)) {
                    return false;
                }
                end = i;
            }
            return accept(b, from, end, true);
        }

        private boolean eachForward(byte[] b, int from, int to) {
            int start = from;
            for (int i = BackwardLineReader.firstNewline(b, start, to);
                    i >= 0;
                    i = BackwardLineReader.firstNewline(b, start, to)) {
                if (!accept(b, start, i, false)) {
                    return false;
                }
                start = i + 1;
            }
            return accept(b, start, to, false);
        }

        /** @return false when the rest of the file, in the direction read, cannot hold anything wanted */
        boolean accept(byte[] b, int from, int to, boolean backward) {
            linesRead++;
            return judge(b, from, to, backward, 0);
        }

        /**
         * A line whose start rules it out, or that does not parse, may be a line cut short by a failed write
         * with the next line glued on (see the class comment): then the glued line is judged on its own.
         *
         * @param otherwise what to answer when no line is glued on
         */
        private boolean glued(byte[] b, int from, int to, boolean backward, int depth, boolean otherwise) {
            int next = depth < MAX_GLUED ? JsonLineParser.nextLineStart(b, from + 1, to) : -1;
            return next < 0 ? otherwise : judge(b, next, to, backward, depth + 1);
        }

        private boolean broken(byte[] b, int from, int to, boolean backward, int depth) {
            linesSkipped++;
            return glued(b, from, to, backward, depth, true);
        }

        private boolean judge(byte[] b, int from, int to, boolean backward, int depth) {
            boolean ours = JsonLineParser.hasPrefix(b, from, to);
            boolean filtered = false;
            if (ours && (levels != null || components != null)) {
                // Most lines fail on level or component: judge those before anything else.
                int levelEnd = JsonLineParser.levelEnd(b, from, to);
                int componentStart = levelEnd < 0 ? -1 : JsonLineParser.componentStart(b, levelEnd, to);
                int componentEnd = componentStart < 0 ? -1 : JsonLineParser.plainStringEnd(b, componentStart, to);
                if (componentEnd >= 0) {
                    if (!anyEqual(levels, b, from + JsonLineParser.levelStart(), levelEnd)
                            || !anyEqual(components, b, componentStart, componentEnd)) {
                        // Stopping early only saves reading: asking every 32nd unwanted line is enough.
                        if ((linesRead & 31) != 0) {
                            return true;
                        }
                        long ts = JsonLineParser.timestampMillis(b, from, to);
                        return ts == JsonLineParser.NO_TIMESTAMP || !pastTheEnd(ts, backward);
                    }
                    filtered = true;
                }
            }
            long ts = ours ? JsonLineParser.timestampMillis(b, from, to) : JsonLineParser.NO_TIMESTAMP;
            LogEntry entry = null;
            if (ts == JsonLineParser.NO_TIMESTAMP) {
                entry = JsonLineParser.parse(b, from, to, source);
                ts = entry == null ? JsonLineParser.NO_TIMESTAMP : JsonLineParser.parseTimestamp(entry.timestamp());
                if (ts == JsonLineParser.NO_TIMESTAMP) {
                    return broken(b, from, to, backward, depth);
                }
            }
            // A line glued on was written later than the cut line it extends: only a bound below can hide it.
            if (pastTheEnd(ts, backward)) {
                return backward && glued(b, from, to, true, depth, false);
            }
            if (ts > upper) {
                return true;
            }
            if (ts < since || (size >= capacity && ts < worst)) {
                return glued(b, from, to, backward, depth, true);
            }
            if (!filtered && (levels != null || components != null)) {
                // Not our prefix, or an escaped value in it: the parsed line decides.
                if (entry == null) {
                    entry = JsonLineParser.parse(b, from, to, source);
                    if (entry == null) {
                        return broken(b, from, to, backward, depth);
                    }
                }
                if (!anyEqual(levels, entry.level()) || !anyEqual(components, entry.component())) {
                    return true;
                }
            }
            if (text != null) {
                if (entry == null && cannotContainText(b, from, to)) {
                    return true;
                }
                if (entry == null) {
                    entry = JsonLineParser.parse(b, from, to, source);
                    if (entry == null) {
                        return broken(b, from, to, backward, depth);
                    }
                }
                if (entry.message() == null || !containsIgnoreCase(entry.message(), text)) {
                    return true;
                }
            }
            LogPosition position = new LogPosition(ts, segment.ordinal(), LogPosition.hash(b, from, to), 0);
            if (after != null) {
                int c = LogPosition.NEWEST_FIRST.compare(position, after);
                if (c < 0) {
                    return true;
                }
                // Identical lines are interchangeable: the first ones met are the copies already shown.
                if (c == 0 && copiesOfCursorSkipped <= after.occurrence()) {
                    copiesOfCursorSkipped++;
                    return true;
                }
            }
            if (size >= capacity && LogPosition.NEWEST_FIRST.compare(position, best.lastKey()) >= 0) {
                return true;
            }
            if (entry == null) {
                entry = JsonLineParser.parse(b, from, to, source);
                if (entry == null) {
                    return broken(b, from, to, backward, depth);
                }
            }
            admit(position, entry);
            return true;
        }

        private void admit(LogPosition position, LogEntry entry) {
            Group group = best.get(position);
            if (group == null) {
                int first = after != null && LogPosition.NEWEST_FIRST.compare(position, after) == 0
                        ? after.occurrence() + 1
                        : 0;
                best.put(position, new Group(entry, first));
            } else {
                group.count++;
            }
            size++;
            while (size > capacity) {
                Map.Entry<LogPosition, Group> last = best.lastEntry();
                size--;
                if (--last.getValue().count == 0) {
                    best.remove(last.getKey());
                }
            }
            if (size == capacity) {
                worst = best.lastKey().timestamp();
            }
        }

        LogPage page() {
            List<LogEntry> entries = new ArrayList<>(Math.min(size, limit));
            LogPosition last = null;
            outer:
            for (Map.Entry<LogPosition, Group> e : best.entrySet()) {
                Group g = e.getValue();
                for (int i = 0; i < g.count; i++) {
                    if (entries.size() == limit) {
                        break outer;
                    }
                    entries.add(g.entry);
                    last = e.getKey().withOccurrence(g.firstOccurrence + i);
                }
            }
            String next = size > limit ? cursors.issue(last) : null;
            LOG.debug(
                    "Log search in {}: {} files read, {} ruled out by their summaries, {} lines read, {} unreadable"
                            + " lines skipped, {} entries",
                    directory,
                    filesRead,
                    filesSkipped,
                    linesRead,
                    linesSkipped,
                    entries.size());
            return new LogPage(entries, next, filesRead);
        }

        /**
         * True when the raw line cannot hold the text: none of its bytes match it, ASCII case folded, and
         * nothing in it could decode into a match (a non-ASCII character, whose case may fold to ASCII,
         * or a {@code \\u} or {@code \/} escape).
         */
        private boolean cannotContainText(byte[] b, int from, int to) {
            if (asciiText == null) {
                return false;
            }
            byte first = asciiText[0];
            int last = to - asciiText.length;
            for (int i = from; i <= last; i++) {
                if (lower(b[i]) == first) {
                    int j = 1;
                    while (j < asciiText.length && lower(b[i + j]) == asciiText[j]) {
                        j++;
                    }
                    if (j == asciiText.length) {
                        return false;
                    }
                }
            }
            for (int i = from; i < to; i++) {
                byte c = b[i];
                if (c < 0 || (c == '\\' && i + 1 < to && (b[i + 1] == 'u' || b[i + 1] == '/'))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** True when no value is wanted, or one that was counted at least once. */
    private static boolean anyCounted(Set<String> wanted, Map<String, Long> counts) {
        if (wanted.isEmpty()) {
            return true;
        }
        for (Map.Entry<String, Long> c : counts.entrySet()) {
            if (c.getValue() > 0 && wanted.contains(c.getKey())) {
                return true;
            }
        }
        return false;
    }

    /** Identical lines found: one entry, how many copies, and the occurrence number of the first. */
    private static final class Group {
        final LogEntry entry;
        final int firstOccurrence;
        int count = 1;

        Group(LogEntry entry, int firstOccurrence) {
            this.entry = entry;
            this.firstOccurrence = firstOccurrence;
        }
    }

    /**
     * The segments that can hold a match, by the routing rule: the audit trail only in audit.log, any other
     * ERROR (or CRITICAL) only in errors.log, the rest by component.
     */
    static Set<LogSegment> segments(Set<String> levels, Set<String> components) {
        Set<LogSegment> result = EnumSet.noneOf(LogSegment.class);
        boolean anyComponent = components.isEmpty();
        if (anyComponent || components.contains(Component.AUDIT)) {
            result.add(LogSegment.AUDIT);
        }
        if (!anyComponent && components.stream().allMatch(Component.AUDIT::equals)) {
            return result;
        }
        boolean anyLevel = levels.isEmpty();
        if (anyLevel || levels.contains("ERROR") || levels.contains("CRITICAL")) {
            result.add(LogSegment.ERRORS);
        }
        if (anyLevel || levels.stream().anyMatch(l -> !l.equals("ERROR") && !l.equals("CRITICAL"))) {
            if (anyComponent) {
                result.addAll(EnumSet.of(LogSegment.API, LogSegment.METRICS, LogSegment.GENERAL));
            } else {
                for (String component : components) {
                    result.add(LogSegment.route(Level.INFO, component));
                }
            }
        }
        return result;
    }

    private static long ceilMillis(Instant instant) {
        long millis = millis(instant);
        return instant.getNano() % 1_000_000 == 0 || millis == Long.MAX_VALUE ? millis : millis + 1;
    }

    /**
     * Milliseconds since the epoch, clamped to what a long holds: {@link Instant} reaches a billion years
     * either way, and a bound that far out simply matches every line or none.
     */
    private static long millis(Instant instant) {
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** The one value of {@code values}, or null when there is none; at most one is expected. */
    private static String one(Set<String> values) {
        return values.isEmpty() ? null : values.iterator().next();
    }

    private static byte[][] utf8(Set<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        return values.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    /** The lower-cased bytes of a text that the encoder writes unescaped (printable ASCII but quote and backslash), else null. */
    private static byte[] rawSearchable(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return null;
            }
        }
        return text.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte lower(byte c) {
        return c >= 'A' && c <= 'Z' ? (byte) (c | 0x20) : c;
    }

    private static boolean anyEqual(byte[][] wanted, byte[] b, int from, int to) {
        if (wanted == null) {
            return true;
        }
        int length = to - from;
        outer:
        for (byte[] w : wanted) {
            if (w.length != length) {
                continue;
            }
            for (int i = 0; i < length; i++) {
                if (w[i] != b[from + i]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean anyEqual(byte[][] wanted, String value) {
        if (wanted == null) {
            return true;
        }
        if (value == null) {
            return false;
        }
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        return anyEqual(wanted, v, 0, v.length);
    }

    static boolean containsIgnoreCase(String haystack, String needle) {
        int last = haystack.length() - needle.length();
        for (int i = 0; i <= last; i++) {
            if (haystack.regionMatches(true, i, needle, 0, needle.length())) {
                return true;
            }
        }
        return false;
    }
}
