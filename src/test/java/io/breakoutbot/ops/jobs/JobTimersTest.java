package io.breakoutbot.ops.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A timer's job never throws back into the container; the log tells busy from broken. */
class JobTimersTest {

    final Logger log = new LoggerContext().getLogger("timers");
    final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    JobTimersTest() {
        lines.start();
        log.addAppender(lines);
    }

    List<String> fired(String job, Runnable work) {
        JobTimers.fire(log, job, Map.of("sizeCheck", work));
        return lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    @Test
    void aJobRefusedBecauseAnotherRunsIsAWarning() {
        assertEquals(List.of(Level.WARN + " Scheduled sizeCheck skipped: Maintenance job 'retention' is still running,"
                + " so 'sizeCheck' was not started; try again when it ends."), fired("sizeCheck", () -> {
                    throw new JobBusyException("Maintenance job 'retention'", "'sizeCheck' was not started");
                }));
    }

    @Test
    void aJobThatRanAndFailedIsAnErrorEvenAsAnIllegalStateException() {
        assertEquals(List.of(Level.ERROR + " Scheduled sizeCheck failed: Could not rotate /var/log: disk full"),
                fired("sizeCheck", () -> {
                    throw new IllegalStateException("Could not rotate /var/log: disk full");
                }));
    }

    @Test
    void anUnknownJobIsAnErrorAndNothingRuns() {
        assertEquals(List.of(Level.ERROR + " Timer with unknown job 'nightly' ignored"), fired("nightly", () -> {
            throw new AssertionError("must not run");
        }));
    }
}
