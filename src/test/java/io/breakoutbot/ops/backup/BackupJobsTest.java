package io.breakoutbot.ops.backup;

import static io.breakoutbot.ops.backup.BackupFixture.THREADS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.MutableClock;
import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.audit.AuditEntry;
import io.breakoutbot.ops.jobs.JobBusyException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the scheduler, the MXBean and opsctl see: audited runs, and a failure remembered until a success. */
class BackupJobsTest {

    @TempDir
    Path home;

    final List<AuditEntry> audited = java.util.Collections.synchronizedList(new ArrayList<>());
    final Audit audit = new Audit() {
        @Override
        public void record(AuditEntry entry) {
            audited.add(entry);
        }
    };
    final Clock clock = Clock.fixed(Instant.parse("2026-11-29T04:00:00Z"), ZoneOffset.UTC);

    @Test
    void aFailedBackupIsRememberedAndAuditedUntilOneSucceeds() throws Exception {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/positions.json"), "{}");
        Files.createDirectories(home.resolve("logs"));
        Files.writeString(home.resolve(".env"), "TOKEN=secret\n");
        Files.writeString(home.resolve("backups"), "a file where the backup directory should be");
        BackupJobs cut = new BackupJobs(new Backups(BackupFixture.settings(home), clock, THREADS), audit, clock);

        assertThrows(UncheckedIOException.class, () -> cut.backup("alice"));
        String failure = cut.lastFailure();
        assertAll(
                () -> assertTrue(failure.startsWith("the last backup failed: "), failure),
                () -> assertNull(cut.newestVerifiedAt()),
                () -> assertEquals("alice", audited.get(0).actor()),
                () -> assertTrue(
                        audited.get(0).outcome().startsWith("failure: "),
                        audited.get(0).outcome()));

        Files.delete(home.resolve("backups"));
        BackupRecord record = cut.backup("scheduler");
        assertAll(
                () -> assertTrue(record.verified()),
                () -> assertNull(cut.lastFailure(), "a verified backup clears the failure"),
                () -> assertEquals(Instant.parse("2026-11-29T04:00:00Z"), cut.newestVerifiedAt()),
                () -> assertEquals(
                        List.of("backup", "backup", "backup-retention"),
                        audited.stream().map(AuditEntry::action).toList()),
                () -> assertEquals("success", audited.get(1).outcome()));
    }

    @Test
    void aMissingSourceFailsTheBackupWritesNothingAndKeepsTheEarlierOnes() throws Exception {
        BackupFixture.tree(home);
        BackupJobs cut = new BackupJobs(new Backups(BackupFixture.settings(home), clock, THREADS), audit, clock);
        BackupRecord earlier = cut.backup("scheduler");
        List<String> before = listing(home.resolve("backups"));
        byte[] earlierBytes = Files.readAllBytes(home.resolve("backups").resolve(earlier.name()));
        Files.delete(home.resolve(".env"));

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> cut.backup("alice"));

