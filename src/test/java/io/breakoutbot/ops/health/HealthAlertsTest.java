package io.breakoutbot.ops.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.breakoutbot.ops.alerts.AlertRules;
import io.breakoutbot.ops.alerts.Condition;
import io.breakoutbot.ops.alerts.Notice;
import io.breakoutbot.ops.alerts.Severity;
import io.breakoutbot.ops.bot.BotState;
import io.breakoutbot.ops.bot.BotStatus;
import io.breakoutbot.ops.bot.RestartGuard;
import io.breakoutbot.ops.jobs.RunRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthAlertsTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    private final HealthAlerts cut = new HealthAlerts(3);
    private final AlertRules rules = new AlertRules(Clock.fixed(T0, ZoneOffset.UTC), Duration.ZERO);

    /** The notices a check causes, as "status key: summary". */
    private List<String> check(int second, ComponentHealth... components) {
        List<String> out = new ArrayList<>();
        for (Condition c : cut.components(List.of(components), T0.plusSeconds(second))) {
            for (Notice n : rules.update(c)) {
                out.add(n.status().label() + " " + n.alert().key() + ": "
                        + n.alert().summary());
            }
        }
        return out;
    }

    @Test
    void aComponentDownForThreeChecksFiresOnceCriticalAndResolvesWhenUp() {
        ComponentHealth down = new ComponentHealth("bot", Status.DOWN, "no answer from http://127.0.0.1:8000");
        assertEquals(List.of(), check(0, down));
        assertEquals(List.of(), check(5, down));
        assertEquals(
                List.of("firing health.bot:critical: bot DOWN for 3 checks: no answer from http://127.0.0.1:8000"),
                check(10, down));
        assertEquals(List.of(), check(15, down));
        List<String> resolved = check(20, new ComponentHealth("bot", Status.UP, "ok"));
        assertEquals(1, resolved.size(), resolved::toString);
        assertEquals(true, resolved.get(0).startsWith("resolved health.bot:critical"), resolved::toString);
    }

    @Test
    void aBlipShorterThanTheChecksSaysNothing() {
        ComponentHealth degraded = new ComponentHealth("logs", Status.DEGRADED, "errors.log not writable");
        ComponentHealth up = new ComponentHealth("logs", Status.UP, "ok");
        List<String> all = new ArrayList<>();
        all.addAll(check(0, degraded));
        all.addAll(check(5, degraded));
        all.addAll(check(10, up));
        all.addAll(check(15, degraded));
        all.addAll(check(20, degraded));
        assertEquals(List.of(), all);
    }

    @Test
    void degradedIsAWarningAndResourcesAlertOnTheirOwn() {
        ComponentHealth backup = new ComponentHealth("backup", Status.DEGRADED, "no verified backup");
        ComponentHealth resources = new ComponentHealth("resources", Status.DEGRADED, "cpu at 95%");
        check(0, backup, resources);
        check(5, backup, resources);
        assertEquals(
                List.of("firing health.backup:warning: backup DEGRADED for 3 checks: no verified backup"),
                check(10, backup, resources));
    }

    @Test
    void aFailedScheduledJobAlertsUntilItsNextSuccess() {
        RunRecord failed = new RunRecord(
                "backup", "scheduler", "2026-12-04T04:00:00Z", 120, "failure: source /bot/.env is missing", "");
        List<Condition> firing = cut.jobs(List.of(failed), T0);
        assertEquals(1, firing.size());
        assertEquals("job.backup", firing.get(0).metric());
        assertEquals(Severity.CRITICAL, firing.get(0).level());
        assertEquals(
                "scheduled backup at 2026-12-04T04:00:00Z failed: source /bot/.env is missing",
                firing.get(0).summary());
        RunRecord rotation =
                new RunRecord("rotation", "scheduler", "2026-12-04T02:00:00Z", 3, "failure: disk full", "");
        assertEquals(Severity.WARNING, cut.jobs(List.of(rotation), T0).get(0).level());
        RunRecord manual = new RunRecord("backup", "ops-admin", "2026-12-04T05:00:00Z", 9, "failure: busy", "");
        assertEquals(List.of(), cut.jobs(List.of(manual), T0));
        RunRecord ok = new RunRecord("backup", "ops-admin", "2026-12-04T06:00:00Z", 9, "success", "");
        assertEquals(Severity.OK, cut.jobs(List.of(ok), T0).get(0).level());
    }

    static BotState bot(BotStatus status, String reason, RestartGuard guard, String checkedAt) {
        return new BotState(
                status,
                reason,
                4242,
                true,
                200,
                12,
                "ok",
                checkedAt,
                0,
                2,
                "",
                -1,
                "",
                "",
                guard,
                false,
                "",
                1.5,
                50_000_000,
                7,
                12,
                1024);
    }

    @Test
    void theBotComponentFollowsTheCheckAndSaysWhenRestartsArePausedOrChecksStuck() {
        Duration interval = Duration.ofSeconds(10);
        Instant now = Instant.parse("2026-12-04T10:00:20Z");
        String recent = "2026-12-04T10:00:15Z";
        assertEquals(
                new ComponentHealth("bot", Status.UP, "ok: answered HTTP 200 in 12 ms"),
                HealthAssessment.bot(
                        bot(BotStatus.UP, "answered HTTP 200 in 12 ms", RestartGuard.ACTIVE, recent), interval, now));
        ComponentHealth paused = HealthAssessment.bot(
                bot(BotStatus.UP, "answered HTTP 200 in 12 ms", RestartGuard.PAUSED_BY_LOOP_GUARD, recent),
                interval,
                now);
        assertEquals(Status.DEGRADED, paused.status());
        assertEquals(
                "ok: answered HTTP 200 in 12 ms; restarts paused by the loop guard; resume them with jmx/opsctl --bot-resume",
                paused.reason());
        ComponentHealth stuck = HealthAssessment.bot(
                bot(BotStatus.UP, "answered HTTP 200 in 12 ms", RestartGuard.ACTIVE, "2026-12-04T09:59:40Z"),
                interval,
                now);
        assertEquals(
                new ComponentHealth(
                        "bot",
                        Status.DEGRADED,
                        "no bot check for 40 s (every 10 s expected); the last one said: ok: answered HTTP 200 in 12 ms"),
                stuck);
        assertEquals(
                Status.DOWN,
                HealthAssessment.bot(bot(BotStatus.DOWN, "no answer", RestartGuard.ACTIVE, recent), interval, now)
                        .status());
    }

    @Test
    void aFailedRestartAlertIsCriticalOnlyWhileTheLoopGuardPauses() {
        Instant now = Instant.parse("2026-12-04T10:00:20Z");
        Condition paused = cut.botRestarts(
                bot(BotStatus.DOWN, "restarts paused by the loop guard", RestartGuard.PAUSED_BY_LOOP_GUARD, ""), now);
        assertEquals(Severity.CRITICAL, paused.level());
        assertEquals("bot.restarts", paused.metric());
        assertEquals(
                Severity.OK,
                cut.botRestarts(bot(BotStatus.DOWN, "no answer", RestartGuard.PAUSED_BY_OPERATOR, ""), now)
                        .level());
    }

    @Test
    void zeroChecksIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HealthAlerts(0));
    }
}
