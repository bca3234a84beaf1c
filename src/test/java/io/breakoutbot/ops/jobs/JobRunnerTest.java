package io.breakoutbot.ops.jobs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.MutableClock;
import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.audit.AuditEntry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One component's jobs: one at a time, refused with a sentence, audited and recorded, on a clock the test moves. */
class JobRunnerTest {

    static final Instant NOW = Instant.parse("2026-11-29T04:00:00Z");
    static final String REFUSED = "Backup job 'restore since 2026-11-29T04:00:00Z' is still running, so 'backup' was"
            + " not started; try again when it ends.";

    final MutableClock clock = new MutableClock(NOW);
    final List<AuditEntry> audited = new CopyOnWriteArrayList<>();
    final List<RunRecord> finished = new CopyOnWriteArrayList<>();
    final JobRunner cut = new JobRunner(
            running -> "Backup job '" + running.job() + " since " + running.since() + "'",
            new Audit() {
                @Override
                public void record(AuditEntry entry) {
                    audited.add(entry);
                }
            },
            clock,
            finished::add);

    final CountDownLatch holding = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    /**
     * A thread for each task that holds or waits: with one common-pool worker (two cores) Java 17 still gave
     * each async task a thread, but Java 25 queues the second behind the first, which never ends.
     */
    final Executor ownThread = task -> new Thread(task, "job-runner-test").start();

    @AfterEach
    void releaseTheHolder() {
        release.countDown(); // never leave a blocked job behind a failed assertion
    }

    static JobRunner.Request request(String job, String actor) {
        return new JobRunner.Request(job, actor, "/var/backups", Map.of());
    }

