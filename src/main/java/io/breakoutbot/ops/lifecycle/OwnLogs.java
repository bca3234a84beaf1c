package io.breakoutbot.ops.lifecycle;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Our own four log files, which our logging writes and rotates itself: the lifecycle rotates, prunes and
 * reopens them through this rather than by renaming files another writer holds open.
 */
public interface OwnLogs {

    /** The managed log directory: ours and other processes' logs. */
    Path directory();

    /** Our files' names, e.g. {@code api.log}. */
    Set<String> fileNames();

    /** Whether rotated generations are gzipped. */
    boolean compress();

    /**
     * Rotates the named ones of our files now, whatever their size.
     *
     * @param fileNames some of {@link #fileNames()}
     * @return one sentence per file that could not be rotated; it is written on as it was
     */
    List<String> rotateNow(Set<String> fileNames);

    /**
     * Re-reads the logging settings and reopens our files with them.
     *
     * @throws IllegalArgumentException naming the bad setting; the files then stay as they are
     */
    void reconfigure();

    /** Summarises rotated generations for searches (see {@link GenerationSummary}); none by default. */
    default GenerationSummary.Summarizer summarizer() {
        return GenerationSummary.Summarizer.NONE;
    }

    /** Rotated files kept per file from the next rotation on. */
    void setBackups(int count);
}
