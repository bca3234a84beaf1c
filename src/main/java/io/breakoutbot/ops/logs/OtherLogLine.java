package io.breakoutbot.ops.logs;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the first line of an entry in another process's log (the bot's): a JSON object as Python's JSON
 * formatters write it, or a plain text line that begins with a timestamp.
 *
 * <p><b>JSON.</b> The time is the first of {@code timestamp}, {@code time}, {@code asctime},
 * {@code @timestamp}, {@code ts} that reads as a time: a text as below, or a number of seconds since the
 * epoch (milliseconds when it is over 10<sup>11</sup>). The level is {@code level}, {@code levelname} or
 * {@code severity}; the logger {@code logger} or {@code name}; the component {@code component}, or else the
 * logger; the message {@code message} or {@code msg};
 * the thread {@code threadName} or {@code thread}; the stack trace {@code stackTrace}, {@code exc_info},
 * {@code exception}, {@code stack_info} or {@code traceback}. The keys used are taken out; every other key
 * is kept as a field.
 *
 * <p><b>Plain text.</b> The line starts with a time (optionally in {@code [ ]}), then, among the next two
 * words, a level word ({@code ERROR}, {@code [WARNING]}, {@code ERROR:}; all upper or all lower case). A
 * word before the level is the logger ({@code 2026-12-04 10:00:00,123 - bot.exchange - ERROR - text}), as
 * is a name ending in {@code :} right after it ({@code ... ERROR some.logger: text}, {@code ERROR:bot:text})
 * when it has a dot or no capital letter. The rest is the message. A line with a time and no level word
 * is an entry without a level.
 *
 * <p><b>Times</b> are {@code yyyy-MM-dd}, {@code T} or a space, {@code HH:mm:ss}, an optional fraction
 * after {@code .} or {@code ,} (Python's {@code asctime}), and an optional zone: {@code Z}, {@code +01:00},
 * {@code +0100} or {@code +01}. A time without a zone is in {@link #zone}, the host's.
 *
 * <p><b>Levels</b> are upper-cased; Python's WARNING is WARN, CRITICAL and FATAL are CRITICAL.
 */
final class OtherLogLine {

    private static final List<String> TIME_KEYS = List.of("timestamp", "time", "asctime", "@timestamp", "ts");
    private static final List<String> LEVEL_KEYS = List.of("level", "levelname", "severity");
    private static final List<String> LOGGER_KEYS = List.of("logger", "name");
    private static final List<String> MESSAGE_KEYS = List.of("message", "msg");
    private static final List<String> THREAD_KEYS = List.of("threadName", "thread");
    private static final List<String> STACK_KEYS =
            List.of("stackTrace", "exc_info", "exception", "stack_info", "traceback");
    /** Epoch values above this are milliseconds, below seconds: 10^11 seconds is the year 5138. */
    private static final double MILLIS_FROM = 1e11;
    /** Words after the time looked at for a level: a logger (or a separator) may stand before it. */
    private static final int LEVEL_WITHIN_WORDS = 2;

    /**
     * The first line of an entry.
     *
     * @param millis     its time, epoch milliseconds
     * @param level      TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, another word upper-cased as written, or null
     * @param logger     the logger name, or null
     * @param component  what the entry's component is: the line's {@code component}, else its logger; or null
     * @param thread     the thread name, or null
     * @param message    the message, or null
     * @param stackTrace a stack trace the line itself holds (JSON), or null
     * @param fields     the other keys of a JSON line, as {@link LogEntry#fields()}
     */
    record Start(
            long millis,
            String level,
            String logger,
            String component,
            String thread,
            String message,
            String stackTrace,
            Map<String, String> fields) {}

    /** What {@link #start} answers for a JSON object without a readable time: a line to skip. */
    static final Start NO_TIME = new Start(JsonLineParser.NO_TIMESTAMP, null, null, null, null, null, null, Map.of());

    private final ZoneId zone;

    /** @param zone the zone of times written without one: the host's */
    OtherLogLine(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * @return the entry {@code b[from, to)} starts; {@link #NO_TIME} for a JSON object without a readable
     *         time, which belongs to no entry; or null for a line that starts none (no time at its start, or
     *         not one JSON object), which continues the entry before (see {@link OtherLogEntries})
     */
    Start start(byte[] b, int from, int to) {
        int i = from;
        while (i < to && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        if (i == to) {
            return null;
        }
        byte first = b[i];
        if (first == '{') {
            Map<String, JsonLineParser.Member> members = JsonLineParser.members(b, from, to);
            if (members == null) {
                return null; // a dict printed in a traceback, or a cut line
            }
            Start start = json(members);
            return start == null ? NO_TIME : start;
        }
        if ((first < '0' || first > '9') && first != '[') {
            return null; // most continuation lines end here, before any decoding
        }
        String line = new String(b, from, to - from, StandardCharsets.UTF_8);
        return text(line);
    }

    private Start json(Map<String, JsonLineParser.Member> members) {
        long millis = JsonLineParser.NO_TIMESTAMP;
        for (String key : TIME_KEYS) {
            JsonLineParser.Member m = members.get(key);
            if (m != null) {
                millis = m.string() ? wholeTime(m.text()) : epoch(m.text());
                if (millis != JsonLineParser.NO_TIMESTAMP) {
                    members.remove(key);
                    break;
                }
            }
        }
        if (millis == JsonLineParser.NO_TIMESTAMP) {
            return null;
        }
        String level = take(members, LEVEL_KEYS);
        if (level == null) {
            level = pythonLevel(members);
        }
        String logger = take(members, LOGGER_KEYS);
        String component = take(members, List.of("component"));
        String message = take(members, MESSAGE_KEYS);
        String thread = take(members, THREAD_KEYS);
        String stackTrace = take(members, STACK_KEYS);
        Map<String, String> fields = new LinkedHashMap<>();
        members.forEach((k, v) -> fields.put(k, v.text()));
        return new Start(
                millis,
                level == null ? null : level(level),
                logger,
                component != null ? component : logger,
                thread,
                message,
                stackTrace,
                fields.isEmpty() ? Map.of() : Collections.unmodifiableMap(fields));
    }

    /** Python's numeric level ({@code "levelno": 40}) as its name, taken out; null when there is none. */
    private static String pythonLevel(Map<String, JsonLineParser.Member> members) {
        for (String key : List.of("levelno", "level")) {
            JsonLineParser.Member m = members.get(key);
            if (m == null || m.string()) {
                continue;
            }
            String name = switch (m.text()) {
                case "5" -> "TRACE";
                case "10" -> "DEBUG";
                case "20" -> "INFO";
                case "30" -> "WARN";
                case "40" -> "ERROR";
                case "50" -> "CRITICAL";
                default -> null;
            };
            if (name != null) {
                members.remove(key);
                return name;
            }
        }
        return null;
    }

    /** Removes and returns the first of {@code keys} with a string value; null when none has one. */
    private static String take(Map<String, JsonLineParser.Member> members, List<String> keys) {
        for (String key : keys) {
            JsonLineParser.Member m = members.get(key);
            if (m != null && m.string()) {
                members.remove(key);
                return m.text();
            }
        }
        return null;
    }

    private Start text(String line) {
        int[] end = new int[1];
        long millis = time(line, 0, end);
        if (millis == JsonLineParser.NO_TIMESTAMP) {
            return null;
        }
        int afterTime = end[0];
        String level = null;
        String logger = null;
        int messageStart = afterTime;
        int pos = afterTime;
        String before = null;
        boolean glued = false;
        int words = 0;
        while (words < LEVEL_WITHIN_WORDS) {
            int s = skipSpace(line, pos);
            if (s == line.length()) {
                break;
            }
            int e = wordEnd(line, s);
            if (separator(line, s, e)) {
                pos = e;
                continue;
            }
            words++;
            int colon = line.indexOf(':', s);
            String candidate = strip(line, s, colon > s && colon < e - 1 ? colon : e);
            String found = levelWord(candidate);
            if (found != null) {
                level = found;
                // "ERROR:bot.exchange:text": the rest of the word follows the level
                glued = colon > s && colon < e - 1;
                messageStart = glued ? colon + 1 : e;
                if (before != null && isName(before, false)) {
                    logger = before;
                }
                break;
            }
            before = candidate;
            pos = e;
        }
        if (level != null) {
            int s = skipSeparators(line, messageStart);
            int colon = nameColon(line, s, glued);
            if (colon > 0) {
                if (logger == null) {
                    logger = line.substring(s, colon);
                }
                messageStart = colon + 1;
            }
        }
        String message = line.substring(skipSeparators(line, messageStart)).stripTrailing();
        return new Start(millis, level, logger, logger, null, message, null, Map.of());
    }

    /**
     * @param glued whether the level was glued to what follows by a {@code ':'} ({@code ERROR:bot:text}, as
     *              Python's default format writes): then the name's {@code ':'} may be glued to the message
     *              too, otherwise a space must follow it ({@code ERROR bot: text}), so that
     *              {@code module:function:42} stays in the message
     * @return where the name at {@code s} ends in a {@code ':'} that stands before any space, when that name
     *         has a dot or no capital letter; else -1
     */
    private static int nameColon(String line, int s, boolean glued) {
        for (int i = s; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ':') {
                boolean spaced = i + 1 == line.length() || Character.isWhitespace(line.charAt(i + 1));
                return i > s && (glued || spaced) && isName(line.substring(s, i), true) ? i : -1;
            }
            if (Character.isWhitespace(c)) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * A Python logger name: letters, digits, {@code _ . -}, not only digits; with {@code strict}, also a
     * dot or no capital letter, so a message's first word ({@code Connection: reset}) is not taken for one.
     */
    private static boolean isName(String s, boolean strict) {
        if (s.isEmpty()) {
            return false;
        }
        boolean letter = false;
        boolean dot = false;
        boolean capital = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                dot = true;
            } else if (Character.isLetter(c) || c == '_') {
                letter = true;
                capital |= Character.isUpperCase(c);
            } else if (!Character.isDigit(c) && c != '-') {
                return false;
            }
        }
        return letter && (!strict || dot || !capital);
    }

    /** A level word written all upper or all lower case, as its canonical level; else null. */
    private static String levelWord(String word) {
        if (word.isEmpty()
                || (!word.equals(word.toUpperCase(Locale.ROOT)) && !word.equals(word.toLowerCase(Locale.ROOT)))) {
            return null;
        }
        String upper = word.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "CRITICAL", "FATAL" -> level(upper);
            default -> null;
        };
    }

    /** A level as our logs spell it: upper case, WARNING as WARN, FATAL as CRITICAL. */
    static String level(String written) {
        String upper = written.trim().toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "WARNING" -> "WARN";
            case "FATAL" -> "CRITICAL";
            default -> upper;
        };
    }

    /** The word without the brackets around it and a trailing {@code ':'}. */
    private static String strip(String line, int s, int e) {
        while (e > s && ":]>)".indexOf(line.charAt(e - 1)) >= 0) {
            e--;
        }
        while (s < e && "[<(".indexOf(line.charAt(s)) >= 0) {
            s++;
        }
        return line.substring(s, e);
    }

    /** A word of dashes, bars and colons only: what formats put between their parts ({@code " - "}). */
    private static boolean separator(String line, int s, int e) {
        for (int i = s; i < e; i++) {
            if ("-|:".indexOf(line.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int skipSeparators(String line, int pos) {
        while (true) {
            int s = skipSpace(line, pos);
            if (s == line.length()) {
                return s;
            }
            int e = wordEnd(line, s);
            if (!separator(line, s, e)) {
                return s;
            }
            pos = e;
        }
    }

    private static int skipSpace(String line, int pos) {
        while (pos < line.length() && Character.isWhitespace(line.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private static int wordEnd(String line, int pos) {
        while (pos < line.length() && !Character.isWhitespace(line.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    /** A JSON time value: the whole text must be a time. */
    private long wholeTime(String text) {
        int[] end = new int[1];
        String t = text.strip();
        long millis = time(t, 0, end);
        return end[0] == t.length() ? millis : JsonLineParser.NO_TIMESTAMP;
    }

    static long epoch(String number) {
        try {
            BigDecimal value = new BigDecimal(number);
            double approx = value.doubleValue();
            return approx > MILLIS_FROM || approx < -MILLIS_FROM
                    ? value.longValue()
                    : value.movePointRight(3).longValue();
        } catch (NumberFormatException | ArithmeticException e) {
            return JsonLineParser.NO_TIMESTAMP;
        }
    }

    /**
     * Reads a time at {@code at} (see the class comment), optionally in {@code [ ]}.
     *
     * @param end receives where the time (and its closing bracket) ends
     * @return epoch milliseconds, or {@link JsonLineParser#NO_TIMESTAMP} when no time stands there
     */
    long time(String s, int at, int[] end) {
        int i = at;
        boolean bracket = i < s.length() && s.charAt(i) == '[';
        if (bracket) {
            i++;
        }
        if (s.length() - i < 19
                || s.charAt(i + 4) != '-'
                || s.charAt(i + 7) != '-'
                || (s.charAt(i + 10) != 'T' && s.charAt(i + 10) != ' ')
                || s.charAt(i + 13) != ':'
                || s.charAt(i + 16) != ':') {
            return JsonLineParser.NO_TIMESTAMP;
        }
        int year = digits(s, i, 4);
        int month = digits(s, i + 5, 2);
        int day = digits(s, i + 8, 2);
        int hour = digits(s, i + 11, 2);
        int minute = digits(s, i + 14, 2);
        int second = digits(s, i + 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return JsonLineParser.NO_TIMESTAMP;
        }
        i += 19;
        int millis = 0;
        if (i + 1 < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ',') && isDigit(s, i + 1)) {
            i++;
            int n = 0;
            while (isDigit(s, i)) {
                if (n < 3) {
                    millis = millis * 10 + (s.charAt(i) - '0');
                }
                n++;
                i++;
            }
            for (; n < 3; n++) {
                millis *= 10;
            }
        }
        ZoneOffset offset = null;
        if (i < s.length() && s.charAt(i) == 'Z') {
            offset = ZoneOffset.UTC;
            i++;
        } else {
            int z = i < s.length() && s.charAt(i) == ' ' ? i + 1 : i;
            int[] zoneEnd = new int[1];
            offset = offset(s, z, z > i, zoneEnd);
            if (offset != null) {
                i = zoneEnd[0];
            }
        }
        if (bracket) {
            if (i >= s.length() || s.charAt(i) != ']') {
                return JsonLineParser.NO_TIMESTAMP;
            }
            i++;
        }
        if (i < s.length() && Character.isLetterOrDigit(s.charAt(i))) {
            return JsonLineParser.NO_TIMESTAMP;
        }
        try {
            LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59));
            ZoneOffset at0 = offset != null ? offset : zone.getRules().getOffset(local);
            end[0] = i;
            return local.toEpochSecond(at0) * 1000 + millis;
        } catch (DateTimeException e) {
            return JsonLineParser.NO_TIMESTAMP;
        }
    }

    /**
     * {@code +01:00}, {@code +0100}, {@code +01} (the last not after a space, where it may be a separator
     * and a number), or null.
     */
    private static ZoneOffset offset(String s, int i, boolean afterSpace, int[] end) {
        if (i >= s.length() || (s.charAt(i) != '+' && s.charAt(i) != '-')) {
            return null;
        }
        int sign = s.charAt(i) == '-' ? -1 : 1;
        int hours = i + 3 <= s.length() ? digits(s, i + 1, 2) : -1;
        if (hours < 0) {
            return null;
        }
        int j = i + 3;
        int minutes = -1;
        if (j + 3 <= s.length() && s.charAt(j) == ':') {
            minutes = digits(s, j + 1, 2);
            j = minutes < 0 ? j : j + 3;
        } else if (j + 2 <= s.length()) {
            minutes = digits(s, j, 2);
            j = minutes < 0 ? j : j + 2;
        }
        if (minutes < 0) {
            if (afterSpace) {
                return null;
            }
            minutes = 0;
        }
        try {
            ZoneOffset offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
            end[0] = j;
            return offset;
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static boolean isDigit(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    private static int digits(String s, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
