package io.breakoutbot.ops.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.RolloverFailure;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * One of our four files. It buffers instead of flushing after every line, and is flushed by
 * {@link SegmentRouter} whenever the queue runs empty: a burst costs a few large writes instead of one
 * system call per event, and a quiet service still has every line on disk as soon as it was written.
 *
 * <p>Its bytes go through a {@link WholeLineStream} instead of logback's own file stream, which on a failed
 * write leaves the cut line in the file and later appends the next line to it, hiding both from searches.
 */
class SegmentFile extends RollingFileAppender<ILoggingEvent> {

    private final WriteState state;
    private final WholeLineStream stream;
    private boolean dirty;

    /** @param opener opens the file, {@link WholeLineStream#FILES}; tests pass one that fails as a full disk does */
    SegmentFile(Path file, Clock clock, WholeLineStream.Opener opener) {
        setImmediateFlush(false);
        setFile(file.toString());
        state = new WriteState(file, clock, this);
        stream = new WholeLineStream(file, opener, state);
    }

    /** logback opens the file at start and after each rotation; a failure is kept in the state, never thrown. */
    @Override
    public void openFile(String fileName) {
        streamWriteLock.lock();
        try {
            setOutputStream(stream);
            stream.open();
        } finally {
            streamWriteLock.unlock();
        }
    }

    @Override
    protected void subAppend(ILoggingEvent event) {
        super.subAppend(event);
        dirty = true;
    }

    /**
     * Called from the queue's writer thread only, like {@link #subAppend}. A file that cannot be written is
     * tried again at every flush, whether or not a line was added to it.
     */
    void flush() {
        if (!isStarted() || (!dirty && state.failure() == null)) {
            return;
        }
        streamWriteLock.lock();
        try {
            stream.flush();
            dirty = false;
        } finally {
            streamWriteLock.unlock();
        }
    }

    /**
     * Why the file cannot be written, if it cannot. It is tried again first, unless the writer holds it
     * just now, so a file that can be written again says so without waiting for a line logged to it.
     */
    Optional<WriteFailure> writeFailure() {
        if (state.failure() != null && isStarted() && streamWriteLock.tryLock()) {
            try {
                stream.flush();
            } finally {
                streamWriteLock.unlock();
            }
        }
        return Optional.ofNullable(state.failure());
    }

    /**
     * Rotates the file now, whatever its size; also what logback calls when the file reaches its size.
     *
     * @return why it could not be rotated; the file is then written on as it is
     */
    Optional<String> rotate() {
        streamWriteLock.lock();
        try {
            closeOutputStream();
            Optional<String> failure = Optional.empty();
            try {
                getRollingPolicy().rollover();
            } catch (RolloverFailure e) {
                // logback's own rollover would only say "RolloverFailure occurred", without the cause.
                failure = Optional.of(e.getMessage());
                addWarn(e.getMessage() + "; writing on to the same file");
            }
            openFile(getFile());
            return failure;
        } finally {
            streamWriteLock.unlock();
        }
    }

    @Override
    public void rollover() {
        rotate();
    }

    @Override
    public void stop() {
        super.stop();
        streamWriteLock.lock();
        try {
            stream.abandon();
        } finally {
            streamWriteLock.unlock();
        }
    }
}
