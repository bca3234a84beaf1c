package io.breakoutbot.ops.health;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.breakoutbot.ops.logs.WriteFailure;
import io.breakoutbot.ops.monitoring.Metric;
import io.breakoutbot.ops.monitoring.State;
import io.breakoutbot.ops.monitoring.ThresholdSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthAssessmentTest {

    static final Instant NOW = Instant.parse("2026-11-28T10:07:00Z");
    static final Instant STARTED = Instant.parse("2026-11-28T09:00:00Z");

    Map<Metric, State> states = new EnumMap<>(Map.of(
            Metric.CPU, State.OK, Metric.MEMORY, State.OK, Metric.DISK, State.OK, Metric.FILE_DESCRIPTORS, State.OK));
    Map<Metric, Double> values = new EnumMap<>(
            Map.of(Metric.CPU, 12.0, Metric.MEMORY, 40.0, Metric.DISK, 50.0, Metric.FILE_DESCRIPTORS, 1.0));
    Duration sampleAge = Duration.ofSeconds(2);
    boolean writable = true;
    List<WriteFailure> writeFailures = List.of();
    long logBytes = 1000;
    List<String> rotationFailures = List.of();
    List<HealthAssessment.Job> jobs = List.of(
            new HealthAssessment.Job(
                    "sizeCheck", Instant.parse("2026-11-28T10:10:00Z"), Instant.parse("2026-11-28T10:05:00Z")),
            new HealthAssessment.Job("rotation", Instant.parse("2026-11-29T02:00:00Z"), null));

    HealthAssessment.Backups backups = new HealthAssessment.Backups(
            Instant.parse("2026-11-22T04:00:00Z"),
            Instant.parse("2026-11-01T05:00:00Z"),
            null,
            Duration.ofDays(8),
            Duration.ofDays(35));

    List<ComponentHealth> assess() {
        return HealthAssessment.assess(
                new HealthAssessment.Resources(
                        states, values, ThresholdSettings.defaults().levels(), sampleAge, Duration.ofSeconds(5)),
                writable,
                writeFailures,
                logBytes,
                50L << 20,
                rotationFailures,
                jobs,
                backups,
                STARTED,
                NOW,
                ZoneOffset.UTC);
    }

    ComponentHealth component(String name) {
        return assess().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void allWellIsUp() {
        assertEquals(Status.UP, HealthAssessment.overall(assess()));
        assertEquals(
                List.of("resources", "disk", "logs", "scheduler", "backup"),
                assess().stream().map(ComponentHealth::name).toList());
    }

    @Test
    void aWarningOrCriticalResourceDegrades() {
        states.put(Metric.MEMORY, State.CRITICAL);
        values.put(Metric.MEMORY, 91.0);
        assertAll(
                () -> assertEquals(
                        new ComponentHealth(
                                "resources", Status.DEGRADED, "memory at 91.0%, over the critical level of 85%"),
                        component("resources")),
                () -> assertEquals(Status.DEGRADED, HealthAssessment.overall(assess())));
    }

    @Test
    void aFullDiskIsDownAndAFillingOneDegraded() {
        states.put(Metric.DISK, State.WARNING);
        values.put(Metric.DISK, 83.0);
        assertEquals(Status.DEGRADED, component("disk").status());
        states.put(Metric.DISK, State.CRITICAL);
        values.put(Metric.DISK, 95.0);
        assertEquals(
                new ComponentHealth(
                        "disk",
                        Status.DOWN,
                        "disk at 95.0%, over the critical level of 90%; logs and backups will fail"),
                component("disk"));
        assertEquals(Status.DOWN, HealthAssessment.overall(assess()));
    }

    @Test
    void unwritableLogsAreDownAndOverTheCapDegraded() {
        logBytes = 60L << 20;
        assertEquals(Status.DEGRADED, component("logs").status());
        writable = false;
        assertEquals(
                new ComponentHealth("logs", Status.DOWN, "the log directory cannot be written"), component("logs"));
    }

    @Test
    void aLogFileThatCannotBeWrittenIsDownWithTheReasonUntilItCanAgain() {
        logBytes = 60L << 20;
        writeFailures = List.of(
                new WriteFailure("general.log", "No space left on device", Instant.parse("2026-11-28T10:05:00Z"), 0),
                new WriteFailure("api.log", "No space left on device", Instant.parse("2026-11-28T10:06:00Z"), 12));
        assertAll(
                () -> assertEquals(
                        new ComponentHealth(
                                "logs",
                                Status.DOWN,
                                "general.log cannot be written since 2026-11-28T10:05:00Z: No space left on device; "
                                        + "api.log cannot be written since 2026-11-28T10:06:00Z: No space left on device, "
                                        + "12 lines lost"),
                        component("logs")),
                () -> assertEquals(Status.DOWN, HealthAssessment.overall(assess())));
        writeFailures = List.of();
        logBytes = 1000;
        assertEquals(new ComponentHealth("logs", Status.UP, "ok"), component("logs"));
    }

    @Test
    void aLogThatCannotRotateDegradesLogsWithTheReason() {
        rotationFailures = List.of("general.log has not rotated since 2026-11-28T09:00:00Z (3 attempts failed): "
                + "read-only file system");
        logBytes = 60L << 20;
        assertAll(
                () -> assertEquals(
                        new ComponentHealth(
                                "logs",
                                Status.DEGRADED,
                                "general.log has not rotated since "
                                        + "2026-11-28T09:00:00Z (3 attempts failed): read-only file system; the log directory holds "
                                        + "62914560 bytes, over its cap of 52428800"),
                        component("logs")),
                () -> assertEquals(Status.DEGRADED, HealthAssessment.overall(assess())));
    }

    @Test
    void aStalledSamplerDegradesResources() {
        sampleAge = Duration.ofSeconds(16);
        assertEquals(
                new ComponentHealth(
                        "resources", Status.DEGRADED, "the latest sample is 16 s old; the sampler may have stopped"),
                component("resources"));
    }

    @Test
    void aJobDueMoreThanAMinuteAgoWithoutARunDegradesTheScheduler() {
        jobs = List.of(
                new HealthAssessment.Job(
                        "sizeCheck", Instant.parse("2026-11-28T10:00:00Z"), Instant.parse("2026-11-28T09:55:00Z")),
                new HealthAssessment.Job("archive", Instant.parse("2026-11-28T10:05:00Z"), null),
                new HealthAssessment.Job("retention", Instant.parse("2026-11-28T10:06:30Z"), null));
        assertEquals(
                new ComponentHealth(
                        "scheduler",
                        Status.DEGRADED,
                        "sizeCheck was due at 2026-11-28T10:00Z and has not run; archive was due at 2026-11-28T10:05Z and has"
                                + " not run"),
                component("scheduler"),
                "retention is within its minute");
    }

    @Test
    void aRunSinceTheJobWasDueClearsIt() {
        jobs = List.of(new HealthAssessment.Job(
                "rotation", Instant.parse("2026-11-28T09:00:00Z"), Instant.parse("2026-11-28T09:30:00Z")));
        assertEquals(Status.UP, component("scheduler").status(), "an operator ran it by hand after it was missed");
    }

    @Test
    void aStaleBackupOrDrillOrAFailedRunDegrades() {
        backups = new HealthAssessment.Backups(
                Instant.parse("2026-11-18T10:07:00Z"),
                Instant.parse("2026-11-27T10:07:00Z"),
                null,
                Duration.ofDays(8),
                Duration.ofHours(20));
        assertEquals(
                new ComponentHealth(
                        "backup",
                        Status.DEGRADED,
                        "the newest verified backup is 10 days old, over the limit of 8 days; "
                                + "the newest successful restore drill is 24 hours old, over the limit of 20 hours"),
                component("backup"));
        assertEquals(Status.DEGRADED, HealthAssessment.overall(assess()));
        backups = new HealthAssessment.Backups(
                NOW, NOW, "the last backup failed: disk full", Duration.ofDays(8), Duration.ofDays(35));
        assertEquals(
                new ComponentHealth("backup", Status.DEGRADED, "the last backup failed: disk full"),
                component("backup"));
    }

    @Test
    void beforeTheFirstBackupTheLimitCountsFromStartUp() {
        backups = new HealthAssessment.Backups(null, null, null, Duration.ofDays(8), Duration.ofDays(35));
        assertEquals(Status.UP, component("backup").status());
        backups = new HealthAssessment.Backups(null, NOW, null, Duration.ofMinutes(30), Duration.ofDays(35));
        assertEquals(
                new ComponentHealth("backup", Status.DEGRADED, "no verified backup in the 30 minutes since start-up"),
                component("backup"));
    }

    @Test
    void theBotsResourcesDegradeLikeTheHosts() {
        states.put(Metric.BOT_MEMORY, State.CRITICAL);
        values.put(Metric.BOT_MEMORY, 80.0);
        states.put(Metric.BOT_THREADS, State.WARNING);
        values.put(Metric.BOT_THREADS, 612.0);

        assertEquals(
                new ComponentHealth(
                        "resources",
                        Status.DEGRADED,
                        "bot.memory at 80.0%, over the critical level of 75%; "
                                + "bot.threads at 612, over the warning level of 500"),
                component("resources"));
    }

    @Test
    void noBotLeavesResourcesUp() {
        for (Metric m : Metric.values()) {
            if (m.isBot()) {
                states.put(m, State.UNAVAILABLE);
                values.put(m, Double.NaN);
            }
        }

        assertAll(
                () -> assertEquals(new ComponentHealth("resources", Status.UP, "ok"), component("resources")),
                () -> assertEquals(Status.UP, HealthAssessment.overall(assess())));
    }

    @Test
    void theRemoteIsDegradedByAFailedPassOrAnOldCopyNeverDown() {
        HealthAssessment.Remote fine = new HealthAssessment.Remote(
                "s3://b/p/h/", Instant.parse("2026-11-27T04:00:00Z"), null, Duration.ofDays(8), 2);
        HealthAssessment.Remote refused = new HealthAssessment.Remote(
                "s3://b/p/h/",
                Instant.parse("2026-11-27T04:00:00Z"),
                "The store at http://127.0.0.1:9000 refused to list p/h/ (403 SignatureDoesNotMatch)",
                Duration.ofDays(8),
                0);
        HealthAssessment.Remote old = new HealthAssessment.Remote(
                "s3://b/p/h/", Instant.parse("2026-11-18T04:00:00Z"), null, Duration.ofDays(8), 0);
        HealthAssessment.Remote never = new HealthAssessment.Remote("s3://b/p/h/", null, null, Duration.ofHours(1), 0);
        assertAll(
                () -> assertEquals(
                        new ComponentHealth("remote", Status.UP, "ok: copies in s3://b/p/h/, 2 to upload"),
                        HealthAssessment.remote(fine, STARTED, NOW)),
                () -> assertEquals(
                        new ComponentHealth(
                                "remote",
                                Status.DEGRADED,
                                "the last copy to s3://b/p/h/ failed: The store at http://127.0.0.1:9000 refused to"
                                        + " list p/h/ (403 SignatureDoesNotMatch)"),
                        HealthAssessment.remote(refused, STARTED, NOW)),
                () -> assertEquals(
                        new ComponentHealth(
                                "remote",
                                Status.DEGRADED,
                                "the newest verified remote copy of a backup is 10 days old, over the limit of 8 days"),
                        HealthAssessment.remote(old, STARTED, NOW)),
                () -> assertEquals(
                        new ComponentHealth(
                                "remote",
                                Status.DEGRADED,
                                "no verified remote copy of a backup in the 60 minutes since start-up"),
                        HealthAssessment.remote(never, STARTED, NOW)));
    }
}
