package io.breakoutbot.ops.logs;

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
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rotated generations of one log file, named {@code <file>.<yyyyMMdd-HHmmss>.<nnn>[.gz]} in UTC.
 * The three-digit sequence makes a second rotation within the same second a new name instead of an
 * overwrite, and the fixed widths make {@code ls} order equal age order. Only names of exactly this form
 * are ever listed, so nothing else in the directory is touched, and symbolic links are never followed.
 */
final class RotatedFiles {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int MAX_PER_SECOND = 1000;

    private final Path directory;
    private final String activeName;
    private final Pattern generation;

    RotatedFiles(Path activeFile) {
        this.directory = activeFile.toAbsolutePath().getParent();
        this.activeName = activeFile.getFileName().toString();
        this.generation = Pattern.compile(Pattern.quote(activeName) + "\\.(\\d{8}-\\d{6}\\.\\d{3})(\\.gz)?");
    }

    /**
     * @return a name for a generation rotated at {@code now}, after every generation already in that second:
     *         numbering continues past pruned generations, so age order always equals name order
     * @throws IOException when a thousand rotations already happened in that second
     */
    Path next(Instant now) throws IOException {
        String prefix = activeName + "." + STAMP.format(now) + ".";
        int seq = 0;
        try (DirectoryStream<Path> sameSecond = Files.newDirectoryStream(directory, prefix + "*")) {
            for (Path file : sameSecond) {
                Matcher m = generation.matcher(file.getFileName().toString());
                if (m.matches()) {
                    seq = Math.max(seq, Integer.parseInt(m.group(1).substring(m.group(1).length() - 3)) + 1);
                }
            }
        }
        if (seq >= MAX_PER_SECOND) {
            throw new IOException("More than " + MAX_PER_SECOND + " rotations of " + activeName + " in one second");
        }
        return directory.resolve(prefix + String.format("%03d", seq));
    }

    /** Each generation once, oldest first; a generation caught both plain and compressed is listed once. */
    List<Generation> oldestFirst() throws IOException {
        TreeMap<String, Generation> byAge = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, activeName + ".*")) {
            for (Path file : files) {
                Matcher m = generation.matcher(file.getFileName().toString());
                if (m.matches() && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    byAge.merge(m.group(1), Generation.of(file, m.group(2) != null), Generation::merge);
                }
            }
        }
        return new ArrayList<>(byAge.values());
    }

    /** Temp files of compressions that a crash interrupted. */
    List<Path> leftovers() throws IOException {
        List<Path> temps = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, activeName + ".*" + Gzip.TEMP_SUFFIX)) {
            for (Path file : files) {
                String plainName = file.getFileName().toString().replace(Gzip.TEMP_SUFFIX, "");
                if (generation.matcher(plainName).matches() && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    temps.add(file);
                }
            }
        }
        temps.sort(Comparator.naturalOrder());
        return temps;
    }

    /**
     * One rotated generation.
     *
     * @param plain      the uncompressed file, or null
     * @param compressed the {@code .gz} file, or null
     */
    record Generation(Path plain, Path compressed) {

        static Generation of(Path file, boolean isCompressed) {
            return isCompressed ? new Generation(null, file) : new Generation(file, null);
        }

        Generation merge(Generation other) {
            return new Generation(plain != null ? plain : other.plain, compressed != null ? compressed : other.compressed);
        }

        /** A complete {@code .gz} only exists after its sync and rename, so a plain copy beside it is redundant. */
        boolean needsCompression() {
            return compressed == null;
        }
    }
}
