package io.breakoutbot.ops.logs;

import io.breakoutbot.ops.lifecycle.GenerationSummary;
import io.breakoutbot.ops.lifecycle.Gzip;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Counts what a rotated generation holds, for its {@link GenerationSummary}: in the terms {@link LogSearch}
 * filters by, so that a generation the summary rules out never holds a line the search would have returned.
 *
 * <p>Our lines: the timestamp, level and component of every line, read from the encoder's prefix, or from the
 * parsed line when the prefix is not there or holds an escape. A line cut short by a failed write with the
 * next one glued on counts both (the search may judge the glued one on its own); a count too many only ever
 * makes a summary rule out less. Another process's lines: the entries as {@link OtherLogEntries} groups them,
 * each with the time, level and lower-cased component its first line gives, times without a zone in
 * {@code zone} (the search's zone: both are the host's).
 */
public final class LogSummaries implements GenerationSummary.Summarizer {

    /** Lines glued one after another that are looked into, as the search does. */
    private static final int MAX_GLUED = 8;

    private static final Set<String> OURS =
            Stream.of(LogSegment.values()).map(LogSegment::fileName).collect(Collectors.toUnmodifiableSet());

    private final OtherLogLine otherLines;
    private final String zone;

    /** @param zone the zone of other processes' times written without one */
    public LogSummaries(ZoneId zone) {
        this.otherLines = new OtherLogLine(zone);
        this.zone = zone.getId();
    }

    /** A summary of another process's log read in another zone has its zoneless times wrong by the offset. */
    @Override
    public boolean agrees(GenerationSummary summary, String log) {
        // Ours without the prefixed count were written by an older version: counted again, once.
        return OURS.contains(log) ? summary.prefixed() >= 0 : zone.equals(summary.zone());
    }

