package io.breakoutbot.ops.lifecycle;

import static io.breakoutbot.ops.lifecycle.LogFixture.CLOCK;
import static io.breakoutbot.ops.lifecycle.LogFixture.DEFAULT_ORDER;
import static io.breakoutbot.ops.lifecycle.LogFixture.NOW;
import static io.breakoutbot.ops.lifecycle.LogFixture.NO_CAP;
import static io.breakoutbot.ops.lifecycle.LogFixture.daysAgo;
import static io.breakoutbot.ops.lifecycle.LogFixture.names;
import static io.breakoutbot.ops.lifecycle.LogFixture.rotatedAt;
import static io.breakoutbot.ops.lifecycle.LogFixture.write;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.breakoutbot.ops.PlainThreads;
import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.jobs.JobBusyException;
import io.breakoutbot.ops.jobs.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The jobs as the timers, the MXBean and opsctl run them: one at a time, audited, recorded, on real files. */
class MaintenanceTest {

    static final String REFUSED_CLEANUP =
            "Maintenance job 'setup' is still running, so 'cleanup' was not started; try again when it ends.";

    @TempDir
    Path tmp;

    Path logs;
    Path reports;
    Path backtests;
    Path archives;
    String oldGeneration;
    String recentGeneration;

    final CountDownLatch setupEntered = new CountDownLatch(1);
    final CountDownLatch setupMayEnd = new CountDownLatch(1);
    final ListAppender<ILoggingEvent> audited = new ListAppender<>();
    final Logger auditLog = (Logger) LoggerFactory.getLogger(Audit.class);

    @BeforeEach
    void directories() throws IOException {
        logs = Files.createDirectories(tmp.resolve("logs"));
        reports = Files.createDirectories(tmp.resolve("reports"));
        backtests = Files.createDirectories(tmp.resolve("backtest_results"));
        archives = tmp.resolve("archives");
        write(logs, "bot.log", "current line\n", NOW.minusSeconds(120));
        oldGeneration = rotatedAt(logs, "bot.log", daysAgo(10), 1000);
        recentGeneration = rotatedAt(logs, "bot.log", daysAgo(2), 500);
        audited.start();
        auditLog.addAppender(audited);
    }

    @AfterEach
    void detachAudit() {
        auditLog.detachAppender(audited);
        setupMayEnd.countDown(); // never leave a blocked setup thread behind a failed assertion
    }

    Maintenance cut(Runnable setup, List<DirectoryPolicy> otherDirectories) {
        LogLifecycle lifecycle = new LogLifecycle(
                logs,
                RotationRule.parseAll("*.log 10MB"),
                Set.of(),
                names -> List.of(),
                false,
                false,
                CLOCK,
                new PlainThreads());
        return new Maintenance(
                lifecycle,
                new LogArchiver(archives, CLOCK, 10, 30),
                new RetentionPolicy(5, 30, NO_CAP, DEFAULT_ORDER),
                otherDirectories,
                setup,
                new Audit(),
                CLOCK,
                new PlainThreads());
    }

    Maintenance cut() {
        return cut(() -> {}, List.of());
    }

