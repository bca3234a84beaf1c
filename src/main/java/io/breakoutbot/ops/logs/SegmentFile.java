package io.breakoutbot.ops.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One of our four files. It buffers instead of flushing after every line, and is flushed by
 * {@link SegmentRouter} whenever the queue runs empty: a burst costs a few large writes instead of one
 * system call per event, and a quiet service still has every line on disk as soon as it was written.
 */
class SegmentFile extends RollingFileAppender<ILoggingEvent> {

    private boolean dirty;

    SegmentFile() {
        setImmediateFlush(false);
    }

    @Override
    protected void subAppend(ILoggingEvent event) {
        super.subAppend(event);
        dirty = true;
    }

    /** Called from the queue's writer thread only, like {@link #subAppend}. */
    void flush() {
        if (!dirty) {
            return;
        }
        streamWriteLock.lock();
        try {
            OutputStream out = getOutputStream();
            if (out != null) {
                out.flush();
            }
            dirty = false;
        } catch (IOException e) {
            addError("Cannot flush " + getFile(), e);
        } finally {
            streamWriteLock.unlock();
        }
    }
}
