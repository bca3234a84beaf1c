package io.breakoutbot.ops.jobs;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import jakarta.ejb.NoMoreTimeoutsException;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A timer bean's jobs: what the container's timers say is shown as is, and a timer's job never throws back into
 * the container; the log tells busy from broken.
 */
class JobTimersTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Instant TWO_AT_NIGHT = Instant.parse("2026-11-29T01:00:00Z");
    static final Instant FIVE_PAST = Instant.parse("2026-11-28T10:05:00Z");

    final Logger log = new LoggerContext().getLogger("timers");
    final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    final Container container = new Container();
    final JobTimers cut = new JobTimers(container.service(), BERLIN, log);

    JobTimersTest() {
        lines.start();
        log.addAppender(lines);
    }

    List<String> logged() {
        return lines.list.stream()
                .map(e -> e.getLevel() + " " + e.getFormattedMessage())
                .toList();
    }

    /** The calendar timers a bean created, each firing next when the test says; as Payara's, they answer live. */
    static final class Container {

        final List<TimerConfig> configs = new ArrayList<>();
        final List<ScheduleExpression> expressions = new ArrayList<>();
        final Map<String, Timer> timers = new ConcurrentHashMap<>();
        /** By the timer's info; none means the timer fires no more. */
        final Map<String, Instant> next = new ConcurrentHashMap<>();

        TimerService service() {
            return (TimerService) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {TimerService.class}, (proxy, method, args) -> {
                        if (!method.getName().equals("createCalendarTimer") || args.length != 2) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        expressions.add((ScheduleExpression) args[0]);
                        TimerConfig config = (TimerConfig) args[1];
                        configs.add(config);
                        Timer timer = timer(String.valueOf(config.getInfo()));
                        timers.put(String.valueOf(config.getInfo()), timer);
                        return timer;
                    });
        }

        Timer timer(String info) {
            return (Timer) Proxy.newProxyInstance(
                    getClass().getClassLoader(),
                    new Class<?>[] {Timer.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getInfo" -> info;
                        case "getNextTimeout" -> {
                            Instant at = next.get(info);
                            if (at == null) {
                                throw new NoMoreTimeoutsException();
                            }
                            yield Date.from(at);
                        }
                        case "hashCode" -> info.hashCode();
                        case "equals" -> proxy == args[0];
                        case "toString" -> "Timer " + info;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Test
    void eachJobGetsOneNonPersistentTimerFromItsCronTextAndOffNone() {
        container.next.put("rotation", TWO_AT_NIGHT);
        cut.schedule("rotation", CronSchedule.parse("0 2 * * *"), () -> {});
        cut.schedule("archive", CronSchedule.parse("off"), () -> {});

        ScheduleExpression rotation = container.expressions.get(0);
        assertAll(
                () -> assertEquals(1, container.configs.size()),
                () -> assertEquals("rotation", container.configs.get(0).getInfo()),
                () -> assertFalse(container.configs.get(0).isPersistent()),
                () -> assertEquals(
                        "0 0 2 Europe/Berlin",
                        String.join(
                                " ",
                                rotation.getSecond(),
                                rotation.getMinute(),
                                rotation.getHour(),
                                rotation.getTimezone())),
                () -> assertEquals(
                        List.of("rotation", "archive"),
                        List.copyOf(cut.settings().keySet())),
                () -> assertEquals("off", cut.settings().get("archive").toString()));
    }

    @Test
    void theNextRunShownIsTheContainersNextTimeoutInTheServersZone() {
        container.next.put("rotation", TWO_AT_NIGHT);
        cut.schedule("rotation", CronSchedule.parse("0 2 * * *"), () -> {});
        cut.schedule("archive", CronSchedule.parse("off"), () -> {});
        cut.schedule("drill", CronSchedule.parse("0 0 31 2 *"), () -> {});
        List<ScheduleInfo> before = cut.schedules();

        container.next.put("rotation", Instant.parse("2026-11-30T01:00:00Z")); // the container moved on

        assertAll(
                () -> assertEquals(
                        List.of(
                                new ScheduleInfo("rotation", "0 2 * * *", "2026-11-29T02:00+01:00"),
                                new ScheduleInfo("archive", "off", ""),
                                new ScheduleInfo("drill", "0 0 31 2 *", "")),
                        before,
                        "a timer that fires no more shows none"),
                () -> assertEquals(
                        "2026-11-30T02:00+01:00", cut.schedules().get(0).nextRun(), "asked, not remembered"));
    }

    @Test
    void aJobStartedByItsTimerIsDueNextAtTheTimersNextTimeoutAndOneRefusedStaysDue() {
        container.next.put("sizeCheck", FIVE_PAST);
        container.next.put("rotation", TWO_AT_NIGHT);
        boolean[] busy = {false};
        cut.schedule("sizeCheck", CronSchedule.parse("*/5 * * * *"), () -> {
            if (busy[0]) {
                throw new JobBusyException("Maintenance job 'retention'", "'sizeCheck' was not started");
            }
        });
        cut.schedule("rotation", CronSchedule.parse("0 2 * * *"), () -> {
            throw new IllegalStateException("Could not rotation /var/log: disk full");
        });
        Map<String, Instant> created = cut.due();

        container.next.put("sizeCheck", FIVE_PAST.plusSeconds(300));
        cut.fire(container.timers.get("sizeCheck"));
        Instant afterARun = cut.due().get("sizeCheck");
        container.next.put("sizeCheck", FIVE_PAST.plusSeconds(600));
        busy[0] = true;
        cut.fire(container.timers.get("sizeCheck"));
        Instant afterARefusal = cut.due().get("sizeCheck");
        container.next.put("rotation", TWO_AT_NIGHT.plusSeconds(86400));
        cut.fire(container.timers.get("rotation"));

        assertAll(
                () -> assertEquals(Map.of("sizeCheck", FIVE_PAST, "rotation", TWO_AT_NIGHT), created),
                () -> assertEquals(FIVE_PAST.plusSeconds(300), afterARun),
                () -> assertEquals(FIVE_PAST.plusSeconds(300), afterARefusal, "it did not start, so it is still due"),
                () -> assertEquals(
                        TWO_AT_NIGHT.plusSeconds(86400), cut.due().get("rotation"), "a run that failed did start"));
    }

    @Test
    void aJobRefusedBecauseAnotherRunsIsAWarning() {
        cut.schedule("sizeCheck", CronSchedule.parse("*/5 * * * *"), () -> {
            throw new JobBusyException("Maintenance job 'retention'", "'sizeCheck' was not started");
        });
        cut.fire(container.timers.get("sizeCheck"));
        assertEquals(
                List.of(Level.WARN + " Scheduled sizeCheck skipped: Maintenance job 'retention' is still running,"
                        + " so 'sizeCheck' was not started; try again when it ends."),
                logged());
    }

    @Test
    void aJobThatRanAndFailedIsAnErrorEvenAsAnIllegalStateException() {
        cut.schedule("sizeCheck", CronSchedule.parse("*/5 * * * *"), () -> {
            throw new IllegalStateException("Could not rotate /var/log: disk full");
        });
        cut.fire(container.timers.get("sizeCheck"));
        assertEquals(
                List.of(Level.ERROR + " Scheduled sizeCheck failed: Could not rotate /var/log: disk full"), logged());
    }

    @Test
    void anUnknownJobIsAnErrorAndNothingRuns() {
        cut.schedule("sizeCheck", CronSchedule.parse("*/5 * * * *"), () -> {
            throw new AssertionError("must not run");
        });
        cut.fire(container.timer("nightly"));
        assertEquals(List.of(Level.ERROR + " Timer with unknown job 'nightly' ignored"), logged());
    }
}
