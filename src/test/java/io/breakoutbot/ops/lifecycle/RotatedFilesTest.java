package io.breakoutbot.ops.lifecycle;

import static io.breakoutbot.ops.lifecycle.LogFixture.NOW;
import static io.breakoutbot.ops.lifecycle.LogFixture.write;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names of rotated generations: increasing, whatever names the directory already holds. */
class RotatedFilesTest {

    @TempDir
    Path logs;

    final MutableClock clock = new MutableClock(NOW);

    /** Takes the next name and creates the file, as a rotation does. */
    String rotate(RotatedFiles cut) throws IOException {
        Path next = cut.next(clock.instant());
        Files.writeString(next, "lines\n");
        return next.getFileName().toString();
    }

    @Test
    void aGenerationNamedInTheFutureDoesNotPullLaterNamesAfterIt() throws IOException {
        // A clock that was wrong at boot named one generation in 2100.
        write(logs, "errors.log.21000101-000000.000.gz", "from a wrong clock\n", NOW.minusSeconds(3600));
        RotatedFiles cut = new RotatedFiles(logs.resolve("errors.log"));

        String first = rotate(cut);
        clock.advance(Duration.ofSeconds(5));
        String second = rotate(cut);

        assertAll(
                () -> assertEquals("errors.log.20261128-030000.000", first),
                () -> assertEquals("errors.log.20261128-030005.000", second));
    }

    @Test
    void aNameFromTheFutureIsForgottenOnceItsFileIsGone() throws IOException {
        Path future = write(logs, "errors.log.21000101-000000.000", "x\n", NOW.minusSeconds(3600));
        RotatedFiles cut = new RotatedFiles(logs.resolve("errors.log"));
        rotate(cut);
        Files.delete(future);

        assertEquals("errors.log.20261128-030000.001", rotate(cut), "the name issued in memory goes on from the clock");
    }

    @Test
    void aThousandRotationsInOneSecondMoveOnToTheNextSecondInsteadOfFailing() throws IOException {
        RotatedFiles cut = new RotatedFiles(logs.resolve("general.log"));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1002; i++) {
            names.add(cut.next(clock.instant()).getFileName().toString()); // the names issued are remembered
        }

        assertAll(
                () -> assertEquals("general.log.20261128-030000.999", names.get(999)),
                () -> assertEquals("general.log.20261128-030001.000", names.get(1000)),
                () -> assertEquals("general.log.20261128-030001.001", names.get(1001)),
                () -> assertEquals(names.stream().sorted().toList(), names, "names keep increasing"));
    }

    @Test
    void aNameFromTheFutureWithItsSecondFullStillLeavesRotationWorking() throws IOException {
        // What the old naming left after a thousand rotations that followed a name from 2100.
        for (int seq = 0; seq < 1000; seq++) {
            Files.writeString(logs.resolve(String.format("general.log.21000101-000000.%03d", seq)), "x\n");
        }
        RotatedFiles cut = new RotatedFiles(logs.resolve("general.log"));

        assertEquals("general.log.20261128-030000.000", rotate(cut));
    }

    @Test
    void aClockThatStepsBackStillGetsIncreasingNames() throws IOException {
        RotatedFiles cut = new RotatedFiles(logs.resolve("api.log"));
        String before = rotate(cut);
        clock.advance(Duration.ofHours(-3));
        String after = rotate(cut);
        // Another instance (as FileRotation makes one per rotation) reads the newest name from the disk.
        clock.advance(Duration.ofMinutes(-10));
        String fromDisk = rotate(new RotatedFiles(logs.resolve("api.log")));

        assertAll(
                () -> assertEquals("api.log.20261128-030000.000", before),
                () -> assertEquals("api.log.20261128-030000.001", after),
                () -> assertEquals("api.log.20261128-030000.002", fromDisk));
    }

    @Test
    void aNameThatCannotBeCheckedFailsTheRotationInsteadOfTryingOthersForever() {
        RotatedFiles cut = new RotatedFiles(logs.resolve("x".repeat(240) + ".log"));

        IOException refused = assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> assertThrows(IOException.class, () -> cut.next(clock.instant())));
        assertTrue(refused.getMessage().contains("File name too long"), refused.getMessage());
    }

    @Test
    void namesFromAnotherClockAreTheOldestInAgeOrder() {
        List<String> orders = Stream.of(
                        "20261128-020000.000",
                        "21000101-000000.000",
                        "20261127-230000.004",
                        "20261399-000000.000",
                        "20261128-025959.999",
                        "21000101-000000.001")
                .sorted(RotatedFiles.ageOrder(NOW))
                .toList();

        assertEquals(
                List.of(
                        "20261399-000000.000",
                        "21000101-000000.000",
                        "21000101-000000.001",
                        "20261127-230000.004",
                        "20261128-020000.000",
                        "20261128-025959.999"),
                orders);
    }

    @Test
    void aNameAFewDaysAheadIsStillThisClocksAfterAStepBack() {
        assertAll(
                () -> assertTrue(RotatedFiles.fromAnotherClock("21000101-000000.000", NOW)),
                () -> assertTrue(RotatedFiles.fromAnotherClock("20261399-000000.000", NOW), "not a date at all"),
                () -> assertFalse(RotatedFiles.fromAnotherClock("20261130-030000.000", NOW)),
                () -> assertFalse(RotatedFiles.fromAnotherClock("20200101-000000.000", NOW)));
    }
}
