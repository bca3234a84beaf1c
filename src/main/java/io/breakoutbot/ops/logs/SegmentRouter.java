package io.breakoutbot.ops.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hands each event to the one file of its {@link LogSegment}; {@link #flush} writes out the files once the
 * queue feeding it is empty (which also tries a file that could not be written again).
 */
class SegmentRouter extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private final Map<LogSegment, SegmentFile> files;
    private final LogVolume volume;

    SegmentRouter(Map<LogSegment, SegmentFile> files, LogVolume volume) {
        this.files = new EnumMap<>(files);
        this.volume = volume;
        setName("segments");
    }

    @Override
    protected void append(ILoggingEvent event) {
        LogSegment segment = LogSegment.route(event);
        files.get(segment).doAppend(event);
        volume.count(segment, event.getLevel(), event.getTimeStamp());
    }

    /** Writes out what every file holds; called by the queue's writer thread when the queue runs empty. */
    void flush() {
        files.values().forEach(SegmentFile::flush);
    }

    /**
     * Rotates the files of {@code segments} now, whatever their size.
     *
     * @return one sentence per file that could not be rotated
     */
    List<String> rotate(Set<LogSegment> segments) {
        List<String> failures = new ArrayList<>();
        files.forEach((segment, file) -> {
            if (segments.contains(segment)) {
                file.rotate().ifPresent(failures::add);
            }
        });
        return failures;
    }

    /** The files that cannot be written now, each tried again first unless its writer is busy with it. */
    List<WriteFailure> writeFailures() {
        List<WriteFailure> failures = new ArrayList<>();
        files.values().forEach(file -> file.writeFailure().ifPresent(failures::add));
        return failures;
    }

    @Override
    public void stop() {
        super.stop();
        files.values().forEach(SegmentFile::stop);
    }
}