    @Override
    public Optional<GenerationSummary> summarize(Path generation, String log, long bytes, long modified)
            throws IOException {
        boolean gzip = generation.getFileName().toString().endsWith(Gzip.SUFFIX);
        Counts counts = new Counts();
        try (FileChannel channel = FileChannel.open(generation, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            InputStream in = Channels.newInputStream(channel);
            BackwardLineReader.Lines lines;
            OtherLogEntries entries = null;
            if (OURS.contains(log)) {
                lines = (b, from, to) -> {
                    counts.line(to - from);
                    ours(b, from, to, counts);
                    return true;
                };
            } else {
                entries = new OtherLogEntries(otherLines, log, new OtherLogEntries.Sink() {
                    @Override
                    public boolean wants(OtherLogLine.Start start) {
                        counts.entry(
                                start.millis(),
                                start.level(),
                                start.component() == null
                                        ? null
                                        : start.component().toLowerCase(Locale.ROOT));
                        return false;
                    }

                    @Override
                    public void offer(OtherLogLine.Start start, String continuation, long hash) {
                        // never wanted: only counted
                    }
                });
                OtherLogEntries grouped = entries;
                lines = (b, from, to) -> {
                    counts.line(to - from);
                    return grouped.accept(b, from, to);
                };
            }
            if (gzip) {
                if (!GzipLineReader.read(in, lines)) {
                    throw new IOException(generation + " is truncated or corrupt: not summarised");
                }
            } else {
                ForwardLineReader.read(in, lines);
            }
            if (entries != null) {
                entries.finish();
            }
        }
        counts.fold();
        GenerationSummary summary = new GenerationSummary(
                GenerationSummary.baseName(generation.getFileName().toString()),
                bytes >= 0 ? bytes : counts.bytes,
                modified,
                counts.lines,
                counts.entries,
                counts.oldest,
                counts.newest,
                counts.levels,
                counts.components);
        return Optional.of(OURS.contains(log) ? summary.withPrefixed(counts.prefixed) : summary.withZone(zone));
    }

    static void ours(byte[] b, int from, int to, Counts counts) {
        boolean prefixed = one(b, from, to, counts);
        int start = JsonLineParser.nextLineStart(b, from + 1, to);
        if (prefixed && start < 0) {
            counts.prefixed++;
        }
        for (int depth = 1; start >= 0 && depth <= MAX_GLUED; depth++) {
            one(b, start, to, counts);
            start = JsonLineParser.nextLineStart(b, start + 1, to);
        }
    }

    /**
     * Counts the line that starts at {@code from}, as the search would judge it.
     *
     * @return true when its timestamp, level and component were read from the encoder's prefix
     */
    private static boolean one(byte[] b, int from, int to, Counts counts) {
        long ts = JsonLineParser.hasPrefix(b, from, to)
                ? JsonLineParser.timestampMillis(b, from, to)
                : JsonLineParser.NO_TIMESTAMP;
        if (ts != JsonLineParser.NO_TIMESTAMP) {
            int levelEnd = JsonLineParser.levelEnd(b, from, to);
            int componentStart = levelEnd < 0 ? -1 : JsonLineParser.componentStart(b, levelEnd, to);
            int componentEnd = componentStart < 0 ? -1 : JsonLineParser.plainStringEnd(b, componentStart, to);
            if (componentEnd >= 0) {
                counts.entry(ts);
                counts.levelNames.count(b, from + JsonLineParser.levelStart(), levelEnd);
                counts.componentNames.count(b, componentStart, componentEnd);
                return true;
            }
        }
        LogEntry entry = JsonLineParser.parse(b, from, to, "");
        if (entry == null) {
            if (ts != JsonLineParser.NO_TIMESTAMP) {
                counts.entry(ts, null, null); // a cut line: its time bounds the file, nothing else is known
            }
            return false;
        }
        long parsed = JsonLineParser.parseTimestamp(entry.timestamp());
        if (parsed != JsonLineParser.NO_TIMESTAMP) {
            counts.entry(parsed, entry.level(), entry.component());
        }
        return false;
    }

    /** What the lines read so far hold, in a summary's terms. */
    static final class Counts {
        long lines;
        /** Lines in the encoder's form, see {@link GenerationSummary#prefixed()}. */
        long prefixed;

        long bytes;
        long entries;
        long oldest = Long.MAX_VALUE;
        long newest = Long.MIN_VALUE;
        final Map<String, Long> levels = new HashMap<>();
        final Map<String, Long> components = new HashMap<>();
        final Names levelNames = new Names();
        final Names componentNames = new Names();

        /** Forgets everything counted: the file is counted again from its start. */
        void clear() {
            lines = 0;
            prefixed = 0;
            bytes = 0;
            entries = 0;
            oldest = Long.MAX_VALUE;
            newest = Long.MIN_VALUE;
            levels.clear();
            components.clear();
            levelNames.clear();
            componentNames.clear();
        }

        void line(int length) {
            lines++;
            bytes += length + 1;
        }

        /** Adds what was counted by bytes to {@link #levels} and {@link #components}: before reading them. */
        void fold() {
            levelNames.foldInto(levels);
            componentNames.foldInto(components);
        }

        /** @return these counts as the summary of {@code name}, a file of {@code bytes} bytes */
        GenerationSummary summary(String name, long bytes) {
            fold();
            return new GenerationSummary(name, bytes, 0, lines, entries, oldest, newest, levels, components)
                    .withPrefixed(prefixed);
        }

        /** An entry whose level and component are counted apart, in {@link #levelNames} and {@link #componentNames}. */
        void entry(long ts) {
            entries++;
            oldest = Math.min(oldest, ts);
            newest = Math.max(newest, ts);
        }

        void entry(long ts, String level, String component) {
            entry(ts);
            if (level != null) {
                levels.merge(level, 1L, Long::sum);
            }
            if (component != null) {
                components.merge(component, 1L, Long::sum);
            }
        }
    }

    /**
     * Counts per value, the values told apart by their bytes: a file holds few levels and components, and a
     * line whose value was met before costs a comparison instead of a new String and a map update.
     */
    static final class Names {
        /** Values kept by bytes at most; others go to the map at once. */
        private static final int MAX = 64;

        private final List<byte[]> bytes = new ArrayList<>();
        private final List<String> names = new ArrayList<>();
        private long[] counts = new long[8];
        /** Values counted that are not in {@link #bytes}, until folded. */
        private final Map<String, Long> others = new HashMap<>();

        void count(byte[] b, int from, int to) {
            for (int i = 0; i < bytes.size(); i++) {
                byte[] known = bytes.get(i);
                if (Arrays.equals(known, 0, known.length, b, from, to)) {
                    counts[i]++;
                    return;
                }
            }
            String name = new String(b, from, to - from, StandardCharsets.UTF_8);
            if (bytes.size() == MAX) {
                others.merge(name, 1L, Long::sum);
                return;
            }
            if (bytes.size() == counts.length) {
                counts = Arrays.copyOf(counts, 2 * counts.length);
            }
            counts[bytes.size()] = 1;
            bytes.add(Arrays.copyOfRange(b, from, to));
            names.add(name);
        }

        /** Adds the counts to {@code into} and starts them again from zero. */
        void foldInto(Map<String, Long> into) {
            for (int i = 0; i < names.size(); i++) {
                if (counts[i] > 0) {
                    into.merge(names.get(i), counts[i], Long::sum);
                    counts[i] = 0;
                }
            }
            others.forEach((name, n) -> into.merge(name, n, Long::sum));
            others.clear();
        }

        void clear() {
            bytes.clear();
            names.clear();
            Arrays.fill(counts, 0);
            others.clear();
        }
    }
}
