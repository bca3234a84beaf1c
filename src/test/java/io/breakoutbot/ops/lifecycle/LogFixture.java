package io.breakoutbot.ops.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

/** A log directory written the way the tests need it: real files with chosen sizes and modification times. */
final class LogFixture {

    static final Instant NOW = Instant.parse("2026-11-28T03:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final List<String> DEFAULT_ORDER = List.of("general.log", "metrics.log", "api.log", "*", "errors.log");
    static final long NO_CAP = Long.MAX_VALUE;

    private LogFixture() {}

    static Instant daysAgo(long days) {
        return NOW.minus(Duration.ofDays(days));
    }

    /** The name our rotation gives a generation of {@code log} rotated at {@code at}. */
    static String generation(String log, Instant at) {
        return log + "."
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(at) + ".000";
    }

    /** Writes a generation named after {@code at} and modified then, as a rotation at {@code at} leaves it. */
    static String rotatedAt(Path dir, String log, Instant at, int bytes) throws IOException {
        String name = generation(log, at);
        write(dir, name, bytes, at);
        return name;
    }

    /** Writes {@code bytes} bytes of a readable, file-specific content, modified at {@code modified}. */
    static Path write(Path dir, String name, int bytes, Instant modified) throws IOException {
        byte[] content = new byte[bytes];
        byte[] pattern = (name + "\n").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes; i++) {
            content[i] = pattern[i % pattern.length];
        }
        return write(dir, name, content, modified);
    }

    static Path write(Path dir, String name, byte[] content, Instant modified) throws IOException {
        Path file = Files.write(dir.resolve(name), content);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    static Path write(Path dir, String name, String content, Instant modified) throws IOException {
        return write(dir, name, content.getBytes(StandardCharsets.UTF_8), modified);
    }

    /** What {@code ls -A} shows, sorted. */
    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
