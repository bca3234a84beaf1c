package io.breakoutbot.ops.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.breakoutbot.ops.alerts.AlertRules;
import io.breakoutbot.ops.alerts.Condition;
import io.breakoutbot.ops.alerts.Notice;
import io.breakoutbot.ops.alerts.Severity;
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

    @Test
    void zeroChecksIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HealthAlerts(0));
    }
}
