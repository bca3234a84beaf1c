package io.breakoutbot.ops.bot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The bot's pid file: its first line is the pid, an optional second line the process's start time in clock
 * ticks after boot (field 22 of {@code /proc/PID/stat}), as deploy/lib.sh writes ours. With the second line the
 * process is identified exactly: a pid and its start time never name another process. Without it the file's
 * modification time stands for when the bot wrote it, so a process that started later is not the bot: the bot
 * died and another program got its pid. That is weaker: a clock step, or a pid file touched or copied later,
 * moves the modification time. A process found not to be the bot is never counted as the bot nor signalled.
 */
final class PidFile implements PidSource {

    /**
     * The start time the OS reports is rounded (clock ticks after a boot time in seconds), and a pid file is
     * written a moment after the start; a second covers both.
     */
    static final Duration SLACK = Duration.ofSeconds(1);

    private final Path file;

    PidFile(Path file) {
        this.file = file;
    }

    /**
     * @param base the directory a relative path is resolved against
     * @return the absolute pid file
     * @throws IllegalArgumentException when the text is no path, or a relative one that leaves {@code base}
     */
    static Path resolve(Path base, String text) {
        Path given;
        try {
            given = Path.of(text.trim());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("is not a path (" + e.getMessage() + ")");
        }
        if (given.toString().isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        if (given.isAbsolute()) {
            return given.normalize();
        }
        Path root = base.toAbsolutePath().normalize();
        Path resolved = root.resolve(given).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            throw new IllegalArgumentException(
                    "must be absolute, or a file inside " + root + "; a relative path may not leave it with ..");
        }
        return resolved;
    }

    @Override
    public PidClaim read() {
        List<String> lines;
        Instant written;
        try {
            written = Files.getLastModifiedTime(file).toInstant();
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return PidClaim.none("the pid file " + file + " does not exist");
        } catch (IOException e) {
            return PidClaim.none("the pid file " + file + " cannot be read (" + e + ")");
        }
        String first = lines.isEmpty() ? "" : lines.get(0).trim();
        long pid;
        try {
            pid = Long.parseLong(first);
        } catch (NumberFormatException e) {
            pid = 0;
        }
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            return PidClaim.none("the pid file " + file + " holds no pid ('" + abbreviate(first) + "')");
        }
        String second = lines.size() < 2 ? "" : lines.get(1).trim();
        if (second.isEmpty()) {
            return new PidClaim(pid, written.plus(SLACK), 0, null);
        }
        long ticks;
        try {
            ticks = Long.parseLong(second);
        } catch (NumberFormatException e) {
            ticks = 0;
        }
        if (ticks <= 0) {
            return PidClaim.none("the pid file " + file + " has a second line that is no start time in clock ticks ('"
                    + abbreviate(second) + "')");
        }
        return new PidClaim(pid, null, ticks, null);
    }

    @Override
    public String describe() {
        return "pid file " + file;
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 20 ? printable.substring(0, 20) + "…" : printable;
    }
}
