package io.breakoutbot.ops.logs;

import java.util.Map;

/**
 * One line of our log files, as {@link JsonLineEncoder} wrote it, or one entry of another process's log
 * (see {@link OtherLogLine}: a line and the traceback lines after it). Strings come back exactly as they were
 * logged (control characters, escapes and markup included): rendering them safely is the client's job.
 *
 * @param timestamp  UTC, milliseconds, {@code Z}, e.g. {@code 2026-11-28T17:53:36.287Z}: ours as written in
 *                   the file, another process's converted to that form
 * @param level      TRACE, DEBUG, INFO, WARN, ERROR or CRITICAL; another process's may be another word
 *                   (upper case) or null
 * @param component  the component the event was routed by, e.g. {@code api}, {@code risk}; for another
 *                   process, its line's {@code component} or else its logger name, or null
 * @param logger     the logger name, or null
 * @param thread     the thread that logged it, or null
 * @param message    the formatted message
 * @param stackTrace the exception's stack trace, or null when the event carried none; for another process,
 *                   the lines that continued its entry (a Python traceback)
 * @param fields     every other key of the line (MDC entries and key-value pairs), in file order; string
 *                   values as they are, other JSON values (numbers, booleans, null, objects, arrays) as their
 *                   JSON text, e.g. {@code "status" -> "200"}
 * @param source     the file the line was read from, e.g. {@code api.log.20261128-175336.000.gz}; informative
 *                   only, since a rotation renames the file a line lives in
 */
public record LogEntry(
        String timestamp,
        String level,
        String component,
        String logger,
        String thread,
        String message,
        String stackTrace,
        Map<String, String> fields,
        String source) {

    public LogEntry {
        fields = fields == null ? Map.of() : fields;
    }
}
