package io.breakoutbot.ops.lifecycle;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rotated generations of one log file, named {@code <file>.<yyyyMMdd-HHmmss>.<nnn>[.gz]} in UTC.
 * The three-digit sequence makes a second rotation within the same second a new name instead of an
 * overwrite, and the fixed widths make {@code ls} order equal age order. Names are handed out in
 * increasing order even when the clock steps back, so "oldest" can be decided by name. Only names of
 * exactly this form are ever listed, and symbolic links are never followed.
 *
 * <p><b>Names from another clock.</b> A name stamped more than {@link #AHEAD} ahead of the clock (or not
 * a date at all) was not made by the clock that runs now: a clock that was wrong at boot, or names that
 * followed one. Such a name is ignored when the next name is chosen, so one file named in 2100 cannot pull
 * every later name after it, and it counts as older than every other generation of its log: it was written
 * before the clock came right.
 */
public final class RotatedFiles {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern ANY_GENERATION = Pattern.compile("(.+)\\.(\\d{8}-\\d{6})\\.(\\d{3})(\\.gz)?");
    private static final DateTimeFormatter PARSE = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final int STAMP_LENGTH = "yyyyMMdd-HHmmss".length();
    private static final int MAX_SEQUENCE = 999;

    /**
     * How far ahead of the clock a name may be and still be this clock's: a clock stepped back by less
     * than this (a time zone mistake, a day) keeps names increasing; a name further ahead is ignored.
     */
    public static final Duration AHEAD = Duration.ofDays(7);

    private static final String TEMP = ".tmp";

    private final Path directory;
    private final String activeName;
    private String lastIssued;

    public RotatedFiles(Path activeFile) {
        this.directory = activeFile.toAbsolutePath().getParent();
        this.activeName = activeFile.getFileName().toString();
    }

    /**
     * A file name read as a rotated generation.
     *
     * @param log        the active file it was rotated from, e.g. {@code api.log}
     * @param order      stamp and sequence, {@code yyyyMMdd-HHmmss.nnn}: sorts by rotation order
     * @param compressed whether it ends in {@code .gz}
     */
    public record Name(String log, String order, boolean compressed) {

        public static Optional<Name> parse(String fileName) {
            Matcher m = ANY_GENERATION.matcher(fileName);
            return m.matches()
                    ? Optional.of(new Name(m.group(1), m.group(2) + "." + m.group(3), m.group(4) != null))
                    : Optional.empty();
        }
    }

    /**
     * @return a name for a generation rotated at {@code now}, after every generation of this clock that
     *         exists or was issued: numbering continues past pruned generations, a clock that went back
     *         reuses the newest stamp, and after the thousandth name of one second the next second begins
     * @throws IOException when the directory cannot be listed
     */
    public synchronized Path next(Instant now) throws IOException {
        String newest = fromAnotherClock(lastIssued, now) ? null : lastIssued;
        for (Generation g : oldestFirst(now)) {
            if (!fromAnotherClock(g.order(), now)
                    && (newest == null || g.order().compareTo(newest) > 0)) {
                newest = g.order();
            }
        }
        Instant stamp = now.truncatedTo(ChronoUnit.SECONDS);
        int seq = 0;
        if (newest != null && newest.substring(0, STAMP_LENGTH).compareTo(STAMP.format(now)) >= 0) {
            stamp = stampOf(newest);
            seq = Integer.parseInt(newest.substring(STAMP_LENGTH + 1)) + 1;
        }
        // A directory listing can miss a file that is being renamed (plain to .gz) at that moment; asking
        // for both exact names cannot, because one of the two always exists. A rename onto an existing
        // name would silently replace it.
        Path candidate;
        while (true) {
            if (seq > MAX_SEQUENCE) {
                // Running a little ahead of the clock keeps names increasing; failing would stop rotation.
                stamp = stamp.plusSeconds(1);
                seq = 0;
            }
            candidate = directory.resolve(activeName + "." + order(stamp, seq));
            if (!taken(candidate) && !taken(candidate.resolveSibling(candidate.getFileName() + Gzip.SUFFIX))) {
                break;
            }
            seq++;
        }
        lastIssued = order(stamp, seq);
        return candidate;
    }

