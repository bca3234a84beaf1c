package io.breakoutbot.ops.logs;

import java.nio.charset.StandardCharsets;

/**
 * Groups the lines of another process's log, read from first to last, into entries. A line that starts no
 * entry (see {@link OtherLogLine#start}) continues the entry before it: the lines of a Python traceback, or
 * of an uncaught exception the interpreter printed into the same file, become that entry's stack trace.
 * Lines before the file's first entry (the end of a traceback whose start is in an older generation) have no
 * entry to join and are skipped, as are JSON objects without a time, which are lines of their own.
 */
final class OtherLogEntries implements BackwardLineReader.Lines {

    /** Characters of continuation lines kept per entry; the rest is counted, not kept. */
    static final int MAX_CONTINUATION = 64 * 1024;

    /** Where the entries go. */
    interface Sink {
        /** Whether an entry that starts so can be wanted: only then are its further lines collected. */
        boolean wants(OtherLogLine.Start start);

        /**
         * @param continuation the entry's further lines joined by {@code '\n'}, trailing blank lines left out;
         *                     null when there are none
         * @param hash         {@link LogPosition#hash} of every line of the entry and of the log's name
         */
        void offer(OtherLogLine.Start start, String continuation, long hash);
    }

    private final OtherLogLine lines;
    private final long logHash;
    private final Sink sink;

    private OtherLogLine.Start current;
    private boolean wanted;
    private long hash;
    private StringBuilder continuation;
    private int blankLines;
    private int linesLeftOut;
    private long skipped;

    /** @param log the log's name, {@code bot.log}: part of each entry's identity, whichever generation holds it */
    OtherLogEntries(OtherLogLine lines, String log, Sink sink) {
        this.lines = lines;
        byte[] name = log.getBytes(StandardCharsets.UTF_8);
        this.logHash = LogPosition.hash(name, 0, name.length);
        this.sink = sink;
    }

    @Override
    public boolean accept(byte[] b, int from, int to) {
        OtherLogLine.Start start = lines.start(b, from, to);
        if (start == OtherLogLine.NO_TIME) {
            skipped++;
            return true;
        }
        if (start != null) {
            finish();
            current = start;
            wanted = sink.wants(start);
            if (wanted) {
                hash = LogPosition.combine(logHash, LogPosition.hash(b, from, to));
            }
            return true;
        }
        if (current == null) {
            skipped++;
            return true;
        }
        if (!wanted) {
            return true;
        }
        hash = LogPosition.combine(hash, LogPosition.hash(b, from, to));
        int end = to > from && b[to - 1] == '\r' ? to - 1 : to;
        if (isBlank(b, from, end)) {
            // Kept only when a line with text follows: a traceback's chained parts are set apart by blank lines.
            blankLines++;
            return true;
        }
        if (continuation == null) {
            continuation = new StringBuilder();
            blankLines = 0; // blank lines right after the first line set nothing apart
        }
        if (continuation.length() >= MAX_CONTINUATION) {
            linesLeftOut += blankLines + 1;
            blankLines = 0;
            return true;
        }
        for (; blankLines > 0; blankLines--) {
            continuation.append('\n');
        }
        if (!continuation.isEmpty()) {
            continuation.append('\n');
        }
        continuation.append(new String(b, from, end - from, StandardCharsets.UTF_8));
        return true;
    }

    /** Hands the last entry on; call once the file is read. */
    void finish() {
        if (current != null && wanted) {
            String more = null;
            if (continuation != null) {
                if (linesLeftOut > 0) {
                    continuation.append("\n... [").append(linesLeftOut).append(" more lines]");
                }
                more = continuation.toString();
            }
            sink.offer(current, more, hash);
        }
        current = null;
        continuation = null;
        blankLines = 0;
        linesLeftOut = 0;
    }

    /** Lines that joined no entry: they came before the file's first one, or were JSON without a time. */
    long skipped() {
        return skipped;
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
