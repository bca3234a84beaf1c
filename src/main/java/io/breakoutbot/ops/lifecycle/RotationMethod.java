package io.breakoutbot.ops.lifecycle;

/** How another process's log file is rotated. */
public enum RotationMethod {

    /**
     * Rename the file to its generation name and create an empty one in its place, with the same mode and
     * owner. Nothing is lost with writers that reopen a moved file (Python's {@code WatchedFileHandler},
     * anything that reopens on SIGHUP). The default.
     */
    RENAME,

    /**
     * Copy the file to its generation name, then truncate it in place, for writers that never reopen.
     * Risk: lines written between the end of the copy and the truncation are lost, and a writer that
     * did not open the file in append mode keeps writing at its old offset, leaving a sparse file.
     */
    COPYTRUNCATE
}
