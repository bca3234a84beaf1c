package io.breakoutbot.ops.logs;

import java.util.List;

/**
 * One page of a log search.
 *
 * @param entries    the matching entries, newest first, at most the query's limit
 * @param nextCursor the cursor for the next (older) page, or null when no older entry matches
 * @param filesRead  how many log files this search read lines from; files that cannot hold a match (by
 *                   segment or time range) are not read and not counted, nor is reading a generation's
 *                   first line to learn its time range
 */
public record LogPage(List<LogEntry> entries, String nextCursor, int filesRead) {

    public LogPage {
        entries = List.copyOf(entries);
    }
}
