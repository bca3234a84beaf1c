package io.breakoutbot.ops.logs;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.rolling.RollingPolicyBase;
import ch.qos.logback.core.rolling.RolloverFailure;
import ch.qos.logback.core.rolling.TriggeringPolicyBase;
import ch.qos.logback.core.status.Status;
import io.breakoutbot.ops.PlainThreads;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes that fail part-way, as on a full disk, injected under a real file. */
class SegmentFileTest {

    static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String ENOSPC = "No space left on device";

    @TempDir
    Path dir;

    final LoggerContext context = new LoggerContext();
    final Disk disk = new Disk();
    SegmentFile cut;
    int logged;

    /** Free bytes shared by every file opened through it; a write beyond them is written in part, then fails. */
    static final class Disk {
        long free = Long.MAX_VALUE;
        boolean truncateFails;

        RandomAccessFile open(Path file) throws IOException {
            return new RandomAccessFile(file.toFile(), "rw") {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (len <= free) {
                        super.write(b, off, len);
                        free -= len;
                        return;
                    }
                    super.write(b, off, (int) free);
                    free = 0;
                    throw new IOException(ENOSPC);
                }

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void setLength(long newLength) throws IOException {
                    if (truncateFails) {
                        throw new IOException("Input/output error");
                    }
                    free += Math.max(0, length() - newLength);
                    super.setLength(newLength);
                }
            };
        }
    }

    @AfterEach
    void stop() {
        if (cut != null) {
            cut.stop();
        }
    }

    void start() {
        cut = LogPipeline.file(
                context,
                new LogSettings(dir, Level.INFO, 1 << 20, 5, false, 1024, false, 7),
                LogSegment.GENERAL,
                new AtomicInteger(5),
                CLOCK,
                new PlainThreads(),
                new io.breakoutbot.ops.lifecycle.RotationFailures(),
                disk::open);
    }

    void log(String message) {
        LoggingEvent e = new LoggingEvent(
                SegmentFileTest.class.getName(),
                context.getLogger("io.breakoutbot.ops.lifecycle.Writer"),
                Level.INFO,
                message,
                null,
                null);
        e.setTimeStamp(NOW.toEpochMilli() + logged++);
        e.setThreadName("writer");
        e.setMDCPropertyMap(java.util.Map.of());
        cut.doAppend(e);
    }

    List<String> lines() throws IOException {
        return lines(dir.resolve("general.log"));
    }

    static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    static String message(String line) {
        try (JsonReader reader = Json.createReader(new StringReader(line))) {
            return reader.readObject().getString("message");
        } catch (JsonException e) {
            return "<not JSON>";
        }
    }

    List<String> messages() throws IOException {
        return lines().stream().map(SegmentFileTest::message).toList();
    }

    boolean errorReported(String text) {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .anyMatch(s -> s.getLevel() == Status.ERROR && s.getMessage().contains(text));
    }

    @Test
    void aWriteThatFailsPartWayIsCutBackAndWrittenWholeOnceThereIsSpace() throws IOException {
        start();
        log("one");
        log("two");
        cut.flush();
        long whole = Files.size(dir.resolve("general.log"));

        disk.free = 100;
        log("three, which does not fit");
        cut.flush();

        assertAll(
                () -> assertEquals(whole, Files.size(dir.resolve("general.log")), "cut back to the last whole line"),
                () -> assertEquals(List.of("one", "two"), messages()),
                () -> assertEquals(Optional.of(new WriteFailure("general.log", ENOSPC, NOW, 0)), cut.writeFailure()),
                () -> assertTrue(errorReported("Cannot write " + dir.resolve("general.log") + ": " + ENOSPC)));

        log("four, while the disk is still full");
        cut.flush();
        assertEquals(whole, Files.size(dir.resolve("general.log")));

        disk.free = Long.MAX_VALUE;
        log("five, after space came back");
        cut.flush();
        assertAll(
                () -> assertEquals(
                        List.of(
                                "one",
                                "two",
                                "three, which does not fit",
                                "four, while the disk is still full",
                                "five, after space came back"),
                        messages(),
                        "no line lost, none cut"),
                () -> assertEquals(Optional.empty(), cut.writeFailure()));
    }

    @Test
    void whenCuttingBackFailsTooTheCutLineStaysAloneAndTheNextStartsOnANewLine() throws IOException {
        start();
        log("one");
        cut.flush();
        disk.free = 100;
        disk.truncateFails = true;
        log("two, cut");
        cut.flush();
        assertEquals(2, lines().size(), "the cut line is on disk");

        disk.free = Long.MAX_VALUE;
        log("three");
        cut.flush();

        List<String> lines = lines();
        assertAll(
                () -> assertEquals(List.of("one", "<not JSON>", "two, cut", "three"), messages()),
                () -> assertEquals(100, lines.get(1).getBytes(StandardCharsets.UTF_8).length, "the cut line, alone"),
                () -> assertEquals(
                        List.of("three", "two, cut", "one"),
                        new LogSearch(dir, CLOCK, "0123456789abcdef-test-secret".getBytes(StandardCharsets.UTF_8))
                                .search(LogQuery.newest(10)).entries().stream()
                                        .map(LogEntry::message)
                                        .toList(),
                        "a search skips the cut line and loses none of its neighbours"));
    }

    @Test
    void aFileThatEndsInTheMiddleOfALineIsContinuedOnANewOne() throws IOException {
        Files.writeString(
                dir.resolve("general.log"),
                "{\"message\":\"whole\"}\n{\"timestamp\":\"2026-12-04T09:59:59.000Z\",\"lev");
        start();
        log("after the crash");
        cut.flush();

        assertEquals(List.of("whole", "<not JSON>", "after the crash"), messages());
    }

    @Test
    void linesBeyondWhatMayWaitAreDroppedAndCountedAndTheRestWrittenWhenTriedAgain() throws IOException {
        start();
        disk.free = 0;
        int count = 3000;
        for (int i = 0; i < count; i++) {
            log("line " + i + " " + "x".repeat(40));
        }
        cut.flush();
        long lost = cut.writeFailure().orElseThrow().linesLost();
        assertTrue(lost > 0 && lost < count, lost + " lost");
        assertEquals(
                Optional.of(new WriteFailure("general.log", ENOSPC, NOW, lost)),
                cut.writeFailure(),
                "tried again, still full");

        disk.free = Long.MAX_VALUE;
        assertEquals(Optional.empty(), cut.writeFailure(), "tried again without a new line, and written");

        List<String> expected = IntStream.range(0, (int) (count - lost))
                .mapToObj(i -> "line " + i + " " + "x".repeat(40))
                .toList();
        assertAll(
                () -> assertEquals(expected, messages(), "the oldest lines waited, the newest were dropped"),
                () -> assertTrue(context.getStatusManager().getCopyOfStatusList().stream()
                        .anyMatch(s -> s.getMessage().contains(lost + " lines were lost"))));
    }

    @Test
    void aFileThatCannotBeOpenedIsTriedAgain() throws IOException {
        Path file = dir.resolve("general.log");
        Files.createDirectory(file); // stands for a directory that refuses a new file
        start();
        log("waits");
        cut.flush();
        assertEquals(
                file.getFileName().toString(), cut.writeFailure().orElseThrow().file());

        Files.delete(file);
        assertEquals(Optional.empty(), cut.writeFailure());
        assertEquals(List.of("waits"), messages());
    }

    @Test
    void linesThatWaitAtARotationGoToTheNewFile() throws IOException {
        start();
        log("one");
        cut.flush();
        disk.free = 0;
        log("two, waiting");
        cut.flush();

        assertEquals(Optional.empty(), cut.rotate(), "a rename needs no space");
        disk.free = Long.MAX_VALUE;
        log("three");
        cut.flush();

        List<Path> generations;
        try (var files = Files.list(dir)) {
            generations = files.filter(p -> p.getFileName().toString().startsWith("general.log."))
                    .toList();
        }
        assertAll(
                () -> assertEquals(1, generations.size(), generations::toString),
                () -> assertEquals(
                        List.of("one"),
                        lines(generations.get(0)).stream()
                                .map(SegmentFileTest::message)
                                .toList()),
                () -> assertEquals(List.of("two, waiting", "three"), messages()));
    }

    @Test
    void linesStillWaitingAtTheEndAreReportedLost() throws IOException {
        start();
        log("one");
        cut.flush();
        disk.free = 0;
        log("two");
        log("three");
        cut.stop();

        assertAll(
                () -> assertEquals(List.of("one"), messages()),
                () -> assertTrue(errorReported("general.log was closed with 2 lines that could not be written")));
    }

    /** A rotation that cannot rename the file, as when the name is taken. */
    static final class RefusingRotation extends RollingPolicyBase {
        @Override
        public void rollover() throws RolloverFailure {
            throw new RolloverFailure("Cannot rotate " + getActiveFileName() + ": the name is taken");
        }

        @Override
        public String getActiveFileName() {
            return getParentsRawFileProperty();
        }
    }

    @Test
    void aRotationThatFailsSaysWhyAndTheFileIsWrittenOn() throws IOException {
        cut = new SegmentFile(dir.resolve("general.log"), CLOCK, disk::open);
        cut.setContext(context);
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        cut.setEncoder(encoder);
        RefusingRotation rotation = new RefusingRotation();
        rotation.setContext(context);
        rotation.setParent(cut);
        rotation.start();
        cut.setRollingPolicy(rotation);
        TriggeringPolicyBase<ILoggingEvent> never = new TriggeringPolicyBase<>() {
            @Override
            public boolean isTriggeringEvent(File activeFile, ILoggingEvent event) {
                return false;
            }
        };
        never.start();
        cut.setTriggeringPolicy(never);
        cut.start();
        log("before");

        Optional<String> failure = cut.rotate();
        log("after");
        cut.flush();

        assertAll(
                () -> assertEquals(
                        Optional.of("Cannot rotate " + dir.resolve("general.log") + ": the name is taken"), failure),
                () -> assertEquals(List.of("before", "after"), messages()));
    }

    @Test
    void everyLineOfAFileThatFailsNowAndThenIsWholeAndInOrder() throws IOException {
        start();
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            // Space comes and goes by a few bytes at a time, so writes stop at every offset of a line.
            disk.free = i % 3 == 0 ? 37L * i : Long.MAX_VALUE;
            String message = "event " + i;
            log(message);
            written.add(message);
            if (i % 5 == 0) {
                cut.flush();
            }
        }
        disk.free = Long.MAX_VALUE;
        cut.flush();

        assertEquals(written, messages());
    }
}
