package io.breakoutbot.ops.logs;

import static io.breakoutbot.ops.logs.LogSearchTest.T;
import static io.breakoutbot.ops.logs.LogSearchTest.messages;
import static io.breakoutbot.ops.logs.LogSearchTest.query;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ch.qos.logback.classic.Level;
import io.breakoutbot.ops.lifecycle.GenerationSummary;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActiveCountsTest {
    @TempDir
    Path dir;

    @Test
    void anActiveFileTruncatedAndRegrownInPlaceIsCountedAgain() throws Exception {
        LogSearchTest h = new LogSearchTest();
        h.dir = dir;
        for (int i = 0; i < 50; i++) {
            h.log(T.plusMillis(i), Level.INFO, "api", "api " + i);
        }
        LogSearch cut = new LogSearch(dir, LogSearchTest.CLOCK, ZoneOffset.UTC, LogSearchTest.SECRET);
        LogQuery warn = query(Set.of("WARN"), Set.of("api"), null, null, null, 100);
        assertEquals(List.of(), messages(cut.search(warn)));
        // Same inode, emptied (an operator's "> api.log", or a new file on a reused inode), then written on.
        try (FileChannel c = FileChannel.open(dir.resolve("api.log"), StandardOpenOption.WRITE)) {
            c.truncate(0);
        }
        h.log(T.plusMillis(100), Level.WARN, "api", "after the truncation");
        for (int i = 0; i < 60; i++) {
            h.log(T.plusMillis(200 + i), Level.INFO, "api", "more " + i);
        }
        assertEquals(List.of("after the truncation"), messages(cut.search(warn)));
    }

    @Test
    void anActiveFileEmptiedAndRegrownToTheSameSizeIsCountedAgain() throws Exception {
        LogSearchTest h = new LogSearchTest();
        h.dir = dir;
        h.log(T, Level.INFO, "api", "line one");
        LogSearch cut = new LogSearch(dir, LogSearchTest.CLOCK, ZoneOffset.UTC, LogSearchTest.SECRET);
        LogQuery warn = query(Set.of("WARN"), Set.of("api"), null, null, null, 100);
        assertEquals(List.of(), messages(cut.search(warn)));
        long size = Files.size(dir.resolve("api.log"));
        try (FileChannel c = FileChannel.open(dir.resolve("api.log"), StandardOpenOption.WRITE)) {
            c.truncate(0);
        }
        h.log(T.plusMillis(1), Level.WARN, "api", "line one");
        assertEquals(size, Files.size(dir.resolve("api.log")));
        assertEquals(List.of("line one"), messages(cut.search(warn)));
    }

    @Test
    void aLargeActiveFileIsCountedAStepPerSearchAndReadUntilCountedWhole() throws Exception {
        LogSearchTest h = new LogSearchTest();
        h.dir = dir;
        for (int i = 0; i < 200; i++) {
            h.log(T.plusMillis(i), Level.INFO, "api", "api " + i);
        }
        Path file = dir.resolve("api.log");
        long size = Files.size(file);
        Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        ActiveCounts cut = new ActiveCounts(size / 4);

        List<GenerationSummary> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(cut.of(LogSegment.API, file, key, size));
        }

        assertAll(
                () -> assertNull(calls.get(0), "not counted whole: the search reads the file"),
                () -> assertNull(calls.get(2)),
                () -> assertEquals(200, calls.get(5).lines()),
                () -> assertEquals(Map.of("INFO", 200L), calls.get(5).levels()),
                () -> assertEquals(size, calls.get(5).bytes()));
    }

    @Test
    void theCountedPartOfAnActiveFileInTheEncodersFormIsKnownBeforeTheWholeFileIsCounted() throws Exception {
        LogSearchTest h = new LogSearchTest();
        h.dir = dir;
        for (int i = 0; i < 40; i++) {
            h.log(T.plusMillis(i), Level.INFO, "api", "api " + i);
        }
        Path file = dir.resolve("api.log");
        Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        long size = Files.size(file);
        ActiveCounts cut = new ActiveCounts(size / 2);

        assertNull(cut.of(LogSegment.API, file, key, size), "half counted: no summary yet");
        long half = cut.prefixedBytes(LogSegment.API, key);
        GenerationSummary whole = cut.of(LogSegment.API, file, key, size);
        assertAll(
                () -> assertEquals('\n', Files.readAllBytes(file)[(int) half - 1], "up to a line's end"),
                () -> assertEquals(true, half >= size / 2 && half < size, "about the step: " + half),
                () -> assertEquals(size, cut.prefixedBytes(LogSegment.API, key)),
                () -> assertEquals(true, whole.allPrefixed()),
                () -> assertEquals(0, cut.prefixedBytes(LogSegment.API, "another file")));

        // Another writer's line, spaced otherwise: the file is no longer all in the encoder's form.
        Files.writeString(
                file,
                "{ \"timestamp\": \"2026-11-28T17:00:01Z\", \"level\": \"WARN\", \"component\": \"api\" }\n",
                StandardOpenOption.APPEND);
        GenerationSummary after = cut.of(LogSegment.API, file, key, Files.size(file));
        assertAll(
                () -> assertEquals(40, after.prefixed()),
                () -> assertEquals(41, after.lines()),
                () -> assertEquals(0, cut.prefixedBytes(LogSegment.API, key)));
    }
}
