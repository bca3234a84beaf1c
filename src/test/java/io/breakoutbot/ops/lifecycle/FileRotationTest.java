package io.breakoutbot.ops.lifecycle;

import static io.breakoutbot.ops.lifecycle.LogFixture.CLOCK;
import static io.breakoutbot.ops.lifecycle.LogFixture.DEFAULT_ORDER;
import static io.breakoutbot.ops.lifecycle.LogFixture.NOW;
import static io.breakoutbot.ops.lifecycle.LogFixture.NO_CAP;
import static io.breakoutbot.ops.lifecycle.LogFixture.names;
import static io.breakoutbot.ops.lifecycle.LogFixture.write;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.breakoutbot.ops.PlainThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotating another process's log file by rename or by copy and truncate. */
class FileRotationTest {

    @TempDir
    Path logs;

    Path bot;

    @BeforeEach
    void botLog() {
        bot = logs.resolve("bot.log");
    }

    static Object inode(Path file) throws IOException {
        return Files.getAttribute(file, "unix:ino");
    }

    @Test
    void renameKeepsTheModeOnTheNewEmptyFileAndMovesTheContentToTheGeneration() throws IOException {
        write(logs, "bot.log", "line one\nline two\n", NOW.minusSeconds(120));
        Files.setPosixFilePermissions(bot, PosixFilePermissions.fromString("rw-r-----"));
        Object writtenInode = inode(bot);

        Optional<Path> cut = FileRotation.rotate(bot, RotationMethod.RENAME, NOW);

        Path generation = logs.resolve("bot.log.20261128-030000.000");
        assertAll(
                () -> assertEquals(Optional.of(generation), cut),
                () -> assertEquals("line one\nline two\n", Files.readString(generation)),
                () -> assertEquals(writtenInode, inode(generation)),
                () -> assertEquals(0, Files.size(bot)),
                () -> assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(bot))),
                () -> assertEquals(List.of("bot.log", "bot.log.20261128-030000.000"), names(logs)));
    }

    @Test
    void copytruncateLeavesTheSameInodeEmptyAndCopiesTheContentToTheGeneration() throws IOException {
        write(logs, "bot.log", "line one\nline two\n", NOW.minusSeconds(120));
        Object writtenInode = inode(bot);

        Optional<Path> cut = FileRotation.rotate(bot, RotationMethod.COPYTRUNCATE, NOW);

        Path generation = logs.resolve("bot.log.20261128-030000.000");
        assertAll(
                () -> assertEquals(Optional.of(generation), cut),
                () -> assertEquals("line one\nline two\n", Files.readString(generation)),
                () -> assertEquals(writtenInode, inode(bot)),
                () -> assertEquals(0, Files.size(bot)),
                // no temp copy left behind
                () -> assertEquals(List.of("bot.log", "bot.log.20261128-030000.000"), names(logs)));
    }

    @Test
    void emptyOrMissingFileIsNotRotated() throws IOException {
        Files.createFile(bot);

        assertAll(
                () -> assertEquals(Optional.empty(), FileRotation.rotate(bot, RotationMethod.RENAME, NOW)),
                () -> assertEquals(
                        Optional.empty(), FileRotation.rotate(logs.resolve("gone.log"), RotationMethod.RENAME, NOW)),
                () -> assertEquals(List.of("bot.log"), names(logs)));
    }

    @Test
    void twoRotationsInOneSecondWriteTwoGenerationsEachWithItsOwnContent() throws IOException {
        Files.writeString(bot, "first\n");
        Optional<Path> first = FileRotation.rotate(bot, RotationMethod.RENAME, NOW);
        Files.writeString(bot, "second\n");
        Optional<Path> second = FileRotation.rotate(bot, RotationMethod.COPYTRUNCATE, NOW);

        assertAll(
                () -> assertEquals(Optional.of(logs.resolve("bot.log.20261128-030000.000")), first),
                () -> assertEquals(Optional.of(logs.resolve("bot.log.20261128-030000.001")), second),
                () -> assertEquals("first\n", Files.readString(logs.resolve("bot.log.20261128-030000.000"))),
                () -> assertEquals("second\n", Files.readString(logs.resolve("bot.log.20261128-030000.001"))),
                () -> assertEquals(
                        List.of("bot.log", "bot.log.20261128-030000.000", "bot.log.20261128-030000.001"), names(logs)));
    }

    @Test
    void rotationAfterTheClockJumpedBackIsNamedAfterTheNewestSoCountRuleStillDeletesTheTrulyOldest()
            throws IOException {
        write(logs, "bot.log.20261128-010000.000", "oldest\n", Instant.parse("2026-11-28T01:00:00Z"));
        write(logs, "bot.log.20261128-020000.000", "middle\n", Instant.parse("2026-11-28T02:00:00Z"));
        // the system clock went back a day: the writer's last line carries yesterday's time
        Instant dayEarlier = NOW.minus(Duration.ofDays(1));
        write(logs, "bot.log", "newest\n", dayEarlier.minusSeconds(60));

        Optional<Path> cut = FileRotation.rotate(bot, RotationMethod.RENAME, dayEarlier);
        SweepResult sweep = new LogLifecycle(
                        logs,
                        RotationRule.parseAll("*.log 10MB"),
                        Set.of(),
                        names -> List.of(),
                        false,
                        false,
                        CLOCK,
                        new PlainThreads())
                .sweep(new RetentionPolicy(2, 3650, NO_CAP, DEFAULT_ORDER), false);

        assertAll(
                () -> assertEquals(Optional.of(logs.resolve("bot.log.20261128-020000.001")), cut),
                () -> assertEquals(
                        List.of("bot.log.20261128-010000.000"),
                        sweep.removed().stream().map(RemovedFile::name).toList()),
                () -> assertEquals(
                        List.of("bot.log", "bot.log.20261128-020000.000", "bot.log.20261128-020000.001"), names(logs)),
                () -> assertEquals("middle\n", Files.readString(logs.resolve("bot.log.20261128-020000.000"))),
                () -> assertEquals("newest\n", Files.readString(logs.resolve("bot.log.20261128-020000.001"))),
                () -> assertEquals(
                        FileTime.from(dayEarlier.minusSeconds(60)),
                        Files.getLastModifiedTime(logs.resolve("bot.log.20261128-020000.001"))));
    }
}
