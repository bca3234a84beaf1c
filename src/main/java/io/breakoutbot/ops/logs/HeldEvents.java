package io.breakoutbot.ops.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Keeps events in memory while the files are being swapped, then hands them to the new pipeline. */
class HeldEvents extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        events.add(event);
    }

    void replayInto(Appender<ILoggingEvent> target) {
        for (ILoggingEvent event; (event = events.poll()) != null; ) {
            target.doAppend(event);
        }
    }
}