    /** A setup that holds the maintenance lock until the test lets it go. */
    Runnable blockingSetup() {
        return () -> {
            setupEntered.countDown();
            try {
                if (!setupMayEnd.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the setup");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    Thread startSetup(Maintenance cut) throws InterruptedException {
        Thread holder = new Thread(() -> cut.setup("carol", Duration.ZERO), "setup-holding-the-lock");
        holder.start();
        assertTrue(setupEntered.await(10, TimeUnit.SECONDS), "setup did not start");
        return holder;
    }

    /** The audit events as an operator reads them: key-value pairs of each line. */
    List<Map<String, String>> auditEntries() {
        return audited.list.stream()
                .map(e -> e.getKeyValuePairs().stream()
                        .collect(Collectors.toMap(kv -> kv.key, kv -> String.valueOf(kv.value))))
                .toList();
    }

    @Test
    void aJobThatCannotGetTheLockIsRefusedWithTheRunningJobsNameAndDeletesNothing() throws Exception {
        Maintenance cut = cut(blockingSetup(), List.of());
        List<String> before = names(logs);
        Thread holder = startSetup(cut);

        JobBusyException refused =
                assertThrows(JobBusyException.class, () -> cut.cleanup("bob", 7, Duration.ofMillis(200)));
        List<String> duringSetup = names(logs);
        List<RunRecord> runsWhileRefused = cut.lastRuns();

        setupMayEnd.countDown();
        holder.join(TimeUnit.SECONDS.toMillis(10));
        SweepResult afterwards = cut.cleanup("bob", 7, Duration.ofMillis(200));

        assertAll(
                () -> assertEquals(REFUSED_CLEANUP, refused.getMessage()),
                () -> assertEquals(before, duringSetup),
                () -> assertEquals(List.of(), runsWhileRefused, "a refused run is not a run"),
                () -> assertFalse(holder.isAlive()),
                () -> assertEquals(
                        List.of(oldGeneration),
                        afterwards.removed().stream().map(RemovedFile::name).toList()),
                () -> assertEquals(List.of("bot.log", recentGeneration), names(logs)),
                () -> assertTrue(
                        auditEntries()
                                .contains(Map.of(
                                        "actor",
                                        "bob",
                                        "action",
                                        "cleanup",
                                        "target",
                                        logs.toString(),
                                        "parameters",
                                        "{days=7}",
                                        "outcome",
                                        "failure: " + REFUSED_CLEANUP)),
                        () -> auditEntries().toString()),
                () -> assertEquals(
                        List.of("cleanup bob success", "setup carol success"),
                        cut.lastRuns().stream()
                                .map(r -> r.job() + " " + r.actor() + " " + r.outcome())
                                .toList()));
    }

    @Test
    void aManualRunThatWaitsLongEnoughStartsWhenTheRunningJobEnds() throws Exception {
        Maintenance cut = cut(blockingSetup(), List.of());
        Thread holder = startSetup(cut);
        FutureTask<SweepResult> cleanup = new FutureTask<>(() -> cut.cleanup("bob", 7, Duration.ofSeconds(10)));
        Thread waiter = new Thread(cleanup, "cleanup-waiting-for-the-lock");
        waiter.start();

        // it waits for the running job to end, not for anything else, before the setup is let go
        await().atMost(Duration.ofSeconds(5))
                .until(() -> waiter.getState() == Thread.State.TIMED_WAITING
                        && Arrays.stream(waiter.getStackTrace())
                                .anyMatch(f -> f.getMethodName().equals("awaitNanos")));
        List<String> whileWaiting = names(logs);
        setupMayEnd.countDown();
        SweepResult result = cleanup.get(10, TimeUnit.SECONDS);
        holder.join(TimeUnit.SECONDS.toMillis(10));

        assertAll(
                () -> assertTrue(whileWaiting.contains(oldGeneration)),
                () -> assertEquals(
                        List.of(oldGeneration),
                        result.removed().stream().map(RemovedFile::name).toList()),
                () -> assertEquals(List.of("bot.log", recentGeneration), names(logs)),
                () -> assertEquals(
                        List.of("success", "success"),
                        cut.lastRuns().stream().map(RunRecord::outcome).toList()));
    }

    @Test
    void lastRunsRecordJobActorOutcomeAndSummaryOfEachJob() {
        Maintenance cut = cut();

        cut.cleanup("alice", 7, Duration.ZERO);
        cut.setup("bob", Duration.ZERO);

        assertEquals(
                List.of(
                        new RunRecord(
                                "cleanup",
                                "alice",
                                NOW.toString(),
                                cut.lastRuns().get(0).durationMs(),
                                "success",
                                "1 files deleted, 1000 bytes freed, 513 bytes remain"),
                        new RunRecord(
                                "setup",
                                "bob",
                                NOW.toString(),
                                cut.lastRuns().get(1).durationMs(),
                                "success",
                                "logging reconfigured")),
                cut.lastRuns());
        assertTrue(cut.lastRuns().stream().allMatch(r -> r.durationMs() >= 0));
    }

    @Test
    void aFailingSetupRethrowsTheInvalidSettingUnchangedAndIsRecordedAsAFailure() {
        IllegalArgumentException invalid =
                new IllegalArgumentException("Invalid setting ops.retention.days: 'many' is not a number.");
        Maintenance failing = cut(
                () -> {
                    throw invalid;
                },
                List.of());
        IllegalArgumentException thrown =
                assertThrows(IllegalArgumentException.class, () -> failing.setup("bob", Duration.ZERO));
        RunRecord run = failing.lastRuns().get(0);

        assertAll(
                () -> assertSame(invalid, thrown),
                () -> assertEquals(1, failing.lastRuns().size()),
                () -> assertEquals("setup", run.job()),
                () -> assertEquals("bob", run.actor()),
                () -> assertEquals(
                        "failure: Invalid setting ops.retention.days: 'many' is not a number.", run.outcome()),
                () -> assertEquals("", run.summary()),
                () -> assertTrue(
                        auditEntries()
                                .contains(Map.of(
                                        "actor",
                                        "bob",
                                        "action",
                                        "setup",
                                        "target",
                                        logs.toString(),
                                        "parameters",
                                        "{}",
                                        "outcome",
                                        "failure: Invalid setting ops.retention.days: 'many' is not a number.")),
                        () -> auditEntries().toString()));
    }

    @Test
    void aJobFailingOnTheDiskIsReportedWithTheDirectoryAndRecorded() throws IOException {
        Files.writeString(archives, "a file where the archive directory should be\n");
        Maintenance cut = cut();

        IllegalStateException failed =
                assertThrows(IllegalStateException.class, () -> cut.archive("alice", Duration.ZERO));
        RunRecord run = cut.lastRuns().get(0);

        assertAll(
                () -> assertTrue(
                        failed.getMessage().startsWith("Could not archive " + logs + ": "), failed::getMessage),
                () -> assertEquals("archive", run.job()),
                () -> assertTrue(run.outcome().startsWith("failure: "), run::outcome),
                () -> assertEquals("a file where the archive directory should be\n", Files.readString(archives)),
                () -> assertEquals(List.of("bot.log", oldGeneration, recentGeneration), names(logs)));
    }

    @Test
    void aFailingSetupReplacesTheLastSuccessfulOne() {
        boolean[] fail = {false};
        Maintenance cut = cut(
                () -> {
                    if (fail[0]) {
                        throw new IllegalArgumentException("Invalid setting ops.logs.level: 'LOUD'.");
                    }
                },
                List.of());
        cut.setup("alice", Duration.ZERO);
        fail[0] = true;

        assertThrows(IllegalArgumentException.class, () -> cut.setup("bob", Duration.ZERO));

        assertEquals(
                List.of("setup bob failure: Invalid setting ops.logs.level: 'LOUD'."),
                cut.lastRuns().stream()
                        .map(r -> r.job() + " " + r.actor() + " " + r.outcome())
                        .toList());
    }

    @Test
    void retentionPrunesReportsAndBacktestsButNeverSubDirectoriesQuietFilesOrLinkTargets() throws IOException {
        // reports: the keep rule (3 newest)
        for (int day = 1; day <= 5; day++) {
            write(reports, "report-" + day + ".html", 100, daysAgo(day));
        }
        write(reports, "report-now.html", 100, NOW.minusSeconds(10));
        Path oldRuns = Files.createDirectories(reports.resolve("old-runs"));
        write(oldRuns, "report-2024.html", 100, daysAgo(700));
        Files.setLastModifiedTime(oldRuns, FileTime.from(daysAgo(700)));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path target = write(elsewhere, "precious.html", 100, daysAgo(900));
        Files.createSymbolicLink(reports.resolve("latest.html"), target);
        // backtest results: the age rule (7 days)
        write(backtests, "bt-1.json", 100, daysAgo(1));
        write(backtests, "bt-6.json", 100, daysAgo(6));
        write(backtests, "bt-8.json", 100, daysAgo(8));
        write(backtests, "bt-90.json", 100, daysAgo(90));
        Path run = Files.createDirectories(backtests.resolve("run-2025"));
        write(run, "bt-400.json", 100, daysAgo(400));
        Files.setLastModifiedTime(run, FileTime.from(daysAgo(400)));
        rotatedAt(logs, "bot.log", daysAgo(40), 300);
        Maintenance cut = cut(
                () -> {},
                List.of(
                        new DirectoryPolicy(reports, 3, 365),
                        new DirectoryPolicy(backtests, 100, 7),
                        new DirectoryPolicy(tmp.resolve("not-there"), 1, 1)));

        SweepResult logsResult = cut.retention(Maintenance.SCHEDULER, Duration.ZERO);

        assertAll(
                () -> assertEquals(
                        List.of(
                                "latest.html",
                                "old-runs",
                                "report-1.html",
                                "report-2.html",
                                "report-3.html",
                                "report-now.html"),
                        names(reports)),
                () -> assertEquals(List.of("report-2024.html"), names(oldRuns)),
                () -> assertTrue(Files.isSymbolicLink(reports.resolve("latest.html"))),
                () -> assertEquals(List.of("precious.html"), names(elsewhere)),
                () -> assertEquals(100, Files.size(target)),
                () -> assertEquals(List.of("bt-1.json", "bt-6.json", "run-2025"), names(backtests)),
                () -> assertEquals(List.of("bt-400.json"), names(run)),
                // and the logs themselves by the policy in force (30 days)
                () -> assertEquals(List.of("bot.log", oldGeneration, recentGeneration), names(logs)),
                () -> assertEquals(1, logsResult.removed().size()),
                () -> assertEquals(
                        new RunRecord(
                                "retention",
                                "scheduler",
                                NOW.toString(),
                                cut.lastRuns().get(0).durationMs(),
                                "success",
                                "1 log files deleted, 300 bytes freed, 1513 bytes remain; pruned 2 from reports, 2 from backtest_results"),
                        cut.lastRuns().get(0)));
    }

    @Test
    void changePolicyTellsTheListenerAndTheNextRunUsesIt() throws IOException {
        List<RetentionPolicy> told = new CopyOnWriteArrayList<>();
        Maintenance cut = cut();
        cut.onPolicyChange(told::add);
        RetentionPolicy fewer = new RetentionPolicy(5, 7, NO_CAP, DEFAULT_ORDER);

        cut.changePolicy("alice", "days", current -> fewer);
        cut.retention("alice", Duration.ZERO);

        assertAll(
                () -> assertEquals(List.of(fewer), told),
                () -> assertEquals(fewer, cut.policy()),
                () -> assertEquals(List.of("bot.log", recentGeneration), names(logs)),
                () -> assertTrue(
                        auditEntries().stream()
                                .anyMatch(e -> e.get("action").equals("set-days")
                                        && e.get("actor").equals("alice")
                                        && e.get("outcome").equals("success")
                                        && e.get("parameters").contains("to=backups=5 days=7 ")
                                        && e.get("parameters").contains("from=backups=5 days=30 ")),
                        () -> auditEntries().toString()));
    }

    @Test
    void daysOutsideOneToTenYearsAreRefusedBeforeAnythingIsDeleted() throws IOException {
        Maintenance cut = cut();
        List<String> before = names(logs);

        assertAll(
                () -> assertEquals(
                        "Days must be from 1 to 3650 (ten years), not -1.",
                        assertThrows(IllegalArgumentException.class, () -> cut.preview(-1))
                                .getMessage()),
                () -> assertEquals(
                        "Days must be from 1 to 3650 (ten years), not -1.",
                        assertThrows(IllegalArgumentException.class, () -> cut.cleanup("alice", -1, Duration.ZERO))
                                .getMessage()),
                () -> assertEquals(
                        "Days must be from 1 to 3650 (ten years), not 100000.",
                        assertThrows(IllegalArgumentException.class, () -> cut.preview(100000))
                                .getMessage()),
                () -> assertEquals(
                        "Days must be from 1 to 3650 (ten years), not 100000.",
                        assertThrows(IllegalArgumentException.class, () -> cut.cleanup("alice", 100000, Duration.ZERO))
                                .getMessage()),
                () -> assertEquals(
                        "Days must be from 1 to 3650 (ten years), not 0.",
                        assertThrows(IllegalArgumentException.class, () -> cut.preview(0))
                                .getMessage()));
        assertAll(() -> assertEquals(before, names(logs)), () -> assertEquals(List.of(), cut.lastRuns()));
    }

    @Test
    void previewListsWhatCleanupDeletesAndDeletesNothing() throws IOException {
        Maintenance cut = cut();

        SweepResult preview = cut.preview(7);
        List<String> afterPreview = names(logs);
        SweepResult cleanup = cut.cleanup("alice", 7, Duration.ZERO);

        assertAll(
                () -> assertTrue(preview.preview()),
                () -> assertEquals(List.of("bot.log", oldGeneration, recentGeneration), afterPreview),
                () -> assertEquals(preview.removed(), cleanup.removed()),
                () -> assertEquals(
                        "last modified " + daysAgo(10) + ", more than 7 days ago",
                        cleanup.removed().get(0).reason()),
                () -> assertEquals(List.of("bot.log", recentGeneration), names(logs)));
    }
}
