package io.breakoutbot.ops.lifecycle;

import static io.breakoutbot.ops.lifecycle.LogFixture.DEFAULT_ORDER;
import static io.breakoutbot.ops.lifecycle.LogFixture.NOW;
import static io.breakoutbot.ops.lifecycle.LogFixture.NO_CAP;
import static io.breakoutbot.ops.lifecycle.LogFixture.daysAgo;
import static io.breakoutbot.ops.lifecycle.LogFixture.names;
import static io.breakoutbot.ops.lifecycle.LogFixture.rotatedAt;
import static io.breakoutbot.ops.lifecycle.LogFixture.write;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.PlainThreads;
import io.breakoutbot.ops.files.Deletion;
import io.breakoutbot.ops.files.SafeDelete;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens to planned files that changed between the scan and the delete. */
class SafeDeleteTest {

    @TempDir
    Path tmp;

    PlainThreads threads = new PlainThreads();
    Path logs;
    String generation;
    List<Deletion> plan;

    @BeforeEach
    void plannedForDeletion() throws IOException {
        logs = Files.createDirectories(tmp.resolve("logs"));
        write(logs, "api.log", 10, NOW.minusSeconds(3600));
        generation = rotatedAt(logs, "api.log", daysAgo(40), 100);
        List<LogFile> scanned = new LogScanner(List.of("*.log")).scan(logs);
        plan = SweepPlan.plan(scanned, new RetentionPolicy(10, 30, NO_CAP, DEFAULT_ORDER), NOW);
        assertEquals(
                List.of(generation), plan.stream().map(d -> d.file().name()).toList());
    }

    @Test
    void unchangedFileIsDeleted() throws IOException {
        SafeDelete.Outcome cut = SafeDelete.delete(logs, plan, threads);

        assertAll(
                () -> assertEquals(plan, cut.deleted()),
                () -> assertEquals(List.of(), cut.skipped()),
                () -> assertEquals(100, cut.bytesFreed()),
                () -> assertEquals(List.of("api.log"), names(logs)));
    }

    @Test
    void fileSwappedForALinkAfterTheScanIsSkippedAndNeitherLinkNorTargetDeleted() throws IOException {
        Path secret = write(Files.createDirectories(tmp.resolve("outside")), "secret.db", "precious\n", daysAgo(400));
        Files.delete(logs.resolve(generation));
        Path link = Files.createSymbolicLink(logs.resolve(generation), secret);

        SafeDelete.Outcome cut = SafeDelete.delete(logs, plan, threads);

        assertAll(
                () -> assertEquals(List.of(), cut.deleted()),
                () -> assertEquals(
                        List.of(generation
                                + ": no longer a regular file (a link or directory took its place); not deleted"),
                        cut.skipped()),
                () -> assertEquals(0, cut.bytesFreed()),
                () -> assertTrue(Files.isSymbolicLink(link)),
                () -> assertEquals(secret, Files.readSymbolicLink(link)),
                () -> assertEquals("precious\n", Files.readString(secret)),
                () -> assertEquals(FileTime.from(daysAgo(400)), Files.getLastModifiedTime(secret)));
    }

    @Test
    void fileRewrittenAsANewFileAfterTheScanIsSkipped() throws IOException {
        // written beside it and renamed over it, as an editor or a restore does: a new inode under the old name
        Path replacement = write(logs, "replacement.tmp", "written after the scan\n", daysAgo(40));
        Files.move(replacement, logs.resolve(generation), StandardCopyOption.ATOMIC_MOVE);

        SafeDelete.Outcome cut = SafeDelete.delete(logs, plan, threads);

        assertAll(
                () -> assertEquals(List.of(), cut.deleted()),
                () -> assertEquals(
                        List.of(generation + ": replaced by another file since the scan; not deleted"), cut.skipped()),
                () -> assertEquals("written after the scan\n", Files.readString(logs.resolve(generation))));
    }

    @Test
    void fileAlreadyGoneIsReportedNotFailed() throws IOException {
        Files.delete(logs.resolve(generation));

        SafeDelete.Outcome cut = SafeDelete.delete(logs, plan, threads);

        assertAll(
                () -> assertEquals(List.of(), cut.deleted()),
                () -> assertEquals(List.of(generation + ": already gone"), cut.skipped()),
                () -> assertEquals(List.of("api.log"), names(logs)));
    }

    @Test
    void aLargePlanIsDeletedOnSeveralThreadsWithTheSameChecksAndInPlanOrder() throws IOException {
        for (int i = 0; i < 2 * SafeDelete.PARALLEL_FROM; i++) {
            write(logs, String.format("bulk-%04d.log.20261001-000000.000", i), 10, daysAgo(40));
        }
        List<LogFile> scanned = new LogScanner(List.of("*.log")).scan(logs);
        List<Deletion> big = SweepPlan.plan(scanned, new RetentionPolicy(10, 30, NO_CAP, DEFAULT_ORDER), NOW);
        assertTrue(big.size() > SafeDelete.PARALLEL_FROM);
        // one file in the middle of the plan becomes a link to something outside after the scan
        String swapped = big.get(big.size() / 2).file().name();
        Path secret = write(Files.createDirectories(tmp.resolve("outside")), "secret.db", "precious\n", daysAgo(400));
        Files.delete(logs.resolve(swapped));
        Files.createSymbolicLink(logs.resolve(swapped), secret);

        SafeDelete.Outcome cut = SafeDelete.delete(logs, big, threads);

        List<Deletion> expected =
                big.stream().filter(d -> !d.file().name().equals(swapped)).toList();
        assertAll(
                () -> assertEquals(expected, cut.deleted(), "every other file, in the plan's order"),
                () -> assertEquals(
                        List.of(swapped
                                + ": no longer a regular file (a link or directory took its place); not deleted"),
                        cut.skipped()),
                () -> assertEquals(List.of("api.log", swapped), names(logs)),
                () -> assertEquals("precious\n", Files.readString(secret)),
                () -> assertEquals(
                        Collections.nCopies(4, "safe-delete"), threads.names(), "from the factory handed in"));
    }

    @Test
    void aSmallPlanStartsNoThread() throws IOException {
        SafeDelete.delete(logs, plan, threads);

        assertEquals(List.of(), threads.names());
    }
}
