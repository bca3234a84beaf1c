package io.breakoutbot.ops.lifecycle;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the top level of a log directory. A file is <em>active</em> when its name matches a log pattern
 * ({@code *.log}); it is <em>rotated</em> when it is a generation of such a name, either ours
 * ({@code api.log.20261128-020000.000.gz}) or numbered the way Python's RotatingFileHandler and logrotate
 * number them ({@code bot.log.1}, {@code bot.log.2.gz}); anything else is unmanaged and only counted.
 * Symbolic links, directories and other special files are skipped: they are never read through.
 */
public final class LogScanner {

    private static final Pattern NUMBERED = Pattern.compile("(.+)\\.(\\d{1,3})(\\.gz)?");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final List<PathMatcher> logs = new ArrayList<>();
    /** A directory of rotated files asks about the same few log names over and over. */
    private final Map<String, Boolean> isLog = new ConcurrentHashMap<>();

    /** @param logGlobs names of the logs being written, as globs: {@code *.log}, {@code bot-*.txt} */
    public LogScanner(List<String> logGlobs) {
        for (String glob : logGlobs) {
            logs.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
        }
    }

    public boolean isLog(String name) {
        return isLog.computeIfAbsent(name, n -> {
            Path path = Path.of(n);
            return logs.stream().anyMatch(m -> m.matches(path));
        });
    }

    /** @return every regular file at the top of {@code directory}, symbolic links excluded */
    public List<LogFile> scan(Path directory) throws IOException {
        List<LogFile> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue; // deleted since the listing: nothing to keep or to delete
                }
                if (attributes.isRegularFile()) {
                    files.add(classify(entry.getFileName().toString(), attributes));
                }
            }
        }
        return files;
    }

    LogFile classify(String name, BasicFileAttributes attributes) {
        long bytes = attributes.size();
        var modified = attributes.lastModifiedTime().toInstant();
        Object key = attributes.fileKey();
        Optional<RotatedFiles.Name> ours = RotatedFiles.Name.parse(name);
        if (ours.isPresent() && isLog(ours.get().log())) {
            return new LogFile(name, ours.get().log(), false, ours.get().order(), bytes, modified, key);
        }
        Matcher numbered = NUMBERED.matcher(name);
        if (numbered.matches() && isLog(numbered.group(1))) {
            // .1 is the newest: order by modification time, then by the number, reversed
            String order =
                    STAMP.format(modified) + "." + String.format("%03d", 999 - Integer.parseInt(numbered.group(2)));
            return new LogFile(name, numbered.group(1), false, order, bytes, modified, key);
        }
        if (isLog(name)) {
            return new LogFile(name, name, true, null, bytes, modified, key);
        }
        return new LogFile(name, null, false, null, bytes, modified, key);
    }
}
