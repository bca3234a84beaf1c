package io.breakoutbot.ops.lifecycle;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
 * increasing order even when the clock jumps back, so "oldest" can always be decided by name. Only names
 * of exactly this form are ever listed, and symbolic links are never followed.
 */
public final class RotatedFiles {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern ANY_GENERATION = Pattern.compile("(.+)\\.(\\d{8}-\\d{6})\\.(\\d{3})(\\.gz)?");
    private static final int MAX_SEQUENCE = 999;
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
     * @return a name for a generation rotated at {@code now}, after every generation that exists: numbering
     *         continues past pruned generations, and a clock that went back reuses the newest stamp
     * @throws IOException when a thousand rotations already happened in that second
     */
    public synchronized Path next(Instant now) throws IOException {
        String stamp = STAMP.format(now);
        int seq = 0;
        String newest = lastIssued;
        List<Generation> existing = oldestFirst();
        if (!existing.isEmpty() && (newest == null || existing.get(existing.size() - 1).order().compareTo(newest) > 0)) {
            newest = existing.get(existing.size() - 1).order();
        }
        if (newest != null && newest.substring(0, stamp.length()).compareTo(stamp) >= 0) {
            stamp = newest.substring(0, stamp.length());
            seq = Integer.parseInt(newest.substring(stamp.length() + 1)) + 1;
        }
        // A directory listing can miss a file that is being renamed (plain to .gz) at that moment; asking
        // for both exact names cannot, because one of the two always exists. A rename onto an existing
        // name would silently replace it.
        Path candidate;
        while (true) {
            if (seq > MAX_SEQUENCE) {
                throw new IOException("More than " + (MAX_SEQUENCE + 1) + " rotations of " + activeName + " in one second");
            }
            candidate = directory.resolve(activeName + "." + stamp + "." + String.format("%03d", seq));
            if (Files.notExists(candidate, LinkOption.NOFOLLOW_LINKS)
                    && Files.notExists(candidate.resolveSibling(candidate.getFileName() + Gzip.SUFFIX), LinkOption.NOFOLLOW_LINKS)) {
                break;
            }
            seq++;
        }
        lastIssued = stamp + "." + String.format("%03d", seq);
        return candidate;
    }

    /** Each generation once, oldest first; a generation caught both plain and compressed is listed once. */
    public List<Generation> oldestFirst() throws IOException {
        TreeMap<String, Generation> byAge = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, activeName + ".*")) {
            for (Path file : files) {
                Optional<Name> name = Name.parse(file.getFileName().toString());
                if (name.isPresent() && name.get().log().equals(activeName)
                        && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    byAge.merge(name.get().order(), Generation.of(file, name.get()), Generation::merge);
                }
            }
        }
        return new ArrayList<>(byAge.values());
    }

    /** Temp files that a crash left: an interrupted compression ({@code .gz.tmp}) or copy ({@code .tmp}). */
    public List<Path> leftovers() throws IOException {
        List<Path> temps = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, activeName + ".*" + TEMP)) {
            for (Path file : files) {
                String finalName = file.getFileName().toString();
                finalName = finalName.substring(0, finalName.length() - TEMP.length());
                if (Name.parse(finalName).filter(n -> n.log().equals(activeName)).isPresent()
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
            return name.compressed() ? new Generation(name.order(), null, file) : new Generation(name.order(), file, null);
        }

        Generation merge(Generation other) {
            return new Generation(order, plain != null ? plain : other.plain,
                    compressed != null ? compressed : other.compressed);
        }

        /** A complete {@code .gz} only exists after its sync and rename, so a plain copy beside it is redundant. */
        public boolean needsCompression() {
            return compressed == null;
        }
    }
}
