package io.breakoutbot.ops.logs;

import ch.qos.logback.core.spi.ContextAware;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Whether one of our files can be written now, and since when not. It outlives the file's reopening at
 * each rotation. Problems go to logback's status (standard error): the log files are what failed.
 */
final class WriteState {

    private final Path file;
    private final Clock clock;
    private final ContextAware status;
    private volatile WriteFailure failure;

    /**
     * @param clock  tells since when a file fails
     * @param status where the start and the end of a failure are reported
     */
    WriteState(Path file, Clock clock, ContextAware status) {
        this.file = file;
        this.clock = clock;
        this.status = status;
    }

    /** @return the current failure, or null while the file can be written */
    WriteFailure failure() {
        return failure;
    }

    /** Everything handed to the file is on disk. */
    void written() {
        WriteFailure ended = failure;
        if (ended != null) {
            failure = null;
            status.addWarn(file + " can be written again, after failing since " + ended.since() + "; "
                    + (ended.linesLost() == 0 ? "no line was lost" : ended.linesLost() + " lines were lost"));
        }
    }

    void failed(IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        WriteFailure current = failure;
        if (current == null) {
            failure = new WriteFailure(file.getFileName().toString(), reason, clock.instant(), 0);
            status.addError(
                    "Cannot write " + file + ": " + reason + "; its lines wait in memory until it can be"
                            + " written again, and are dropped when too many wait",
                    e);
        } else if (!current.reason().equals(reason)) {
            failure = new WriteFailure(current.file(), reason, current.since(), current.linesLost());
        }
    }

    /** {@code lines} were dropped without reaching the file, because too many wait. */
    void lost(long lines) {
        WriteFailure current = failure;
        if (current != null) {
            failure = new WriteFailure(current.file(), current.reason(), current.since(), current.linesLost() + lines);
        }
    }

    /** The file was closed for good with {@code lines} still waiting: they are lost. */
    void closedWith(long lines) {
        lost(lines);
        WriteFailure current = failure;
        status.addError(file + " was closed with " + lines + " lines that could not be written"
                + (current == null
                        ? ""
                        : ", " + current.linesLost() + " lost in all since " + current.since() + " (" + current.reason()
                                + ")"));
    }

    /** Something went wrong that does not stop the file from being written, e.g. while undoing a failed write. */
    void problem(String what, IOException e) {
        status.addWarn(what + " " + file + ": " + e.getMessage(), e);
    }
}