    /**
     * @throws IOException when it cannot be told (a name too long, no permission): guessing "taken" would
     *                     try names forever, guessing "free" could replace a generation
     */
    private static boolean taken(Path name) throws IOException {
        try {
            Files.readAttributes(name, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return true;
        } catch (NoSuchFileException free) {
            return false;
        }
    }

    private static String order(Instant stamp, int seq) {
        return STAMP.format(stamp) + "." + String.format("%03d", seq);
    }

    /** @return the stamp of {@code order}, or null when it is not a date */
    private static Instant stampOf(String order) {
        try {
            return LocalDateTime.parse(order.substring(0, STAMP_LENGTH), PARSE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /**
     * @param order a generation's {@code yyyyMMdd-HHmmss.nnn}; null is nobody's
     * @return true when it is stamped more than {@link #AHEAD} after {@code now}, or is not a date
     */
    public static boolean fromAnotherClock(String order, Instant now) {
        if (order == null) {
            return false;
        }
        Instant stamp = stampOf(order);
        return stamp == null || stamp.isAfter(now.plus(AHEAD));
    }

    /**
     * Oldest first, by {@code yyyyMMdd-HHmmss.nnn}: names from another clock (see the class comment) before
     * all others, each group in name order.
     */
    public static Comparator<String> ageOrder(Instant now) {
        return Comparator.comparing((String order) -> !fromAnotherClock(order, now))
                .thenComparing(Comparator.naturalOrder());
    }

    /**
     * Each generation once, oldest first by {@link #ageOrder} at {@code now}; a generation caught both plain
     * and compressed is listed once.
     */
    public List<Generation> oldestFirst(Instant now) throws IOException {
        TreeMap<String, Generation> byAge = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, activeName + ".*")) {
            for (Path file : files) {
                Optional<Name> name = Name.parse(file.getFileName().toString());
                if (name.isPresent()
                        && name.get().log().equals(activeName)
                        && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    byAge.merge(name.get().order(), Generation.of(file, name.get()), Generation::merge);
                }
            }
        }
        List<Generation> generations = new ArrayList<>(byAge.values());
        generations.sort(Comparator.comparing(Generation::order, ageOrder(now)));
        return generations;
    }

    /** Temp files that a crash left: an interrupted compression ({@code .gz.tmp}) or copy ({@code .tmp}). */
    public List<Path> leftovers() throws IOException {
        List<Path> temps = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, activeName + ".*" + TEMP)) {
            for (Path file : files) {
                String finalName = file.getFileName().toString();
                finalName = finalName.substring(0, finalName.length() - TEMP.length());
                if (Name.parse(finalName)
                                .filter(n -> n.log().equals(activeName))
                                .isPresent()
                        && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    temps.add(file);
                }
            }
        }
        temps.sort(Comparator.naturalOrder());
        return temps;
    }

    /** The name a generation is written under until it is complete. */
    public static Path temp(Path generation) {
        return generation.resolveSibling(generation.getFileName() + TEMP);
    }

    /**
     * One rotated generation.
     *
     * @param order      stamp and sequence, sorts by rotation order
     * @param plain      the uncompressed file, or null
     * @param compressed the {@code .gz} file, or null
     */
    public record Generation(String order, Path plain, Path compressed) {

        static Generation of(Path file, Name name) {
            return name.compressed()
                    ? new Generation(name.order(), null, file)
                    : new Generation(name.order(), file, null);
        }

        Generation merge(Generation other) {
            return new Generation(
                    order, plain != null ? plain : other.plain, compressed != null ? compressed : other.compressed);
        }

        /** A complete {@code .gz} only exists after its sync and rename, so a plain copy beside it is redundant. */
        public boolean needsCompression() {
            return compressed == null;
        }
    }
}
