package io.breakoutbot.ops.logs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.breakoutbot.ops.PlainThreads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** A disk that stops answering: requests keep going, WARN and ERROR still all arrive. */
class LogQueueTest {

    LoggerContext context = new LoggerContext();
    CountDownLatch diskAnswers = new CountDownLatch(1);
    List<ILoggingEvent> written = new CopyOnWriteArrayList<>();
    PlainThreads threads = new PlainThreads();
    LogQueue cut = new LogQueue(threads);

    /** Stands for a file appender on a stalled disk: blocks until released. */
    class StalledDisk extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent event) {
            try {
                diskAnswers.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(event);
        }
    }

    Logger start(int discardingThreshold) {
        context.setMDCAdapter(MDC.getMDCAdapter());
        StalledDisk disk = new StalledDisk();
        disk.setContext(context);
        disk.start();
        cut.setContext(context);
        cut.setQueueSize(64);
        cut.setDiscardingThreshold(discardingThreshold);
        cut.addAppender(disk);
        cut.start();
        Logger log = context.getLogger("io.breakoutbot.ops.api.RequestLog");
        log.setLevel(Level.INFO);
        log.addAppender(cut);
        return log;
    }

    @AfterEach
    void release() {
        diskAnswers.countDown();
        context.stop();
    }

    @Test
    void infoNeverBlocksOnAStalledDiskAndDropsAreCounted() {
        Logger log = start(64 / 5);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int i = 0; i < 10_000; i++) {
                log.info("request {}", i);
            }
        });
        assertTrue(cut.discarded() > 9_000, "dropped " + cut.discarded());
    }

    @Test
    void warnAndErrorWaitForRoomAndAreNeverDropped() throws InterruptedException {
        Logger log = start(64 / 5);
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 500; i++) {
                log.warn("warn {}", i);
                log.error("error {}", i);
            }
        });
        producer.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.getState() == Thread.State.WAITING);

        diskAnswers.countDown();
        producer.join(Duration.ofSeconds(30).toMillis());

        await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 1000);
        assertEquals(0, cut.discarded());
        assertEquals("warn 0", written.get(0).getFormattedMessage());
        assertEquals("error 499", written.get(999).getFormattedMessage());
    }
}
