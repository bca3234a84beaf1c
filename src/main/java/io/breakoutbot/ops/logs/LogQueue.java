package io.breakoutbot.ops.logs;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.concurrent.atomic.AtomicLong;

/**
 * logback's {@link AsyncAppender}, counting what it drops. The threads that log only enqueue; one thread
 * formats and writes. When the queue is over 80% full, TRACE, DEBUG and INFO events are dropped (and
 * counted) so a slow disk does not stall requests; WARN and ERROR always wait for room and are never
 * dropped. With discarding off, every event waits.
 */
class LogQueue extends AsyncAppender {

    private final AtomicLong discarded = new AtomicLong();

    @Override
    protected boolean isDiscardable(ILoggingEvent event) {
        // Only asked once the queue is past the discarding threshold.
        boolean discard = super.isDiscardable(event);
        if (discard) {
            discarded.incrementAndGet();
        }
        return discard;
    }

    /** @return events dropped because the queue was nearly full, since start */
    public long discarded() {
        return discarded.get();
    }
}
