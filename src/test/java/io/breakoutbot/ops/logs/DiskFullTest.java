package io.breakoutbot.ops.logs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import io.breakoutbot.ops.PlainThreads;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * A real full disk: a small tmpfs, mounted for the test, so writes fail with ENOSPC part-way through as
 * they do in production. Needs root (CI runs as root); skipped where mounting is not allowed.
 */
class DiskFullTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path temp;

    Path disk;
    boolean mounted;
    LoggerContext context = new LoggerContext();
    LogPipeline cut;

    @BeforeEach
    void mount() throws IOException, InterruptedException {
        disk = Files.createDirectory(temp.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", disk.toString())
                .redirectErrorStream(true)
                .start();
        String said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
        assumeTrue(mounted, () -> "cannot mount a tmpfs here (needs root): " + said.strip());
    }

    @AfterEach
    void unmount() throws IOException, InterruptedException {
        MDC.clear();
        if (cut != null) {
            cut.stop();
        }
        if (mounted) {
            Process umount =
                    new ProcessBuilder("umount", disk.toString()).inheritIO().start();
            assertTrue(umount.waitFor(30, TimeUnit.SECONDS) && umount.exitValue() == 0, "umount " + disk);
        }
    }

    /** Fills what is left of the file system; returns the file to delete to give the space back. */
    Path fill() throws IOException {
        Path filler = disk.resolve("filler");
        byte[] block = new byte[512];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            assertTrue(String.valueOf(full.getMessage()).contains("No space left on device"), full.toString());
        }
        return filler;
    }

    List<String> lines(String file) throws IOException {
        return Files.readAllLines(disk.resolve(file), StandardCharsets.UTF_8);
    }

    static boolean isJson(String line) {
        try (JsonReader reader = Json.createReader(new StringReader(line))) {
            reader.readObject();
            return true;
        } catch (JsonException e) {
            return false;
        }
    }

    @Test
    void aFullDiskLeavesNoCutLineThatTheNextWriteExtends() throws IOException {
        context.setMDCAdapter(MDC.getMDCAdapter());
        cut = LogPipeline.start(
                context,
                new LogSettings(disk, Level.INFO, 1 << 20, 5, false, 1024, false, 7),
                CLOCK,
                new PlainThreads());
        Logger log = context.getLogger("io.breakoutbot.ops.lifecycle.Writer");
        log.info("before the disk filled");
        await().atMost(Duration.ofSeconds(10)).until(() -> lines("general.log").size() == 1);

        Path filler = fill();
        // More than the last page of general.log can take: the kernel writes part of it, then says ENOSPC.
        for (int i = 0; i < 60; i++) {
            log.info("while full {} {}", i, "x".repeat(100));
        }
        // The writer thread has met the full disk once logback's status says so.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> context.getStatusManager().getCopyOfStatusList().stream()
                        .anyMatch(s -> s.getLevel() == Status.ERROR
                                && String.valueOf(s.getMessage()).contains("general.log")));
        long sizeWhileFull = Files.size(disk.resolve("general.log"));
        List<WriteFailure> whileFull = cut.writeFailures();
        Files.delete(filler);
        List<String> after = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String message = "after the space came back " + after.size();
            after.add(message);
            log.info(message);
            return Files.readString(disk.resolve("general.log")).contains("after the space came back");
        });
        List<WriteFailure> afterwards = cut.writeFailures();
        cut.stop();
        cut = null;

        List<String> written = lines("general.log");
        List<String> found = new LogSearch(disk, CLOCK, "0123456789abcdef-test-secret".getBytes(StandardCharsets.UTF_8))
                .search(LogQuery.newest(1000)).entries().stream()
                        .map(LogEntry::message)
                        .toList();
        assertAll(
                () -> assertEquals(
                        List.of("general.log"),
                        whileFull.stream().map(WriteFailure::file).toList()),
                () -> assertEquals("No space left on device", whileFull.get(0).reason()),
                () -> assertEquals(List.of(), afterwards, "recovered"),
                () -> assertEquals(
                        List.of(),
                        IntStream.range(0, 60)
                                .mapToObj(i -> "while full " + i + " " + "x".repeat(100))
                                .filter(m -> !found.contains(m))
                                .toList(),
                        "lines logged while the disk was full waited"),
                () -> assertEquals(
                        List.of(),
                        written.stream().filter(l -> !isJson(l)).toList(),
                        "every line is one JSON object (" + sizeWhileFull + " bytes while full)"),
                () -> assertEquals("before the disk filled", found.get(found.size() - 1)),
                () -> assertTrue(
                        found.contains(after.get(after.size() - 1)), "the last line logged is found: " + found),
                () -> assertEquals(written.size(), found.size(), "every line on disk is found"));
    }
}