    /** A restore that holds the runner until the test lets it go. */
    CompletableFuture<String> holdWithRestore() throws InterruptedException {
        CompletableFuture<String> restore = CompletableFuture.supplyAsync(
                () -> cut.run(
                        request("restore", "carol"),
                        Duration.ZERO,
                        () -> {
                            holding.countDown();
                            try {
                                assertTrue(release.await(30, TimeUnit.SECONDS), "the test never released the restore");
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                            return "restored";
                        },
                        r -> JobRunner.Outcome.success(r)),
                ownThread);
        assertTrue(holding.await(10, TimeUnit.SECONDS), "the restore did not start");
        return restore;
    }

    @Test
    void aJobThatCannotStartIsRefusedWithTheRunningJobsNameAndNeverRuns() throws Exception {
        CompletableFuture<String> restore = holdWithRestore();
        boolean[] ran = {false};

        JobBusyException refused = assertThrows(
                JobBusyException.class,
                () -> cut.run(
                        request("backup", "scheduler"),
                        Duration.ZERO,
                        () -> ran[0] = true,
                        r -> JobRunner.Outcome.success("")));
        Optional<JobRunner.Running> whileRefused = cut.running();
        List<RunRecord> runsWhileRefused = cut.lastRuns();
        release.countDown();
        restore.get(10, TimeUnit.SECONDS);

        assertAll(
                () -> assertEquals(REFUSED, refused.getMessage()),
                () -> assertFalse(ran[0]),
                () -> assertEquals(Optional.of(new JobRunner.Running("restore", NOW)), whileRefused),
                () -> assertEquals(List.of(), runsWhileRefused, "a refused run is not a run"),
                () -> assertEquals(
                        new AuditEntry("scheduler", "backup", "/var/backups", Map.of(), "failure: " + REFUSED),
                        audited.get(0)),
                () -> assertEquals(Optional.empty(), cut.running()),
                () -> assertEquals(
                        List.of("restore"),
                        cut.lastRuns().stream().map(RunRecord::job).toList()));
    }

    @Test
    void aJobThatWaitsLongEnoughStartsWhenTheRunningOneEnds() throws Exception {
        CompletableFuture<String> restore = holdWithRestore();
        List<String> order = new CopyOnWriteArrayList<>();
        Thread[] waiter = new Thread[1];
        CompletableFuture<String> backup = CompletableFuture.supplyAsync(
                () -> {
                    waiter[0] = Thread.currentThread();
                    return cut.run(
                            request("backup", "scheduler"),
                            Duration.ofSeconds(30),
                            () -> {
                                order.add("backup started");
                                return "written";
                            },
                            r -> JobRunner.Outcome.success(r));
                },
                ownThread);

        // it waits for the restore, not for anything else, before the restore is let go
        await().atMost(Duration.ofSeconds(10))
                .until(() -> waiter[0] != null
                        && waiter[0].getState() == Thread.State.TIMED_WAITING
                        && Arrays.stream(waiter[0].getStackTrace())
                                .anyMatch(f -> f.getMethodName().equals("awaitNanos")));
        order.add("restore released");
        release.countDown();

        assertAll(
                () -> assertEquals("written", backup.get(10, TimeUnit.SECONDS)),
                () -> assertEquals("restored", restore.get(10, TimeUnit.SECONDS)),
                () -> assertEquals(List.of("restore released", "backup started"), order),
                () -> assertEquals(
                        List.of("backup success", "restore success"),
                        cut.lastRuns().stream()
                                .map(r -> r.job() + " " + r.outcome())
                                .toList()));
    }

    @Test
    void aWaitThatIsInterruptedIsARefusalNotAFailure() throws Exception {
        CompletableFuture<String> restore = holdWithRestore();
        boolean[] ran = {false};
        CompletableFuture<JobBusyException> refusal = new CompletableFuture<>();
        Thread waiter = new Thread(
                () -> {
                    try {
                        cut.run(
                                request("backup", "scheduler"),
                                Duration.ofSeconds(30),
                                () -> ran[0] = true,
                                r -> JobRunner.Outcome.success(""));
                        refusal.completeExceptionally(new AssertionError("the backup ran"));
                    } catch (JobBusyException e) {
                        refusal.complete(e);
                    } catch (RuntimeException e) {
                        refusal.completeExceptionally(e);
                    }
                },
                "interrupted-waiter");
        waiter.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        waiter.interrupt();

        JobBusyException refused = refusal.get(10, TimeUnit.SECONDS);
        release.countDown();
        restore.get(10, TimeUnit.SECONDS);
        assertAll(
                () -> assertEquals(
                        "Backup job 'restore since 2026-11-29T04:00:00Z' is still running, so 'backup' was not started"
                                + " (its wait was interrupted); try again when it ends.",
                        refused.getMessage()),
                () -> assertTrue(JobBusyException.isRefusal(refused.getMessage())),
                () -> assertFalse(ran[0]),
                () -> assertEquals(
                        "failure: " + refused.getMessage(), audited.get(0).outcome()),
                () -> assertEquals(
                        List.of("restore"),
                        cut.lastRuns().stream().map(RunRecord::job).toList(),
                        "a refused run is not a run"));
    }

    @Test
    void aJobIsRefusedOnlyAfterItsWait() throws Exception {
        CompletableFuture<String> restore = holdWithRestore();
        Duration wait = Duration.ofMillis(300);

        long began = System.nanoTime();
        assertThrows(
                JobBusyException.class,
                () -> cut.run(
                        request("backup", "scheduler"), wait, () -> "written", r -> JobRunner.Outcome.success(r)));
        Duration waited = Duration.ofNanos(System.nanoTime() - began);
        release.countDown();

        assertTrue(waited.compareTo(wait) >= 0, "refused after " + waited);
        assertEquals("restored", restore.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aSuccessIsAuditedWithItsSummaryAndRecordedWithItsStartAndDuration() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("target", "/srv/restore");
        parameters.put("dryRun", true);

        String result = cut.run(
                new JobRunner.Request("restore-dry-run", "alice", "bot_backup_20261129_040000.tar.gz", parameters),
                Duration.ZERO,
                () -> {
                    clock.advance(Duration.ofMillis(1500));
                    return "12 files";
                },
                r -> JobRunner.Outcome.success("checked " + r));

        RunRecord run =
                new RunRecord("restore-dry-run", "alice", "2026-11-29T04:00:00Z", 1500, "success", "checked 12 files");
        assertAll(
                () -> assertEquals("12 files", result),
                () -> assertEquals(List.of(run), cut.lastRuns()),
                () -> assertEquals(List.of(run), finished),
                () -> assertEquals(1, audited.size()),
                () -> assertEquals(
                        new AuditEntry(
                                "alice",
                                "restore-dry-run",
                                "bot_backup_20261129_040000.tar.gz",
                                Map.of("target", "/srv/restore", "dryRun", true, "result", "checked 12 files"),
                                "success"),
                        audited.get(0)),
                () -> assertEquals(
                        List.of("target", "dryRun", "result"),
                        List.copyOf(audited.get(0).parameters().keySet()),
                        "in the caller's order"));
    }

    @Test
    void aThrownFailurePassesUnchangedAndIsAuditedAndRecorded() {
        IOException full = new IOException("No space left on device");

        IOException thrown = assertThrows(
                IOException.class,
                () -> cut.run(
                        request("backup", "scheduler"),
                        Duration.ZERO,
                        () -> {
                            clock.advance(Duration.ofSeconds(2));
                            throw full;
                        },
                        r -> JobRunner.Outcome.success("")));
        assertThrows(
                NullPointerException.class,
                () -> cut.run(
                        request("drill", "bob"),
                        Duration.ZERO,
                        () -> {
                            throw new NullPointerException();
                        },
                        r -> JobRunner.Outcome.success("")));

        assertAll(
                () -> assertSame(full, thrown),
                () -> assertEquals(
                        List.of(
                                new RunRecord(
                                        "backup",
                                        "scheduler",
                                        "2026-11-29T04:00:00Z",
                                        2000,
                                        "failure: No space left on device",
                                        ""),
                                new RunRecord(
                                        "drill",
                                        "bob",
                                        "2026-11-29T04:00:02Z",
                                        0,
                                        "failure: NullPointerException",
                                        "")),
                        cut.lastRuns()),
                () -> assertEquals(
                        List.of("failure: No space left on device", "failure: NullPointerException"),
                        audited.stream().map(AuditEntry::outcome).toList()),
                () -> assertEquals(Optional.empty(), cut.running(), "a failure frees the runner"));
    }

    @Test
    void aResultJudgedAFailureIsRecordedAsOneAndTheLastRunReplacesTheOneBefore() {
        cut.run(
                request("drill", "scheduler"),
                Duration.ZERO,
                () -> "ok",
                r -> JobRunner.Outcome.success("restored 3 files"));
        String result = cut.run(
                request("drill", "scheduler"), Duration.ZERO, () -> "checksum mismatch", JobRunner.Outcome::failure);

        assertAll(
                () -> assertEquals("checksum mismatch", result, "the caller still gets its result"),
                () -> assertEquals(
                        List.of(new RunRecord(
                                "drill", "scheduler", "2026-11-29T04:00:00Z", 0, "failure: checksum mismatch", "")),
                        cut.lastRuns()),
                () -> assertEquals(
                        List.of("success", "failure: checksum mismatch"),
                        audited.stream().map(AuditEntry::outcome).toList()));
    }
}