        String why = "backup source " + home.resolve(".env") + " does not exist; nothing was written";
        assertAll(
                () -> assertTrue(e.getMessage().contains(why), e.getMessage()),
                () -> assertTrue(cut.lastFailure().startsWith("the last backup failed: "), cut.lastFailure()),
                () -> assertTrue(cut.lastFailure().contains(why), cut.lastFailure()),
                () -> assertTrue(cut.lastFailure().contains("trailing ? (.env?)"), cut.lastFailure()),
                () -> assertEquals(before, listing(home.resolve("backups")), "no archive, checksum or temp file"),
                () -> assertArrayEquals(
                        earlierBytes, Files.readAllBytes(home.resolve("backups").resolve(earlier.name()))),
                () -> assertTrue(
                        audited.get(audited.size() - 1).outcome().startsWith("failure: "),
                        audited.get(audited.size() - 1).outcome()));
    }

    static List<String> listing(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void runsNeverOverlapAndARefusedOneIsAuditedButIsNoFailureOfTheBackups() throws Exception {
        BackupFixture.tree(home);
        new Backups(BackupFixture.settings(home), clock, THREADS).backupNow();
        CountDownLatch inRestore = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BackupJobs cut = heldAtRestore(clock, inRestore, release, Duration.ofMillis(50));
        CompletableFuture<RestoreResult> restore =
                CompletableFuture.supplyAsync(() -> cut.restore("carol", BackupFixture.NAME, home.resolve("r"), false));
        assertTrue(inRestore.await(10, TimeUnit.SECONDS));

        JobBusyException busy = assertThrows(JobBusyException.class, () -> cut.backup("scheduler"));
        assertThrows(JobBusyException.class, () -> cut.drill("scheduler"));
        String whileRestoring = cut.running();
        int listed = cut.list().backups().size();
        release.countDown();
        assertAll(
                () -> assertEquals(
                        "Backup job 'restore since 2026-11-29T04:00:00Z' is still running, so 'backup' was"
                                + " not started; try again when it ends.",
                        busy.getMessage()),
                () -> assertEquals("restore since 2026-11-29T04:00:00Z", whileRestoring),
                () -> assertEquals(1, listed, "list never waits for a run"),
                () -> assertTrue(restore.get(10, TimeUnit.SECONDS).ok()),
                () -> assertEquals("", cut.running()),
                () -> assertNull(cut.lastFailure(), "busy is not broken"),
                () -> assertEquals(
                        "failure: " + busy.getMessage(), audited.get(0).outcome()),
                () -> assertEquals(
                        List.of("restore success"),
                        cut.lastRuns().stream()
                                .map(r -> r.job() + " " + r.outcome())
                                .toList(),
                        "a refusal is no run"));
    }

    @Test
    void aBackupAskedForWhileAShortJobRunsWaitsForItButATrimNeverWaits() throws Exception {
        BackupFixture.tree(home);
        MutableClock later = new MutableClock(Instant.parse("2026-11-29T04:00:00Z"));
        new Backups(BackupFixture.settings(home), later, THREADS).backupNow();
        later.advance(Duration.ofMinutes(1));
        CountDownLatch inRestore = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BackupJobs cut = heldAtRestore(later, inRestore, release, BackupJobs.BUSY_WAIT);
        CompletableFuture<RestoreResult> restore =
                CompletableFuture.supplyAsync(() -> cut.restore("carol", BackupFixture.NAME, home.resolve("r"), false));
        assertTrue(inRestore.await(10, TimeUnit.SECONDS));

        assertThrows(JobBusyException.class, () -> cut.trimLocal("scheduler", 1, Set.of(BackupFixture.NAME)));
        CompletableFuture<BackupRecord> backup = new CompletableFuture<>();
        Thread asking = new Thread(() -> backup.complete(cut.backup("alice")), "alice");
        asking.start();
        await("the backup waits for the restore").until(() -> asking.getState() == Thread.State.TIMED_WAITING);
        String whileWaiting = cut.running();
        release.countDown();

        BackupRecord record = backup.get(BackupJobs.BUSY_WAIT.toSeconds() + 10, TimeUnit.SECONDS);
        assertTrue(whileWaiting.startsWith("restore since"), whileWaiting);
        assertAll(
                () -> assertTrue(record.verified()),
                () -> assertTrue(Files.isRegularFile(home.resolve("backups").resolve(record.name()))),
                () -> assertTrue(restore.get(10, TimeUnit.SECONDS).ok()),
                () -> assertNull(cut.lastFailure()));
    }

    /** Jobs whose restore stops at its first write until {@code release}, after counting down {@code entered}. */
    private BackupJobs heldAtRestore(Clock at, CountDownLatch entered, CountDownLatch release, Duration busyWait) {
        return new BackupJobs(
                new Backups(
                        BackupFixture.settings(home), at, THREADS, BackupFixture.heldAtFirstWrite(entered, release)),
                audit,
                at,
                busyWait);
    }

    @Test
    void aRefusedNameIsAuditedButIsNoFailureOfTheBackups() {
        BackupJobs cut = new BackupJobs(new Backups(BackupFixture.settings(home), clock, THREADS), audit, clock);
        assertThrows(IllegalArgumentException.class, () -> cut.verify("bob", "../../etc/passwd"));
        assertAll(
                () -> assertNull(cut.lastFailure()),
                () -> assertEquals("verify", audited.get(0).action()),
                () -> assertTrue(
                        audited.get(0).outcome().startsWith("failure: "),
                        audited.get(0).outcome()));
    }
}
