package io.breakoutbot.ops.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The bytes of one of our files, kept so that the file only ever holds whole lines, whatever a write meets.
 *
 * <p>Lines are gathered in memory and written together (see {@link SegmentFile} for when). A write that
 * fails part-way, as one does on a full disk, is undone: the file is cut back to where the write began, so
 * it still ends with its last whole line, and the lines wait to be written again at the next flush. If
 * cutting back fails as well, the cut line stays on its own: the file is reopened before the next attempt,
 * and a file that does not end with a line break (also what a crash in the middle of a write leaves) gets
 * one before anything else is written, so no line is ever extended by the next.
 *
 * <p>While the file cannot be written, up to {@link #MAX_HELD} bytes of lines wait and are tried again
 * only at a flush, not at every line; lines beyond are dropped and counted in the {@link WriteState}.
 * logback closes and reopens the stream at every rotation; lines still waiting then go to the new file.
 * Not thread-safe: used under the appender's lock.
 */
final class WholeLineStream extends OutputStream {

    /** Bytes gathered before they are written, as logback's own file buffer. */
    static final int BUFFER = 8 * 1024;
    /** Bytes of lines that may wait while the file cannot be written. */
    static final int MAX_HELD = 256 * 1024;

    /** Opens a file for writing, creating it; tests make writes fail with it as a full disk does. */
    @FunctionalInterface
    interface Opener {
        RandomAccessFile open(Path file) throws IOException;
    }

    static final Opener FILES = file -> new RandomAccessFile(file.toFile(), "rw");

    private final Path path;
    private final Opener opener;
    private final WriteState state;
    private byte[] held = new byte[BUFFER];
    private int count;
    private RandomAccessFile file;
    /** The file ends in the middle of a line: the next write starts with a line break. */
    private boolean newLineFirst;

    private boolean abandoned;

    WholeLineStream(Path path, Opener opener, WriteState state) {
        this.path = path;
        this.opener = opener;
        this.state = state;
    }

    /** Opens the file now, so that it exists from the start; a failure is reported and tried again later. */
    void open() {
        if (file != null || abandoned) {
            return;
        }
        try {
            openFile();
            if (count == 0) {
                state.written();
            }
        } catch (IOException e) {
            state.failed(e);
        }
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (abandoned) {
            state.lost(lines(b, off, len));
            return;
        }
        if (count > 0 && count + len > BUFFER && state.failure() == null) {
            writeHeld();
        }
        if (count > 0 && count + len > MAX_HELD) {
            state.lost(lines(b, off, len));
            return;
        }
        if (count + len > held.length) {
            held = Arrays.copyOf(held, Math.max(count + len, Math.min(2 * held.length, MAX_HELD)));
        }
        System.arraycopy(b, off, held, count, len);
        count += len;
    }

    /** Writes what waits; a failure is reported, not thrown, and the lines go on waiting. */
    @Override
    public void flush() {
        if (!abandoned && (count > 0 || file == null)) {
            writeHeld();
        }
    }

    /** Writes what waits and closes the file; lines that could not be written wait for the next open. */
    @Override
    public void close() {
        flush();
        closeFile();
    }

    /** For good: lines that still wait are counted as lost, and nothing is written any more. */
    void abandon() {
        close();
        abandoned = true;
        if (count > 0) {
            state.closedWith(lines(held, 0, count));
            count = 0;
        }
    }

    /** @return true when every line is on disk */
    private boolean writeHeld() {
        long start = -1;
        try {
            if (file == null) {
                openFile();
            }
            if (count > 0) {
                // Asked, not counted: a file someone emptied is appended to, not written past its end.
                start = file.length();
                file.seek(start);
                if (newLineFirst) {
                    file.write('\n');
                }
                file.write(held, 0, count);
                newLineFirst = held[count - 1] != '\n';
                count = 0;
                if (held.length > BUFFER) {
                    held = new byte[BUFFER]; // a burst while the disk was full need not keep its memory
                }
            }
            state.written();
            return true;
        } catch (IOException e) {
            undo(start);
            state.failed(e);
            return false;
        }
    }

    private void openFile() throws IOException {
        Files.createDirectories(path.getParent());
        RandomAccessFile opened = opener.open(path);
        try {
            long size = opened.length();
            if (size > 0) {
                opened.seek(size - 1);
                newLineFirst = opened.read() != '\n';
            } else {
                newLineFirst = false;
            }
        } catch (IOException e) {
            opened.close();
            throw e;
        }
        file = opened;
    }

    /** Cuts the file back to {@code start}, where the failed write began, and closes it. */
    private void undo(long start) {
        if (file == null) {
            return;
        }
        try {
            if (start >= 0 && file.length() > start) {
                file.setLength(start);
            }
        } catch (IOException e) {
            state.problem("Cannot cut back the unfinished line of", e); // reopening starts a new line after it
        }
        closeFile();
    }

    private void closeFile() {
        if (file == null) {
            return;
        }
        try {
            file.close();
        } catch (IOException e) {
            state.problem("Cannot close", e);
        } finally {
            file = null;
        }
    }

    private static long lines(byte[] b, int off, int len) {
        long lines = 0;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
