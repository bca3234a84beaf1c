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
    /** The bot check's latest figures; null when no bot is watched. */
    ProcessFigures bot;

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
                0.5,
                bot);
    }

    /** The bot as the bot check read it a second ago; the host has 2 GiB of physical memory. */
    ProcessFigures bot(double cpu, long residentBytes, int threads) {
        return new ProcessFigures(clock.instant().minusSeconds(1), 4242, cpu, residentBytes, threads, 10, 1024);
    }

    List<String> keys() {
        return notices.stream()
                .map(n -> n.alert().key() + " " + n.status().label())
                .toList();
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

    @Test
    void withoutABotTheBotMetricsAreUnavailableAndRaiseNothing() {
        step(Duration.ofSeconds(5));
        step(Duration.ofSeconds(5));

        List<MetricState> states = cut.states();
        assertAll(
                () -> assertEquals(8, states.size()),
                () -> assertEquals(
                        List.of(
                                "cpu OK",
                                "memory OK",
                                "disk OK",
                                "fds OK",
                                "bot.cpu UNAVAILABLE",
                                "bot.memory UNAVAILABLE",
                                "bot.fds UNAVAILABLE",
                                "bot.threads UNAVAILABLE"),
                        states.stream().map(s -> s.metric() + " " + s.state()).toList()),
                () -> assertTrue(Double.isNaN(states.get(7).value())),
                () -> assertEquals(
                        new MetricState("bot.threads", "UNAVAILABLE", Double.NaN, 500, 1000, "count"), states.get(7)),
                () -> assertEquals("percent", states.get(4).unit()),
                () -> assertEquals(List.of(), notices),
                () -> assertEquals(List.of(), announced),
                () -> assertEquals(List.of(), effects));
    }

    @Test
    void theBotsFiguresAreJudgedAndAlertedLikeTheHosts() {
        bot = bot(97, 1L << 30, 1200); // 97% of the cores, half the host's memory, 1200 threads
        step(Duration.ofSeconds(5));
        List<String> fired = keys();
        String cpuSummary = notices.get(0).alert().summary();
        String memorySummary = notices.get(1).alert().summary();
        String threadsSummary = notices.get(2).alert().summary();

        bot = null; // the bot stops: its alerts stay as they are, nothing new is sent
        step(Duration.ofSeconds(5));
        int afterStop = notices.size();
        int activeAfterStop = cut.alerts().active().size();

        bot = bot(3, 100L << 20, 40); // back, and calm
        step(Duration.ofMinutes(5));

        assertAll(
                () -> assertEquals(
                        List.of("bot.cpu:critical firing", "bot.memory:warning firing", "bot.threads:critical firing"),
                        fired),
                () -> assertEquals("bot.cpu at 97%, over the critical level of 95%", cpuSummary),
                () -> assertEquals("bot.memory at 50%, over the warning level of 50%", memorySummary),
                () -> assertEquals("bot.threads at 1200, over the critical level of 1000", threadsSummary),
                () -> assertEquals(
                        List.of("bot.cpu", "bot.memory", "bot.threads"),
                        announced.stream().map(t -> t.metric().label()).toList(),
                        "JMX notifications too"),
                () -> assertEquals(3, afterStop),
                () -> assertEquals(3, activeAfterStop),
                () -> assertEquals(
                        List.of(
                                "bot.cpu:critical firing",
                                "bot.memory:warning firing",
                                "bot.threads:critical firing",
                                "bot.cpu:critical resolved",
                                "bot.memory:warning resolved",
                                "bot.threads:critical resolved"),
                        keys()),
                () -> assertEquals(
                        "bot.threads at 40, below the warning level of 500",
                        notices.get(5).alert().summary()),
                () -> assertEquals(List.of(), cut.alerts().active()),
                () -> assertEquals(List.of(), effects, "no action acts on the bot"));
    }
}
