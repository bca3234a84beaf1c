package io.breakoutbot.ops.lifecycle;

import io.breakoutbot.ops.files.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What one rotated generation holds, written beside it so that a search can tell without reading it that it
 * cannot match: the oldest and newest timestamps of its entries, its entries per level and per component, its
 * line count. Only generations named {@code <log>.<yyyyMMdd-HHmmss>.<nnn>[.gz]} have one: their names never
 * change or come back (see {@link RotatedFiles}), unlike {@code bot.log.1}, which its writer renames.
 *
 * <p><b>Where.</b> In the sub-directory {@value #DIRECTORY} of the log directory, named after the generation
 * without {@code .gz} plus {@value #SUFFIX}: {@code .summaries/api.log.20261128-020000.000.json}. A
 * sub-directory, so that no scan of the log directory (retention, size cap, statistics, searches, followers)
 * can take a summary for a log or a generation: they all list regular files only.
 *
 * <p><b>Format.</b> One compact JSON object, see docs/logs.md: {@code {"version":1,"generation":...,"bytes":...,
 * "modified":...,"lines":...,"entries":...,"oldest":...,"newest":...,"levels":{...},"components":{...}}}, then
 * optionally {@code "prefixed"}, {@code "gzipBytes"} and {@code "zone"}; {@code "componentsUnknown":true} in place of the
 * components when they are too many.
 * {@code bytes} and {@code modified} (epoch seconds) are the plain generation's size and modification time
 * when it was summarised: a summary that disagrees with its generation is stale and is not trusted. Gzip keeps
 * the modification time, and an archive restores it to the second, so the seconds are compared, and the
 * {@code .gz}'s own size once recorded.
 *
 * <p><b>Durability.</b> Written through {@link DurableFiles#replace} (temp name, sync, rename): a crash
 * leaves the old summary, the new one or none, never a part. A missing or unreadable one means "unknown":
 * the generation is then read, as it would be without summaries.
 *
 * @param generation the generation's name without {@code .gz}
 * @param bytes      uncompressed size of the generation, bytes
 * @param modified   modification time of the generation, epoch seconds
 * @param lines      lines ({@code '\n'}-terminated) in it
 * @param entries    entries found in it: lines with a timestamp, for another process's log the lines that start
 *                   an entry
 * @param oldest     the oldest entry's timestamp, epoch milliseconds; {@link Long#MAX_VALUE} when there is none
 * @param newest     the newest entry's timestamp, epoch milliseconds; {@link Long#MIN_VALUE} when there is none
 * @param levels     entries per level, as the search compares them
 * @param components entries per component, as the search compares them (another process's in lower case);
 *                   null when unknown: too many to keep (written {@code "componentsUnknown":true})
 * @param gzipBytes  size of the {@code .gz} itself, bytes, recorded once it exists; -1 when not recorded
 * @param zone       for another process's log, the zone id its zoneless times were read in; null for ours
 * @param prefixed   for our logs, the lines that start as the encoder starts every line, with the timestamp,
 *                   level and component unescaped in their places and no other line glued on: when it equals
 *                   {@code lines}, a search may look for the fixed bytes of its filter alone; -1 when not counted
 */
public record GenerationSummary(
        String generation,
        long bytes,
        long modified,
        long lines,
        long entries,
        long oldest,
        long newest,
        Map<String, Long> levels,
        Map<String, Long> components,
        long gzipBytes,
        String zone,
        long prefixed) {

    /** The sub-directory of the log directory that holds the summaries. */
    public static final String DIRECTORY = ".summaries";

    public static final String SUFFIX = ".json";

    private static final String TEMP = ".tmp";
    /** A temp file younger than this may still be being written, and is left alone by {@link #prune}. */
    public static final Duration TEMP_AGE = Duration.ofMinutes(5);

    private static final int VERSION = 1;
    /** A summary larger than this is not ours: an operator's file, or damage. */
    private static final long MAX_BYTES = 1 << 20;

    public GenerationSummary {
        levels = Collections.unmodifiableMap(new TreeMap<>(levels));
        components = components == null || tooLarge(components)
                ? null
                : Collections.unmodifiableMap(new TreeMap<>(components));
    }

    /**
     * True when these components would take more than half of {@link #MAX_BYTES} written out, each character
     * counted as its longest escape: such a summary is kept with its components unknown, never too large to
     * be read back.
     */
    private static boolean tooLarge(Map<String, Long> components) {
        long bytes = 0;
        for (String name : components.keySet()) {
            bytes += 6L * name.length() + 24; // "\u0001" at worst, quotes, colon, count, comma
            if (bytes > MAX_BYTES / 2) {
                return true;
            }
        }
        return false;
    }

    /** A summary without the {@code .gz}'s size, as written before the generation is compressed. */
    public GenerationSummary(
            String generation,
            long bytes,
            long modified,
            long lines,
            long entries,
            long oldest,
            long newest,
            Map<String, Long> levels,
            Map<String, Long> components) {
        this(generation, bytes, modified, lines, entries, oldest, newest, levels, components, -1, null, -1);
    }

    /** This summary with the count of lines in the encoder's form, see {@code prefixed}. */
    public GenerationSummary withPrefixed(long count) {
        return new GenerationSummary(
                generation,
                bytes,
                modified,
                lines,
                entries,
                oldest,
                newest,
                levels,
                components,
                gzipBytes,
                zone,
                count);
    }

    /** True when every line is known to start as the encoder starts one, see {@code prefixed}. */
    public boolean allPrefixed() {
        return prefixed >= 0 && prefixed == lines;
    }

    /** This summary with the size of the {@code .gz} it describes, bytes. */
    public GenerationSummary withGzipBytes(long size) {
        return new GenerationSummary(
                generation, bytes, modified, lines, entries, oldest, newest, levels, components, size, zone, prefixed);
    }

    /** This summary with the zone id its zoneless times were read in. */
    public GenerationSummary withZone(String zoneId) {
        return new GenerationSummary(
                generation,
                bytes,
                modified,
                lines,
                entries,
                oldest,
                newest,
                levels,
                components,
                gzipBytes,
                zoneId,
                prefixed);
    }

    /** Reads one generation whole and counts what it holds; supplied by the logs feature, which knows the lines. */
    @FunctionalInterface
    public interface Summarizer {

        /** Summarises nothing: for tests and tools that do not search. */
        Summarizer NONE = (generation, log, bytes, modified) -> Optional.empty();

        /**
         * @return false when {@code summary} of a generation of {@code log} was made on other terms than this
         *     summarizer's (another zone for zoneless times): it is then stale, and summarised again
         */
        default boolean agrees(GenerationSummary summary, String log) {
            return true;
        }

        /**
         * @param generation the plain or {@code .gz} file
         * @param log        the log it was rotated from, e.g. {@code api.log}, {@code bot.log}
         * @param bytes      its plain size, to record, bytes
         * @param modified   its modification time, to record, epoch seconds
         * @return the summary, or empty when this kind of log is not summarised
         * @throws IOException when it cannot be read
         */
        Optional<GenerationSummary> summarize(Path generation, String log, long bytes, long modified)
                throws IOException;
    }

    /** Where the summary of {@code generation} (plain or {@code .gz}) is kept. */
    public static Path of(Path generation) {
        return generation
                .resolveSibling(DIRECTORY)
                .resolve(baseName(generation.getFileName().toString()) + SUFFIX);
    }

    /** {@code api.log.20261128-020000.000} for both it and its {@code .gz}. */
    public static String baseName(String generationName) {
        return generationName.endsWith(Gzip.SUFFIX)
                ? generationName.substring(0, generationName.length() - Gzip.SUFFIX.length())
                : generationName;
    }

    /**
     * True when this summary describes {@code generation} as it is now: same name, time (in whole seconds, as
     * gzip and archives keep it) and size: a plain generation's against {@link #bytes}, a {@code .gz}'s against
     * {@link #gzipBytes} once recorded.
     *
     * @param modifiedMillis the generation's modification time, epoch milliseconds
     * @param fileBytes      the size of the file itself (the {@code .gz}'s for a {@code .gz}), bytes
     */
    public boolean describes(String generationName, long modifiedMillis, long fileBytes) {
        boolean gzip = generationName.endsWith(Gzip.SUFFIX);
        return generation.equals(baseName(generationName))
                && modified == Math.floorDiv(modifiedMillis, 1000)
                && (gzip ? gzipBytes < 0 || gzipBytes == fileBytes : fileBytes == bytes);
    }

    /**
     * Reads the summary of {@code generation}.
     *
     * @return empty when there is none, or it cannot be read or parsed (a summary is only ever a shortcut)
     */
    public static Optional<GenerationSummary> read(Path generation) {
        Path file = of(generation);
        try {
            if (!realDirectory(file.getParent())) {
                return Optional.empty();
            }
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || a.size() > MAX_BYTES) {
                return Optional.empty();
            }
            return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Summarises {@code generation} (plain or {@code .gz}) unless a summary that still describes it exists.
     *
     * @return true when a summary was written
     */
    public static boolean ensure(Path generation, String log, Summarizer summarizer) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(generation, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return false;
        }
        if (!a.isRegularFile()) {
            return false;
        }
        String name = generation.getFileName().toString();
        boolean plain = !name.endsWith(Gzip.SUFFIX);
        long modifiedMillis = a.lastModifiedTime().toMillis();
        Optional<GenerationSummary> known = read(generation);
        if (known.isPresent()) {
            if (known.get().describes(name, modifiedMillis, a.size()) && summarizer.agrees(known.get(), log)) {
                if (plain || known.get().gzipBytes() >= 0) {
                    return false;
                }
                // From now on a .gz that changes within the same second is told apart by its size.
                write(generation, known.get().withGzipBytes(a.size()));
                return true;
            }
            // Stale: gone before summarising again, so that a rewrite that fails leaves no summary, never it.
            delete(generation);
        }
        // The size of a .gz's plain original is not known before reading: the summarizer counts it.
        Optional<GenerationSummary> summary =
                summarizer.summarize(generation, log, plain ? a.size() : -1, Math.floorDiv(modifiedMillis, 1000));
        if (summary.isEmpty()) {
            return false;
        }
        write(generation, plain ? summary.get() : summary.get().withGzipBytes(a.size()));
        return true;
    }

    /** Writes the summary of {@code generation} durably, replacing any. */
    public static void write(Path generation, GenerationSummary summary) throws IOException {
        Path file = of(generation);
        if (!realDirectory(file.getParent())) {
            try {
                Files.createDirectory(file.getParent());
            } catch (FileAlreadyExistsException e) {
                throw notADirectory(file.getParent());
            }
        }
        DurableFiles.replace(
                file,
                file.resolveSibling(file.getFileName() + TEMP),
                summary.toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** Deletes the summary of {@code generation}, if any. */
    public static void delete(Path generation) throws IOException {
        Path file = of(generation);
        if (realDirectory(file.getParent())) {
            Files.deleteIfExists(file);
        } else if (Files.exists(file.getParent(), LinkOption.NOFOLLOW_LINKS)) {
            throw notADirectory(file.getParent());
        }
    }

    /**
     * True when {@code dir} is a directory itself, not a symbolic link to one: summaries are never written,
     * read or deleted through a link, which could lead outside the log directory.
     */
    private static boolean realDirectory(Path dir) throws IOException {
        try {
            return Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .isDirectory();
        } catch (NoSuchFileException absent) {
            return false;
        }
    }

    private static IOException notADirectory(Path dir) {
        return new IOException(dir + " is a symbolic link or not a directory: no summary is written, read or"
                + " deleted through it; make it a directory, or remove it");
    }

    /**
     * Deletes the summaries whose generation is gone (neither plain nor {@code .gz} exists) and temp files a
     * crash left, of the logs {@code log} accepts. A temp file is a crash's only once it is older than
     * {@link #TEMP_AGE}: a younger one may be another thread's or process's write in progress (the rotation's
     * housekeeping, or an offline opsctl beside the server).
     *
     * @param now the time, to tell a temp file's age
     * @return the names deleted
     */
    public static List<String> prune(Path logDirectory, Predicate<String> log, Instant now) throws IOException {
        Path dir = logDirectory.resolve(DIRECTORY);
        List<String> deleted = new ArrayList<>();
        if (!realDirectory(dir)) {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw notADirectory(dir);
            }
            return deleted;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                boolean temp = name.endsWith(SUFFIX + TEMP);
                String base = temp
                        ? name.substring(0, name.length() - SUFFIX.length() - TEMP.length())
                        : name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : null;
                Optional<RotatedFiles.Name> parsed = base == null ? Optional.empty() : RotatedFiles.Name.parse(base);
                if (parsed.isEmpty()
                        || parsed.get().compressed()
                        || !log.test(parsed.get().log())) {
                    continue; // not ours to judge
                }
                // Plain first: compression writes the .gz before it deletes the plain file, so one always exists.
                Path plain = logDirectory.resolve(base);
                if ((temp && olderThan(file, now.minus(TEMP_AGE)))
                        || (!temp
                                && !Files.exists(plain, LinkOption.NOFOLLOW_LINKS)
                                && !Files.exists(
                                        logDirectory.resolve(base + Gzip.SUFFIX), LinkOption.NOFOLLOW_LINKS))) {
                    if (Files.deleteIfExists(file)) {
                        deleted.add(DIRECTORY + "/" + name);
                    }
                }
            }
        }
        return deleted;
    }

    /** True when {@code file} was last modified before {@code time}; false when it is gone. */
    private static boolean olderThan(Path file, Instant time) throws IOException {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS)
                    .toInstant()
                    .isBefore(time);
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    /** The compact JSON form described in docs/logs.md. */
    public String toJson() {
        StringBuilder s = new StringBuilder(256);
        s.append("{\"version\":").append(VERSION);
        s.append(",\"generation\":");
        string(s, generation);
        s.append(",\"bytes\":").append(bytes);
        s.append(",\"modified\":").append(modified);
        s.append(",\"lines\":").append(lines);
        s.append(",\"entries\":").append(entries);
        if (entries > 0) {
            s.append(",\"oldest\":\"")
                    .append(Instant.ofEpochMilli(oldest))
                    .append("\",\"newest\":\"")
                    .append(Instant.ofEpochMilli(newest))
                    .append('"');
        }
        s.append(",\"levels\":");
        counts(s, levels);
        if (components == null) {
            s.append(",\"componentsUnknown\":true");
        } else {
            s.append(",\"components\":");
            counts(s, components);
        }
        if (prefixed >= 0) {
            s.append(",\"prefixed\":").append(prefixed);
        }
        if (gzipBytes >= 0) {
            s.append(",\"gzipBytes\":").append(gzipBytes);
        }
        if (zone != null) {
            s.append(",\"zone\":");
            string(s, zone);
        }
        return s.append("}\n").toString();
    }

    private static void counts(StringBuilder s, Map<String, Long> counts) {
        s.append('{');
        boolean first = true;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (!first) {
                s.append(',');
            }
            first = false;
            string(s, e.getKey());
            s.append(':').append(e.getValue());
        }
        s.append('}');
    }

    private static void string(StringBuilder s, String value) {
        s.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        s.append('"');
    }

    /** @return the summary in {@code json}, or empty when it is not one this version wrote */
    static Optional<GenerationSummary> parse(String json) {
        try {
            Reader r = new Reader(json);
            Map<String, Object> top = r.object(0);
            r.space();
            if (r.pos != json.length() || !Long.valueOf(VERSION).equals(top.get("version"))) {
                return Optional.empty();
            }
            long entries = number(top, "entries");
            long oldest = Long.MAX_VALUE;
            long newest = Long.MIN_VALUE;
            if (entries > 0) {
                oldest = Instant.parse((String) top.get("oldest")).toEpochMilli();
                newest = Instant.parse((String) top.get("newest")).toEpochMilli();
            }
            return Optional.of(new GenerationSummary(
                    (String) top.get("generation"),
                    number(top, "bytes"),
                    number(top, "modified"),
                    number(top, "lines"),
                    entries,
                    oldest,
                    newest,
                    countsOf(top.get("levels")),
                    "true".equals(top.get("componentsUnknown")) ? null : countsOf(top.get("components")),
                    top.containsKey("gzipBytes") ? number(top, "gzipBytes") : -1,
                    (String) top.get("zone"),
                    top.containsKey("prefixed") ? number(top, "prefixed") : -1));
        } catch (IllegalArgumentException
                | IndexOutOfBoundsException
                | ClassCastException
                | NullPointerException
                | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static long number(Map<String, Object> o, String key) {
        return (Long) o.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> countsOf(Object value) {
        Map<String, Object> o = (Map<String, Object>) value;
        Map<String, Long> counts = new TreeMap<>();
        o.forEach((k, v) -> counts.put(k, (Long) v));
        return counts;
    }

    /** Just the JSON this class writes: objects, strings, whole numbers; anything else is rejected. */
    private static final class Reader {
        private final String s;
        int pos;

        Reader(String s) {
            this.s = s;
        }

        Map<String, Object> object(int depth) {
            if (depth > 1) {
                throw new IllegalArgumentException("nested too deep");
            }
            space();
            expect('{');
            Map<String, Object> o = new TreeMap<>();
            space();
            if (peek() == '}') {
                pos++;
                return o;
            }
            while (true) {
                space();
                expect('"');
                String key = string();
                space();
                expect(':');
                space();
                char c = peek();
                Object value = c == '"' ? quoted() : c == '{' ? object(depth + 1) : c == 't' ? literalTrue() : number();
                if (o.put(key, value) != null) {
                    throw new IllegalArgumentException("repeated key " + key);
                }
                space();
                char next = s.charAt(pos++);
                if (next == '}') {
                    return o;
                }
                if (next != ',') {
                    throw new IllegalArgumentException("expected , at " + pos);
                }
            }
        }

        /** The literal {@code true}, as the string "true". */
        private String literalTrue() {
            if (!s.startsWith("true", pos)) {
                throw new IllegalArgumentException("expected true at " + pos);
            }
            pos += 4;
            return "true";
        }

        private String quoted() {
            pos++;
            return string();
        }

        /** After the opening quote. */
        private String string() {
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> throw new IllegalArgumentException("escape \\" + e);
                }
            }
        }

        private Long number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            return Long.parseLong(s.substring(start, pos));
        }

        private char peek() {
            return s.charAt(pos);
        }

        private void expect(char c) {
            if (s.charAt(pos++) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + (pos - 1));
            }
        }

        void space() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }
    }
}
