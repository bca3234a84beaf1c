package io.breakoutbot.ops.monitoring;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.MutableClock;
import io.breakoutbot.ops.alerts.AlertRules;
import io.breakoutbot.ops.alerts.Notice;
import io.breakoutbot.ops.audit.Audit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One sampling step on synthetic samples and a clock the test moves. */
class MonitorTest {

    MutableClock clock = new MutableClock(Instant.parse("2026-11-28T03:00:00Z"));

    double memory = 50;
    double disk = 50;
    List<Transition> announced = new ArrayList<>();
    List<Notice> notices = new ArrayList<>();
    List<String> effects = new ArrayList<>();

    Actions actions = new Actions(
            ActionPlan.parse("memory.critical=gc+clear-caches, disk.critical=log-cleanup"),
            new Actions.Effects() {
                @Override
                public String gc() {
                    effects.add("gc");
                    return "heap 100 MB -> 60 MB, 40 MB freed";
                }

                @Override
                public String clearCaches(String reason) {
                    effects.add("clear-caches");
                    return "cleared log statistics (1 entry)";
                }

                @Override
                public String logCleanup(String reason) {
                    effects.add("log-cleanup");
                    return "3 files deleted, 12 MB freed";
                }
            },
            Runnable::run,
            Duration.ofMinutes(5),
            clock,
            new Audit());

    Monitor cut = new Monitor(
            this::sample,
            new SampleHistory(10),
            new Evaluator(ThresholdSettings.defaults()),
            new AlertRules(clock, Duration.ofMinutes(5)),
            actions,
            announced::add,
            notices::add);

    Sample sample() {
        return new Sample(
                clock.instant(),
                10,
                memory,
                1L << 30,
                2L << 30,
                List.of(new DiskUsage("/var", disk, 1L << 30, 2L << 30)),
                50,
                100,
                1024,
                1L << 20,
                1L << 28,
                0.5);
    }

    void step(Duration later) {
        clock.advance(later);
        cut.tick();
    }

    @Test
    void aWatchedConditionIsAlertedAtEveryStepAndResolvedWhenItClears() {
        List<String> failures = new ArrayList<>(List.of("general.log has not rotated since 2026-11-28T03:00:00Z "
                + "(1 attempt failed): read-only file system"));
        cut.watch(() -> RotationAlert.condition(failures, clock.instant()));
        step(Duration.ofSeconds(5));
        step(Duration.ofSeconds(5));
        failures.clear();
        step(Duration.ofMinutes(5));

        assertAll(
                () -> assertEquals(
                        List.of("log-rotation:warning firing", "log-rotation:warning resolved"),
                        notices.stream()
                                .map(n -> n.alert().key() + " " + n.status().label())
                                .toList()),
                () -> assertEquals(
                        "general.log has not rotated since 2026-11-28T03:00:00Z (1 attempt failed): "
                                + "read-only file system",
                        notices.get(0).alert().summary()),
                () -> assertEquals(1.0, notices.get(0).alert().value(), "how many logs do not rotate"));
    }

    @Test
    void aBreachIsAnnouncedAlertedAndActedOnOnce() {
        step(Duration.ofSeconds(5));
        memory = 90;
        step(Duration.ofSeconds(5));
        step(Duration.ofSeconds(5));
        step(Duration.ofSeconds(5));

        assertAll(
                () -> assertEquals(1, announced.size()),
                () -> assertEquals(State.CRITICAL, announced.get(0).to()),
                () -> assertEquals(1, notices.size(), "one alert, however many samples breach"),
                () -> assertEquals("memory:critical", notices.get(0).alert().key()),
                () -> assertEquals(
                        85.0, notices.get(0).alert().threshold(), "the configured level, not a lowered line"),
                () -> assertEquals(List.of("gc", "clear-caches"), effects, "once per interval while it stays"));

        step(Duration.ofMinutes(5));
        assertEquals(List.of("gc", "clear-caches", "gc", "clear-caches"), effects, "and again after the interval");
    }

    @Test
    void recoveryIsAnnouncedAndResolvedAfterTheWindow() {
        memory = 90;
        step(Duration.ofSeconds(5));
        memory = 40;
        step(Duration.ofSeconds(5));

        assertEquals(
                List.of(State.CRITICAL, State.OK),
                announced.stream().map(Transition::to).toList());
        assertEquals(1, notices.size(), "the resolve waits for the end of the window");

        step(Duration.ofMinutes(5));
        assertEquals(Notice.Status.RESOLVED, notices.get(1).status());
    }

    @Test
    void aFullDiskRunsTheCleanupAndUnavailableValuesRaiseNothing() {
        disk = 95;
        step(Duration.ofSeconds(5));
        memory = Double.NaN;
        step(Duration.ofSeconds(5));

        assertAll(
                () -> assertEquals(List.of("log-cleanup"), effects),
                () -> assertEquals(
                        List.of("disk:critical"),
                        notices.stream().map(n -> n.alert().key()).toList()),
                () -> assertTrue(announced.stream().noneMatch(t -> t.to() == State.UNAVAILABLE)),
                () -> assertEquals(2, cut.history().size()));
    }
}
