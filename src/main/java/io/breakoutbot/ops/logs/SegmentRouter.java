package io.breakoutbot.ops.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.util.EnumMap;
import java.util.Map;

/** Hands each event to the one file appender of its {@link LogSegment}. */
class SegmentRouter extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private final Map<LogSegment, Appender<ILoggingEvent>> files;

    SegmentRouter(Map<LogSegment, ? extends Appender<ILoggingEvent>> files) {
        this.files = new EnumMap<>(files);
        setName("segments");
    }

    @Override
    protected void append(ILoggingEvent event) {
        files.get(LogSegment.route(event)).doAppend(event);
    }

    @Override
    public void stop() {
        super.stop();
        files.values().forEach(Appender::stop);
    }
}
