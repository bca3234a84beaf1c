package io.breakoutbot.ops.logs;

import java.util.Locale;

/**
 * The level of one log line, whoever wrote it, least severe first: TRACE &lt; DEBUG &lt; INFO &lt; WARN &lt; ERROR &lt;
 * CRITICAL. Python's WARNING is WARN; CRITICAL and FATAL are CRITICAL.
 *
 * <p>{@link #of(String)} reads it from
 * <ul>
 *   <li>a JSON line: the top-level key {@code "level"} (ours, structlog) or {@code "levelname"} (Python's
 *       logging with a JSON formatter), any case, spaces around the colon allowed;</li>
 *   <li>a plain text line: the first upper-case level word within its first {@value #TEXT_SCAN} characters,
 *       e.g. {@code 2026-12-04 10:00:00,123 ERROR bot.exchange: ...}, {@code [WARNING] ...},
 *       {@code ERROR:root:...}, {@code ... - bot - CRITICAL - ...}. Lower-case words are not taken, since
 *       a message says "error" more often than a prefix does.</li>
 * </ul>
 * {@link #message(String)} gives the part of the line a rule's {@code message~} looks at.
 */
public enum LineLevel {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR,
    CRITICAL;

    private static final String[] EXACT = {"\""};
    /** {@code "level"} (ours, structlog) or {@code "levelname"} (Python's JSON formatters). */
    private static final String[] LEVEL_ENDINGS = {"\"", "name\""};

    /** Characters of a plain text line searched for a level word. */
    static final int TEXT_SCAN = 128;

    /** True when this level is {@code other} or more severe. */
    public boolean atLeast(LineLevel other) {
        return compareTo(other) >= 0;
    }

    /**
     * @param word a level name in any case: TRACE, DEBUG, INFO, WARN, WARNING, ERROR, CRITICAL, FATAL
     * @return the level, or null when it is none of them
     */
    public static LineLevel parse(String word) {
        if (word == null) {
            return null;
        }
        return switch (word.trim().toUpperCase(Locale.ROOT)) {
            case "TRACE" -> TRACE;
            case "DEBUG" -> DEBUG;
            case "INFO" -> INFO;
            case "WARN", "WARNING" -> WARN;
            case "ERROR" -> ERROR;
            case "CRITICAL", "FATAL" -> CRITICAL;
            default -> null;
        };
    }

    /** @return the line's level, or null when it shows none */
    public static LineLevel of(String line) {
        if (line.isEmpty()) {
            return null;
        }
        return line.charAt(0) == '{' ? ofJson(line) : ofText(line);
    }

    /**
     * The text a rule's {@code message~} is matched against: a JSON line's top-level {@code "message"} or
     * {@code "msg"} string, unescaped; the whole line otherwise (and for a JSON line without either key).
     */
    public static String message(String line) {
        if (line.isEmpty() || line.charAt(0) != '{') {
            return line;
        }
        int value = valueStart(line, "\"message", EXACT);
        if (value < 0) {
            value = valueStart(line, "\"msg", EXACT);
        }
        if (value < 0 || line.charAt(value) != '"') {
            return line;
        }
        String text = jsonString(line, value);
        return text != null ? text : line;
    }

    private static LineLevel ofJson(String line) {
        // One pass finds either key: "level" or "levelname", whichever comes first.
        int value = valueStart(line, "\"level", LEVEL_ENDINGS);
        if (value < 0 || line.charAt(value) != '"') {
            return null;
        }
        int end = line.indexOf('"', value + 1);
        // Longest name is CRITICAL and WARNING; anything longer, or escaped, is not a level.
        if (end < 0 || end - value - 1 > 8) {
            return null;
        }
        return parse(line.substring(value + 1, end));
    }

    /**
     * Where the value of a top-level key starts (after the colon and spaces), or -1. The key is {@code keyStart}
     * followed by one of {@code endings} (so one pass finds {@code "level"} or {@code "levelname"}); it follows
     * '{' or ',' (spaces between), which an escaped quote inside a string value never does.
     */
    static int valueStart(String line, String keyStart, String[] endings) {
        int from = 0;

        while (true) {
            int at = line.indexOf(keyStart, from);
            if (at < 0) {
                return -1;
            }
            from = at + keyStart.length();
            String ending = null;
            for (String e : endings) {
                if (line.startsWith(e, from)) {
                    ending = e;
                    break;
                }
            }
            if (ending == null) {
                continue;
            }
            from += ending.length();
            int before = at - 1;
            while (before >= 0 && line.charAt(before) == ' ') {
                before--;
            }
            if (before < 0 || (line.charAt(before) != '{' && line.charAt(before) != ',')) {
                continue;
            }
            int i = skipSpaces(line, from);
            if (i >= line.length() || line.charAt(i) != ':') {
                continue;
            }
            i = skipSpaces(line, i + 1);
            return i < line.length() ? i : -1;
        }
    }

    private static int skipSpaces(String line, int i) {
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** The JSON string starting with the quote at {@code quote}, unescaped; null when it is not closed. */
    static String jsonString(String line, int quote) {
        int i = quote + 1;
        int plain = i;
        while (plain < line.length() && line.charAt(plain) != '"' && line.charAt(plain) != '\\') {
            plain++;
        }
        if (plain < line.length() && line.charAt(plain) == '"') {
            return line.substring(i, plain); // the usual case: nothing escaped
        }
        StringBuilder out = new StringBuilder(line.length() - i);
        out.append(line, i, plain);
        i = plain;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= line.length()) {
                return null;
            }
            char e = line.charAt(i + 1);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 6 > line.length()) {
                        return null;
                    }
                    try {
                        out.append((char) Integer.parseInt(line.substring(i + 2, i + 6), 16));
                    } catch (NumberFormatException notHex) {
                        return null;
                    }
                    i += 4;
                }
                default -> out.append(e); // \" \\ \/
            }
            i += 2;
        }
        return null;
    }

    private static LineLevel ofText(String line) {
        int end = Math.min(line.length(), TEXT_SCAN);
        int i = 0;
        while (i < end) {
            char c = line.charAt(i);
            if (c < 'A' || c > 'Z') {
                i++;
                continue;
            }
            int start = i;
            while (i < line.length() && isLetter(line.charAt(i))) {
                i++;
            }
            boolean boundedBefore = start == 0 || !isLetterOrDigit(line.charAt(start - 1));
            int length = i - start;
            if (boundedBefore && length >= 4 && length <= 8) {
                LineLevel level = upperCaseLevel(line, start, i);
                if (level != null) {
                    return level;
                }
            }
        }
        return null;
    }

    private static LineLevel upperCaseLevel(String line, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = line.charAt(i);
            if (c < 'A' || c > 'Z') {
                return null;
            }
        }
        return parse(line.substring(from, to));
    }

    private static boolean isLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isLetterOrDigit(char c) {
        return isLetter(c) || (c >= '0' && c <= '9');
    }
}
