package io.breakoutbot.ops.lifecycle;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogArchiverTest {

    static final Instant NOW = Instant.parse("2026-11-28T17:43:29Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String ARCHIVE = "logs_archive_20261128_174329.tar.gz";
    static final String UNICODE = "Grüße-日本.log";
    static final String LONG = "x".repeat(146) + ".log";

    @TempDir
    Path tmp;

    Path logs() throws IOException {
        return Files.createDirectories(tmp.resolve("breakout/logs"));
    }

    Path archives() {
        return tmp.resolve("backup/archives");
    }

    LogArchiver cut(int keep, int maxAgeDays) {
        return new LogArchiver(archives(), CLOCK, keep, maxAgeDays);
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Runs a command the way an operator would, in a UTF-8 locale and UTC; fails the test on a non-zero exit. */
    static List<String> run(Path workDir, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C.UTF-8");
        builder.environment().put("TZ", "UTC");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        assertEquals(0, exit, () -> String.join(" ", command) + " failed: " + output);
        return output.isEmpty() ? List.of() : List.of(output.split("\n"));
    }

    Path extract(Path archive) throws IOException, InterruptedException {
        Path into = Files.createDirectories(tmp.resolve("extracted-" + archive.getFileName()));
        run(into, "tar", "-xzf", archive.toString());
        return into.resolve("logs");
    }

    List<String> archiveDirectoryNames() throws IOException {
        try (Stream<Path> files = Files.list(archives())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void operatorSeesEveryTopLevelLogUnderLogsWithUnchangedBytes() throws Exception {
        Path logs = logs();
        Files.writeString(logs.resolve("app.log"), "{\"message\":\"started\"}\n");
        Files.writeString(logs.resolve("errors.log"), "{\"message\":\"upstream failed\"}\n");
        Files.writeString(logs.resolve(UNICODE), "Grüße aus 日本\n");
        Files.writeString(logs.resolve(LONG), "long name\n");
        Files.write(logs.resolve("app.log.20261127-000000.000.gz"), random(70_000, 1));

        assertTrue(("logs/" + LONG).length() > 100, "needs a PAX path header");

        ArchiveResult result = cut(5, 30).archive(logs);

        Path archive = archives().resolve(ARCHIVE);
        List<String> names = List.of("app.log", "errors.log", UNICODE, LONG, "app.log.20261127-000000.000.gz");
        List<String> expected =
                new ArrayList<>(names.stream().map(n -> "logs/" + n).toList());
        expected.add("logs/");
        List<String> listed = new ArrayList<>(run(tmp, "tar", "-tzf", archive.toString()));
        expected.sort(null);
        listed.sort(null);
        long uncompressed = 0;
        for (String name : names) {
            uncompressed += Files.size(logs.resolve(name));
        }
        long total = uncompressed;
        Path extracted = extract(archive);
        run(tmp, "gzip", "-t", archive.toString());
        assertAll(
                () -> assertEquals(expected, listed),
                () -> {
                    for (String name : names) {
                        assertArrayEquals(
                                Files.readAllBytes(logs.resolve(name)),
                                Files.readAllBytes(extracted.resolve(name)),
                                name);
                    }
                },
                () -> assertEquals(archive.toAbsolutePath().toString(), result.archive()),
                () -> assertEquals(5, result.files()),
                () -> assertEquals(Files.size(archive), result.archiveBytes()),
                () -> assertEquals(total, result.uncompressedBytes()),
                () -> assertEquals(List.of(), result.skipped()),
                () -> assertEquals(List.of(), result.changedWhileArchiving()),
                () -> assertEquals(List.of(), result.pruned()),
                () -> assertEquals(0, result.bytesFreed()),
                () -> assertEquals(List.of(ARCHIVE), archiveDirectoryNames()));
    }

    @Test
    void modeAndModificationTimeSurvive() throws Exception {
        Path logs = logs();
        Path secret = Files.writeString(logs.resolve("audit.log"), "who did what\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r-----"));
        Files.setLastModifiedTime(secret, FileTime.from(Instant.parse("2026-11-01T08:15:42Z")));
        Path script = Files.writeString(logs.resolve("rotate.log"), "rotated\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(script, FileTime.from(Instant.parse("2026-11-27T23:59:59.750Z")));

        cut(5, 30).archive(logs);

        Path archive = archives().resolve(ARCHIVE);
        List<String> verbose = run(tmp, "tar", "-tvzf", archive.toString());
        Path extracted = extract(archive);
        assertAll(
                () -> assertTrue(
                        verbose.stream()
                                .anyMatch(l ->
                                        l.startsWith("-rw-r----- ") && l.contains(" 2026-11-01 08:15 logs/audit.log")),
                        () -> String.join("\n", verbose)),
                () -> assertTrue(
                        verbose.stream()
                                .anyMatch(l ->
                                        l.startsWith("-rwxr-x--- ") && l.contains(" 2026-11-27 23:59 logs/rotate.log")),
                        () -> String.join("\n", verbose)),
                () -> assertEquals(
                        "rw-r-----",
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(extracted.resolve("audit.log")))),
                () -> assertEquals(
                        "rwxr-x---",
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(extracted.resolve("rotate.log")))),
                () -> assertEquals(
                        Instant.parse("2026-11-01T08:15:42Z"),
                        Files.getLastModifiedTime(extracted.resolve("audit.log"))
                                .toInstant()),
                // whole seconds, like GNU tar's default format
                () -> assertEquals(
                        Instant.parse("2026-11-27T23:59:59Z"),
                        Files.getLastModifiedTime(extracted.resolve("rotate.log"))
                                .toInstant()));
    }

    @Test
    void linksDirectoriesSpecialAndTempFilesAreSkippedAndReported() throws Exception {
        Path logs = logs();
        Files.writeString(logs.resolve("app.log"), "kept\n");
        Path outside = Files.writeString(
                Files.createDirectories(tmp.resolve("elsewhere")).resolve("secret.txt"), "not a log\n");
        FileTime outsideTime = FileTime.from(Instant.parse("2026-10-01T00:00:00Z"));
        Files.setLastModifiedTime(outside, outsideTime);
        Files.createSymbolicLink(logs.resolve("linked.log"), outside);
        Files.createSymbolicLink(logs.resolve("dangling.log"), tmp.resolve("nowhere"));
        Files.writeString(Files.createDirectories(logs.resolve("old")).resolve("inner.log"), "not recursed\n");
        run(logs, "mkfifo", "pipe");
        Files.writeString(logs.resolve("app.log.20261127-000000.000.gz.tmp"), "half a compression");
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(logs.resolve("agent.sock")));

            ArchiveResult result = cut(5, 30).archive(logs);

            Path archive = archives().resolve(ARCHIVE);
            assertAll(
                    () -> assertEquals(List.of("logs/", "logs/app.log"), run(tmp, "tar", "-tzf", archive.toString())),
                    () -> assertEquals(1, result.files()),
                    () -> assertEquals(
                            List.of(
                                    "agent.sock: not a regular file (socket, fifo or device)",
                                    "app.log.20261127-000000.000.gz.tmp: temp file",
                                    "dangling.log: symbolic link, not followed",
                                    "linked.log: symbolic link, not followed",
                                    "old: directory, only the top level is archived",
                                    "pipe: not a regular file (socket, fifo or device)"),
                            result.skipped()),
                    () -> assertEquals("not a log\n", Files.readString(outside)),
                    () -> assertEquals(outsideTime, Files.getLastModifiedTime(outside)),
                    () -> assertTrue(Files.isSymbolicLink(logs.resolve("linked.log"))),
                    () -> assertTrue(Files.exists(logs.resolve("old/inner.log"))));
        }
    }

    @Test
    void refusesMissingLogDirectoryAndArchiveDirectoryInsideOrEqual() throws IOException {
        Path logs = logs();
        Path missing = tmp.resolve("no-such-logs");
        Path inside = logs.resolve("archives");
        Path viaLink = Files.createSymbolicLink(tmp.resolve("shortcut"), logs).resolve("archives");

        IllegalArgumentException noLogs =
                assertThrows(IllegalArgumentException.class, () -> cut(5, 30).archive(missing));
        IllegalArgumentException equal =
                assertThrows(IllegalArgumentException.class, () -> new LogArchiver(logs, CLOCK, 5, 30).archive(logs));
        IllegalArgumentException nested =
                assertThrows(IllegalArgumentException.class, () -> new LogArchiver(inside, CLOCK, 5, 30).archive(logs));
        IllegalArgumentException linked = assertThrows(
                IllegalArgumentException.class, () -> new LogArchiver(viaLink, CLOCK, 5, 30).archive(logs));
        assertAll(
                () -> assertEquals("Log directory " + missing + " does not exist.", noLogs.getMessage()),
                () -> assertEquals(
                        "Archive directory " + logs + " must be outside log directory " + logs + ".",
                        equal.getMessage()),
                () -> assertEquals(
                        "Archive directory " + inside + " must be outside log directory " + logs + ".",
                        nested.getMessage()),
                () -> assertEquals(
                        "Archive directory " + viaLink + " must be outside log directory " + logs + ".",
                        linked.getMessage()),
                () -> assertFalse(Files.exists(inside)),
                () -> assertFalse(Files.exists(archives())));
    }

    @Test
    void refusesRetentionBelowOne() {
        IllegalArgumentException keep = assertThrows(IllegalArgumentException.class, () -> cut(0, 30));
        IllegalArgumentException age = assertThrows(IllegalArgumentException.class, () -> cut(5, 0));
        assertAll(
                () -> assertEquals("The number of archives to keep must be at least 1, was 0.", keep.getMessage()),
                () -> assertEquals("The archive age limit must be at least 1 day, was 0.", age.getMessage()));
    }

    @Test
    void archivesWithinTheSameSecondGetASequenceInsteadOfOverwriting() throws Exception {
        Path logs = logs();
        Files.writeString(logs.resolve("app.log"), "first\n");
        LogArchiver cut = cut(5, 30);

        ArchiveResult first = cut.archive(logs);
        Files.writeString(logs.resolve("app.log"), "second\n");
        ArchiveResult second = cut.archive(logs);
        ArchiveResult third = cut.archive(logs);

        assertAll(
                () -> assertEquals(archives().resolve(ARCHIVE).toString(), first.archive()),
                () -> assertEquals(
                        archives()
                                .resolve("logs_archive_20261128_174329_1.tar.gz")
                                .toString(),
                        second.archive()),
                () -> assertEquals(
                        archives()
                                .resolve("logs_archive_20261128_174329_2.tar.gz")
                                .toString(),
                        third.archive()),
                () -> assertEquals(
                        List.of(
                                ARCHIVE,
                                "logs_archive_20261128_174329_1.tar.gz",
                                "logs_archive_20261128_174329_2.tar.gz"),
                        archiveDirectoryNames()),
                () -> assertEquals(
                        "first\n",
                        Files.readString(extract(Path.of(first.archive())).resolve("app.log"))),
                () -> assertEquals(
                        "second\n",
                        Files.readString(extract(Path.of(second.archive())).resolve("app.log"))));
    }

    @Test
    void sweepDeletesOnlyLeftoverTempArchives() throws Exception {
        Files.createDirectories(archives());
        Path leftover = Files.writeString(archives().resolve(".logs_archive_20261127_020000.tar.gz.tmp"), "partial");
        Path leftoverSeq = Files.writeString(archives().resolve(".logs_archive_20261127_020000_1.tar.gz.tmp"), "p");
        Files.writeString(archives().resolve("logs_archive_20261126_020000.tar.gz"), "complete");
        Files.writeString(archives().resolve(".other.tmp"), "not ours");
        Files.writeString(archives().resolve(".logs_archive_notes.tmp"), "not ours either");

        List<Path> swept = cut(5, 30).sweepLeftovers();

        assertAll(
                () -> assertEquals(List.of(leftover, leftoverSeq), swept),
                () -> assertEquals(
                        List.of(".logs_archive_notes.tmp", ".other.tmp", "logs_archive_20261126_020000.tar.gz"),
                        archiveDirectoryNames()),
                () -> assertEquals(List.of(), new LogArchiver(tmp.resolve("not-yet"), CLOCK, 5, 30).sweepLeftovers()));
    }

    @Test
    void failureWhileWritingLeavesNeitherArchiveNorTempFile() throws Exception {
        Path logs = logs();
        Files.write(logs.resolve("app.log"), random(200_000, 2));
        LogArchiver failing = new LogArchiver(archives(), CLOCK, 5, 30, failAfter(1000));

        IOException failure = assertThrows(IOException.class, () -> failing.archive(logs));
        List<String> afterFailure = archiveDirectoryNames();
        ArchiveResult retry = cut(5, 30).archive(logs);

        assertAll(
                () -> assertEquals("No space left on device", failure.getMessage()),
                () -> assertEquals(List.of(), afterFailure),
                () -> assertEquals(archives().resolve(ARCHIVE).toString(), retry.archive()),
                () -> assertEquals(List.of(ARCHIVE), archiveDirectoryNames()),
                () -> assertArrayEquals(
                        Files.readAllBytes(logs.resolve("app.log")),
                        Files.readAllBytes(extract(archives().resolve(ARCHIVE)).resolve("app.log"))));
    }

    static UnaryOperator<OutputStream> failAfter(long bytes) {
        return onceAfter(bytes, () -> {
            throw new IOException("No space left on device");
        });
    }

    interface Action {
        void run() throws IOException;
    }

    /** Runs {@code action} once, when more than {@code bytes} compressed bytes have reached the archive file. */
    static UnaryOperator<OutputStream> onceAfter(long bytes, Action action) {
        return out -> new FilterOutputStream(out) {
            long written;
            boolean done;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > bytes && !done) {
                    done = true;
                    action.run();
                }
                out.write(b, off, len);
            }
        };
    }

    @Test
    void logGrowingWhileArchivedIsArchivedAsItWasWhenItsEntryBegan() throws Exception {
        Path logs = logs();
        byte[] original = random(4 << 20, 4);
        Path active = Files.write(logs.resolve("a-active.log"), original);
        Files.writeString(logs.resolve("b-next.log"), "intact\n");
        LogArchiver cut = new LogArchiver(
                archives(),
                CLOCK,
                5,
                30,
                onceAfter(16 << 10, () -> Files.write(active, random(1 << 20, 5), StandardOpenOption.APPEND)));

        ArchiveResult result = cut.archive(logs);

        Path archive = archives().resolve(ARCHIVE);
        run(tmp, "gzip", "-t", archive.toString());
        Path extracted = extract(archive);
        assertAll(
                () -> assertEquals(5 << 20, Files.size(active)),
                () -> assertArrayEquals(original, Files.readAllBytes(extracted.resolve("a-active.log"))),
                () -> assertEquals("intact\n", Files.readString(extracted.resolve("b-next.log"))),
                () -> assertEquals(List.of("a-active.log"), result.changedWhileArchiving()),
                () -> assertEquals((4 << 20) + 7, result.uncompressedBytes()),
                () -> assertEquals(
                        List.of("logs/", "logs/a-active.log", "logs/b-next.log"),
                        run(tmp, "tar", "-tzf", archive.toString())));
    }

    @Test
    void logTruncatedWhileArchivedIsPaddedWithNewlinesAndTheArchiveStaysValid() throws Exception {
        Path logs = logs();
        byte[] original = random(4 << 20, 6);
        Path active = Files.write(logs.resolve("a-active.log"), original);
        Files.writeString(logs.resolve("b-next.log"), "intact\n");
        LogArchiver cut = new LogArchiver(archives(), CLOCK, 5, 30, onceAfter(16 << 10, () -> {
            try (FileChannel channel = FileChannel.open(active, StandardOpenOption.WRITE)) {
                channel.truncate(1 << 20);
            }
        }));

        ArchiveResult result = cut.archive(logs);

        Path archive = archives().resolve(ARCHIVE);
        run(tmp, "gzip", "-t", archive.toString());
        Path extracted = extract(archive);
        byte[] expected = Arrays.copyOf(original, 4 << 20);
        Arrays.fill(expected, 1 << 20, 4 << 20, (byte) '\n');
        assertAll(
                () -> assertArrayEquals(expected, Files.readAllBytes(extracted.resolve("a-active.log"))),
                () -> assertEquals("intact\n", Files.readString(extracted.resolve("b-next.log"))),
                () -> assertEquals(List.of("a-active.log"), result.changedWhileArchiving()));
    }

    Path existingArchive(String name, int size) throws IOException {
        return Files.write(Files.createDirectories(archives()).resolve(name), new byte[size]);
    }

    @Test
    void retentionKeepsTheNewestAndDeletesOnlyThoseAlsoTooOld() throws Exception {
        Path logs = logs();
        Files.writeString(logs.resolve("app.log"), "now\n");
        existingArchive("logs_archive_20261101_000000.tar.gz", 100);
        existingArchive("logs_archive_20261110_000000.tar.gz", 20);
        existingArchive("logs_archive_20261110_000000_1.tar.gz", 3);
        existingArchive("logs_archive_20261125_000000.tar.gz", 4000); // beyond keep, but only 3 days old
        existingArchive("logs_archive_20261126_000000.tar.gz", 50000);
        existingArchive("logs_archive_20261001_000000.tar.gz.bak", 1); // not an archive name
        existingArchive("notes.txt", 1);
        Path outside = Files.writeString(tmp.resolve("precious.tar.gz"), "not ours");
        Files.createSymbolicLink(archives().resolve("logs_archive_20261002_000000.tar.gz"), outside);

        ArchiveResult result = cut(2, 7).archive(logs);

        assertAll(
                () -> assertEquals(
                        List.of(
                                "logs_archive_20261101_000000.tar.gz",
                                "logs_archive_20261110_000000.tar.gz",
                                "logs_archive_20261110_000000_1.tar.gz"),
                        result.pruned()),
                () -> assertEquals(123, result.bytesFreed()),
                () -> assertEquals(
                        List.of(
                                "logs_archive_20261001_000000.tar.gz.bak",
                                "logs_archive_20261002_000000.tar.gz",
                                "logs_archive_20261125_000000.tar.gz",
                                "logs_archive_20261126_000000.tar.gz",
                                ARCHIVE,
                                "notes.txt"),
                        archiveDirectoryNames()),
                () -> assertEquals("not ours", Files.readString(outside)));
    }

    @Test
    void retentionKeepsTheNewestEvenWhenAllAreOld() throws Exception {
        Path logs = logs();
        Files.writeString(logs.resolve("app.log"), "now\n");
        existingArchive("logs_archive_20250101_000000.tar.gz", 10);
        existingArchive("logs_archive_20250102_000000.tar.gz", 10);
        existingArchive("logs_archive_20250103_000000_9.tar.gz", 10);
        existingArchive("logs_archive_20250103_000000_10.tar.gz", 10);

        ArchiveResult result = cut(3, 7).archive(logs);

        assertAll(
                // _10 is newer than _9 although it sorts before it by name
                () -> assertEquals(
                        List.of("logs_archive_20250101_000000.tar.gz", "logs_archive_20250102_000000.tar.gz"),
                        result.pruned()),
                () -> assertEquals(20, result.bytesFreed()),
                () -> assertEquals(
                        List.of(
                                "logs_archive_20250103_000000_10.tar.gz",
                                "logs_archive_20250103_000000_9.tar.gz",
                                ARCHIVE),
                        archiveDirectoryNames()));
    }

    @Test
    void archiveDirectoryIsCreatedAndTheNewArchiveIsAlwaysKept() throws Exception {
        Path logs = logs();
        Files.writeString(logs.resolve("app.log"), "now\n");
        Path nested = tmp.resolve("a/b/c");
        // A clock far in the past: the new archive is the oldest by name, yet never pruned.
        existingArchive("logs_archive_20991231_000000.tar.gz", 10);
        LogArchiver cut =
                new LogArchiver(archives(), Clock.fixed(Instant.parse("2001-01-01T00:00:00Z"), ZoneOffset.UTC), 1, 1);

        ArchiveResult result = cut.archive(logs);
        ArchiveResult created = new LogArchiver(nested, CLOCK, 1, 1).archive(logs);

        assertAll(
                () -> assertEquals(List.of(), result.pruned()),
                () -> assertEquals(
                        List.of("logs_archive_20010101_000000.tar.gz", "logs_archive_20991231_000000.tar.gz"),
                        archiveDirectoryNames()),
                () -> assertTrue(Files.isRegularFile(Path.of(created.archive()), LinkOption.NOFOLLOW_LINKS)),
                () -> assertEquals(nested.resolve(ARCHIVE).toString(), created.archive()));
    }
}
