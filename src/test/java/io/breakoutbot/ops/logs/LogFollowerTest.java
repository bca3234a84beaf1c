package io.breakoutbot.ops.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files, real renames and truncations: what {@code tail -F} would print, once each. */
class LogFollowerTest {

    @TempDir
    Path dir;

    LogFollower cut;

    @AfterEach
    void close() {
        if (cut != null) {
            cut.close();
        }
    }

    static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static String lines(String prefix, int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            b.append(prefix).append(i).append('\n');
        }
        return b.toString();
    }

    static List<String> texts(List<LogFollower.Line> lines) {
        return lines.stream().map(LogFollower.Line::text).toList();
    }

    static List<String> expected(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
    }

    @Test
    void filesThatExistAtStartAreFollowedFromTheirEndNewOnesFromTheirStart() throws IOException {
        Path old = dir.resolve("bot.log");
        append(old, "before 1\nbefore 2\nhalf a li");
        cut = new LogFollower(dir);

        append(old, "ne\nafter 1\n");
        append(dir.resolve("new.log"), "new 1\nnew 2\n");
        append(dir.resolve("notes.txt"), "not a log\n");

        assertEquals(
                List.of(
                        new LogFollower.Line("bot.log", "after 1"),
                        new LogFollower.Line("new.log", "new 1"),
                        new LogFollower.Line("new.log", "new 2")),
                cut.poll());
        assertEquals(List.of(), cut.poll());
    }

    @Test
    void aPartialLastLineWaitsForItsNewline() throws IOException {
        cut = new LogFollower(dir);
        Path log = dir.resolve("bot.log");
        append(log, "one\ntw");
        assertEquals(List.of("one"), texts(cut.poll()));
        append(log, "o and a ha");
        assertEquals(List.of(), cut.poll());
        append(log, "lf\r\nthree\n");
        assertEquals(List.of("two and a half", "three"), texts(cut.poll()));
    }

    @Test
    void renameRotationMidStreamLosesAndRepeatsNothing() throws IOException {
        cut = new LogFollower(dir);
        Path log = dir.resolve("bot.log");
        List<String> seen = new ArrayList<>();
        try (OutputStream writer = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            writer.write(lines("line ", 0, 100).getBytes(StandardCharsets.UTF_8));
            writer.write("line 10".getBytes(StandardCharsets.UTF_8));
            writer.flush();
            seen.addAll(texts(cut.poll()));
            // Renamed while the writer still holds it: what it writes before reopening goes to the old file.
            Files.move(log, dir.resolve("bot.log.1"));
            writer.write(("0\n" + lines("line ", 101, 150)).getBytes(StandardCharsets.UTF_8));
        }
        append(log, lines("line ", 150, 200));
        seen.addAll(texts(cut.poll()));
        append(log, lines("line ", 200, 220));
        seen.addAll(texts(cut.poll()));

        assertEquals(expected("line ", 0, 220), seen);
        assertEquals(1, cut.rotations());
        // The poll above found nothing new in it for the first time; it is closed at the last of DRAIN_POLLS.
        for (int i = 2; i < LogFollower.DRAIN_POLLS; i++) {
            assertEquals(List.of(), cut.poll());
        }
        assertEquals(2, cut.openFiles(), "the rotated file stays open for a writer that reopens late");
        assertEquals(List.of(), cut.poll());
        assertEquals(1, cut.openFiles(), "the rotated file is closed once drained");
    }

    @Test
    void aWriterThatAppendsToTheRenamedFileAfterItWasClosedIsReadOnOnce() throws IOException {
        cut = new LogFollower(dir);
        Path log = dir.resolve("bot.log");
        List<LogFollower.Line> seen = new ArrayList<>();
        // A plain FileHandler never reopens: after the rename it writes on to bot.log.1, now and then.
        try (OutputStream late = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            late.write(lines("line ", 0, 10).getBytes(StandardCharsets.UTF_8));
            late.flush();
            seen.addAll(cut.poll());
            Files.move(log, dir.resolve("bot.log.1"));
            append(log, lines("new ", 0, 3));
            seen.addAll(cut.poll());
            seen.addAll(cut.poll());
            late.write(lines("line ", 10, 12).getBytes(StandardCharsets.UTF_8)); // after two polls: still open
            late.flush();
            for (int i = 0; i <= LogFollower.DRAIN_POLLS + 1; i++) {
                seen.addAll(cut.poll());
            }
            assertEquals(1, cut.openFiles(), "the renamed file was closed");

            late.write(lines("line ", 12, 15).getBytes(StandardCharsets.UTF_8));
            late.write("line 1".getBytes(StandardCharsets.UTF_8));
            late.flush();
            seen.addAll(cut.poll());
            late.write("5\n".getBytes(StandardCharsets.UTF_8));
            late.flush();
            for (int i = 0; i <= LogFollower.DRAIN_POLLS + 1; i++) {
                seen.addAll(cut.poll());
            }
            // Closed again, then a last line much later.
            late.write(lines("line ", 16, 18).getBytes(StandardCharsets.UTF_8));
            late.flush();
        }
        append(log, lines("new ", 3, 5));
        seen.addAll(cut.poll());
        seen.addAll(cut.poll());

        List<LogFollower.Line> want = new ArrayList<>();
        expected("line ", 0, 10).forEach(t -> want.add(new LogFollower.Line("bot.log", t)));
        expected("new ", 0, 3).forEach(t -> want.add(new LogFollower.Line("bot.log", t)));
        expected("line ", 10, 18).forEach(t -> want.add(new LogFollower.Line("bot.log", t)));
        expected("new ", 3, 5).forEach(t -> want.add(new LogFollower.Line("bot.log", t)));
        assertEquals(want, seen, "every line once, under the name it was written to");
    }

    @Test
    void aClosedGenerationThatGrowsWithinItsTimeOfLastChangeIsReadOnNotAgain() throws IOException {
        // Coarse file times (a second, or two) can leave a late append with the time of the last one.
        cut = new LogFollower(dir);
        Path log = dir.resolve("bot.log");
        Path rotated = dir.resolve("bot.log.1");
        List<String> seen = new ArrayList<>();
        try (OutputStream late = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            late.write(lines("old ", 0, 5).getBytes(StandardCharsets.UTF_8));
            late.flush();
            seen.addAll(texts(cut.poll()));
            Files.move(log, rotated);
            for (int i = 0; i <= LogFollower.DRAIN_POLLS + 1; i++) {
                seen.addAll(texts(cut.poll()));
            }
            assertEquals(0, cut.openFiles(), "the renamed file was closed");
            var modified = Files.getLastModifiedTime(rotated);
            late.write(lines("old ", 5, 8).getBytes(StandardCharsets.UTF_8));
            late.flush();
            Files.setLastModifiedTime(rotated, modified);
        }
        append(log, lines("new ", 0, 3)); // beside a new file under the log's name
        for (int i = 0; i < 3; i++) {
            seen.addAll(texts(cut.poll()));
        }

        List<String> want = new ArrayList<>(expected("old ", 0, 8));
        want.addAll(expected("new ", 0, 3));
        assertEquals(want, seen, "read on from where it was closed, never again from its start");
    }

    @Test
    void aFileUnderAReusedIdentityIsNotReadOnAsTheOldOne() throws IOException {
        cut = new LogFollower(dir);
        Path log = dir.resolve("bot.log");
        append(log, lines("old ", 0, 5));
        assertEquals(expected("old ", 0, 5), texts(cut.poll()));
        Path rotated = dir.resolve("bot.log.1");
        Files.move(log, rotated);
        for (int i = 0; i <= LogFollower.DRAIN_POLLS + 1; i++) {
            assertEquals(List.of(), cut.poll());
        }
        // Rewritten in place, longer: the same identity, other bytes before the offset read to.
        try (var channel = java.nio.channels.FileChannel.open(rotated, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(lines("other ", 0, 9).getBytes(StandardCharsets.UTF_8)), 0);
        }
        assertEquals(List.of(), cut.poll(), "not the file that was read: a generation, not to be read");
    }

    @Test
    void theLogsAreTheFilesTheGlobsNameWithoutTheirGenerationsOrCompressedOnes() throws IOException {
        List<String> names = List.of(
                "bot-main.txt", "api.log", "other.log", "bot-main.txt.1", "bot-main.txt-20261204", "bot-old.txt.gz");
        for (String name : names) {
            append(dir.resolve(name), "before\n");
        }
        cut = new LogFollower(dir, List.of("bot-*.txt", "api.log"), LogFollower.DEFAULT_MAX_BYTES_PER_POLL);
        append(dir.resolve("bot-main.txt"), "bot 1\n");
        append(dir.resolve("api.log"), "api 1\n");
        for (String notFollowed : names.subList(2, names.size())) {
            append(dir.resolve(notFollowed), "not followed\n");
        }
        assertEquals(
                List.of(new LogFollower.Line("api.log", "api 1"), new LogFollower.Line("bot-main.txt", "bot 1")),
                cut.poll());
        String message = org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class,
                        () -> new LogFollower(dir, List.of("["), LogFollower.DEFAULT_MAX_BYTES_PER_POLL))
                .getMessage();
        assertEquals(
                "The glob '[' of the logs to follow cannot be read:", message.substring(0, message.indexOf(':') + 1));
    }

    @Test
    void severalRotationsBetweenTwoPollsAreReadInOrderOnce() throws IOException {
        Path log = dir.resolve("bot.log");
        append(log, "old\n");
        append(dir.resolve("bot.log.3"), "rotated before the start\n");
        cut = new LogFollower(dir);
        append(log, lines("a ", 0, 10));
        assertEquals(expected("a ", 0, 10), texts(cut.poll()));
        append(log, lines("a ", 10, 20));
        // Three rotations, as logrotate's numbered scheme does, before the next poll.
        for (int generation = 0; generation < 3; generation++) {
            for (int i = 2; i >= 1; i--) {
                Path from = dir.resolve("bot.log." + i);
                if (Files.exists(from)) {
                    Files.move(
                            from, dir.resolve("bot.log." + (i + 1)), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(log, dir.resolve("bot.log.1"));
            append(log, lines("g" + generation + " ", 0, 5));
        }

        List<String> seen = new ArrayList<>(texts(cut.poll()));
        seen.addAll(texts(cut.poll()));

        List<String> want = new ArrayList<>(expected("a ", 10, 20));
        want.addAll(expected("g0 ", 0, 5));
        want.addAll(expected("g1 ", 0, 5));
        want.addAll(expected("g2 ", 0, 5));
        assertEquals(want, seen);
    }

    @Test
    void aGenerationWrittenAndRotatedAfterTheRenameWasSeenIsReadOnce() throws IOException {
        // A handler that opens its file lazily (Python's delay=True) leaves the name empty after a rotation.
        cut = new LogFollower(dir);
        Path log = dir.resolve("bot.log");
        append(log, lines("a ", 0, 5));
        List<String> seen = new ArrayList<>(texts(cut.poll()));
        Files.move(log, dir.resolve("bot.log.1"));
        seen.addAll(texts(cut.poll()));
        // Created, written and rotated between two polls, while the name stays empty.
        append(log, lines("b ", 0, 5));
        Files.move(dir.resolve("bot.log.1"), dir.resolve("bot.log.2"));
        Files.move(log, dir.resolve("bot.log.1"));
        seen.addAll(texts(cut.poll()));
        append(log, lines("c ", 0, 5));
        for (int i = 0; i <= LogFollower.DRAIN_POLLS + 1; i++) {
            seen.addAll(texts(cut.poll()));
        }

        List<String> want = new ArrayList<>(expected("a ", 0, 5));
        want.addAll(expected("b ", 0, 5));
        want.addAll(expected("c ", 0, 5));
        assertEquals(want, seen, "every generation once");
        assertEquals(1, cut.openFiles(), "only bot.log stays open");
    }

    @Test
    void copytruncateStartsAgainAtTheStartAndTheCopyIsNotRead() throws IOException {
        Path log = dir.resolve("bot.log");
        cut = new LogFollower(dir);
        append(log, lines("x ", 0, 50));
        assertEquals(50, cut.poll().size());

        Files.copy(log, dir.resolve("bot.log.1"));
        try (var channel = java.nio.channels.FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        append(log, lines("y ", 0, 3));

        assertEquals(expected("y ", 0, 3), texts(cut.poll()));
        assertEquals(1, cut.truncations());
        assertEquals(List.of(), cut.poll());
    }

    @Test
    void aCopyMadeAfterTheLastPollIsNotReadWhenTheLogIsRenamedLater() throws IOException {
        Path log = dir.resolve("bot.log");
        cut = new LogFollower(dir);
        append(log, lines("x ", 0, 20));
        List<String> seen = new ArrayList<>(texts(cut.poll()));
        // copytruncate, then more lines, then a rename rotation, all between two polls.
        Files.copy(log, dir.resolve("bot.log.1"));
        try (var channel = java.nio.channels.FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        append(log, lines("y ", 0, 3));
        seen.addAll(texts(cut.poll()));
        Files.move(dir.resolve("bot.log.1"), dir.resolve("bot.log.2"));
        Files.move(log, dir.resolve("bot.log.1"));
        append(log, lines("z ", 0, 3));
        for (int i = 0; i <= LogFollower.DRAIN_POLLS + 1; i++) {
            seen.addAll(texts(cut.poll()));
        }

        List<String> want = new ArrayList<>(expected("x ", 0, 20));
        want.addAll(expected("y ", 0, 3));
        want.addAll(expected("z ", 0, 3));
        assertEquals(want, seen, "the copy's lines were read from the log before it was truncated");
    }

    @Test
    void aDeletedFileIsReadToItsEndThenClosed() throws IOException {
        Path log = dir.resolve("bot.log");
        cut = new LogFollower(dir);
        try (OutputStream writer = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            writer.write("kept 1\n".getBytes(StandardCharsets.UTF_8));
            writer.flush();
            assertEquals(List.of("kept 1"), texts(cut.poll()));
            writer.write("kept 2\nlast, no newline".getBytes(StandardCharsets.UTF_8));
            writer.flush();
            Files.delete(log);
        }
        assertEquals(List.of("kept 2"), texts(cut.poll()));
        assertEquals(List.of("last, no newline"), texts(cut.poll()), "the file is done with: its last line as it is");
        assertEquals(0, cut.openFiles());
    }

    @Test
    void aVeryLongLineIsCutAndCounted() throws IOException {
        cut = new LogFollower(dir);
        Path log = dir.resolve("bot.log");
        String longLine = "E".repeat(LogFollower.MAX_LINE_BYTES * 3);
        append(log, "short\n" + longLine.substring(0, 100_000));
        assertEquals(List.of("short"), texts(cut.poll()));
        append(log, longLine.substring(100_000) + "\nnext\n" + "F".repeat(LogFollower.MAX_LINE_BYTES + 1) + "\n");

        List<String> lines = texts(cut.poll());

        assertEquals(3, lines.size());
        assertEquals("E".repeat(LogFollower.MAX_LINE_BYTES), lines.get(0));
        assertEquals("next", lines.get(1));
        assertEquals("F".repeat(LogFollower.MAX_LINE_BYTES), lines.get(2));
        assertEquals(2, cut.cutLines());
    }

    @Test
    void aPollReadsAtMostItsBudgetAndTheRestNext() throws IOException {
        cut = new LogFollower(dir, 100);
        append(dir.resolve("bot.log"), lines("line ", 0, 100)); // 890 bytes
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            seen.addAll(texts(cut.poll()));
        }
        assertEquals(expected("line ", 0, 100), seen);
    }

    @Test
    void symbolicLinksAreNotFollowed(@TempDir Path outside) throws IOException {
        Path secret = outside.resolve("secret.log");
        append(secret, "");
        Files.createSymbolicLink(dir.resolve("link.log"), secret);
        cut = new LogFollower(dir);
        append(secret, "outside the directory\n");
        assertEquals(List.of(), cut.poll());
        assertEquals(0, cut.openFiles());
    }

    @Test
    void aDirectoryThatAppearsLaterIsFollowedFromItsStart() throws IOException {
        Path later = dir.resolve("later");
        cut = new LogFollower(later);
        assertEquals(List.of(), cut.poll());
        Files.createDirectories(later);
        append(later.resolve("bot.log"), "first\n");
        assertEquals(List.of("first"), texts(cut.poll()));
    }

    @Test
    void randomBurstsOfRotationsBetweenPollsLoseAndRepeatNothing() throws IOException {
        java.util.Random random = new java.util.Random(7);
        Path log = dir.resolve("bot.log");
        cut = new LogFollower(dir, 4096);
        List<String> seen = new ArrayList<>();
        int generations = 0;
        int written = 0;
        for (int step = 0; step < 300; step++) {
            int n = random.nextInt(20);
            append(log, lines("line ", written, written + n));
            written += n;
            if (random.nextInt(4) == 0) {
                for (int r = random.nextInt(3) + 1; r > 0; r--) {
                    for (int g = generations; g >= 1; g--) {
                        Files.move(dir.resolve("bot.log." + g), dir.resolve("bot.log." + (g + 1)));
                    }
                    Files.move(log, dir.resolve("bot.log.1"));
                    generations++;
                    int m = random.nextInt(5);
                    append(log, lines("line ", written, written + m));
                    written += m;
                }
            }
            if (random.nextBoolean()) {
                seen.addAll(texts(cut.poll()));
            }
        }
        for (int i = 0; i < 1000 && seen.size() < written; i++) {
            seen.addAll(texts(cut.poll()));
        }

        List<String> sorted = new ArrayList<>(seen);
        sorted.sort(java.util.Comparator.comparingInt(t -> Integer.parseInt(t.substring(5))));
        assertEquals(expected("line ", 0, written), sorted, "every line once, " + generations + " rotations");
    }
}
