package io.breakoutbot.ops.logs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads lines written by {@link JsonLineEncoder} back, from raw UTF-8 bytes.
 *
 * <p>Two speeds. The encoder always starts a line with {@code {"timestamp":"<24 chars>","level":"<level>",
 * "component":"<component>"}, so the timestamp, level and component sit at known places and are read without
 * parsing the line: that is all a search needs to reject most lines. Only lines that pass get the full
 * parse, a strict JSON parser for one object that keeps every top-level key. A line without that prefix
 * (another writer, an older format) is fully parsed to find out; a line that is not one JSON object is
 * rejected.
 */
final class JsonLineParser {

    /** Returned by {@link #timestampMillis} when the line does not start the way the encoder writes it. */
    static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private static final byte[] PREFIX = "{\"timestamp\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final int TIMESTAMP_START = PREFIX.length;
    private static final int TIMESTAMP_LENGTH = "2026-11-28T17:53:36.287Z".length();
    private static final byte[] LEVEL_KEY = "\",\"level\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final int LEVEL_START = TIMESTAMP_START + TIMESTAMP_LENGTH + LEVEL_KEY.length;
    private static final byte[] COMPONENT_KEY = "\",\"component\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_DEPTH = 64;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long BRACES = 0x7B7B7B7B7B7B7B7BL;

    private JsonLineParser() {}

    /** True when the line starts as the encoder writes it: {@code {"timestamp":"<24 bytes>","level":"}. */
    static boolean hasPrefix(byte[] b, int from, int to) {
        return to - from > LEVEL_START
                && startsWith(b, from, PREFIX)
                && startsWith(b, from + TIMESTAMP_START + TIMESTAMP_LENGTH, LEVEL_KEY);
    }

    /**
     * @return where, at or after {@code from}, a line would start as the encoder starts one
     *         ({@code {"timestamp":"}), or -1. Inside a whole line that is only ever a nested object with a
     *         timestamp key, as the quotes of values are escaped; after a line cut short, it is the next line.
     */
    static int nextLineStart(byte[] b, int from, int to) {
        int last = to - PREFIX.length;
        // Every line is looked into for glue: eight bytes a step, as a word fits wherever a prefix still does.
        for (int i = from; i <= last; ) {
            long braces = equalBytes((long) LONGS.get(b, i), BRACES);
            if (braces == 0) {
                i += 8;
                continue;
            }
            int at = i + Long.numberOfTrailingZeros(braces) / 8;
            if (at > last) {
                return -1;
            }
            if (startsWith(b, at, PREFIX)) {
                return at;
            }
            i = at + 1;
        }
        return -1;
    }

    /** 0x80 in every byte of {@code word} equal to the byte repeated in {@code repeated}, 0 elsewhere. */
    private static long equalBytes(long word, long repeated) {
        long x = word ^ repeated;
        return ~(((x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | x | 0x7F7F7F7F7F7F7F7FL);
    }

    /**
     * @return epoch milliseconds of the line's timestamp, or {@link #NO_TIMESTAMP} when the line does not
     *         start with the encoder's fixed prefix ({@code {"timestamp":"yyyy-MM-ddTHH:mm:ss.SSSZ","level":"})
     */
    static long timestampMillis(byte[] b, int from, int to) {
        if (to - from < LEVEL_START + 1
                || !startsWith(b, from, PREFIX)
                || !startsWith(b, from + TIMESTAMP_START + TIMESTAMP_LENGTH, LEVEL_KEY)) {
            return NO_TIMESTAMP;
        }
        int t = from + TIMESTAMP_START;
        if (b[t + 4] != '-'
                || b[t + 7] != '-'
                || b[t + 10] != 'T'
                || b[t + 13] != ':'
                || b[t + 16] != ':'
                || b[t + 19] != '.'
                || b[t + 23] != 'Z') {
            return NO_TIMESTAMP;
        }
        int year = digits(b, t, 4);
        int month = digits(b, t + 5, 2);
        int day = digits(b, t + 8, 2);
        int hour = digits(b, t + 11, 2);
        int minute = digits(b, t + 14, 2);
        int second = digits(b, t + 17, 2);
        int millis = digits(b, t + 20, 3);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > 31
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59
                || millis < 0) {
            return NO_TIMESTAMP;
        }
        long seconds = daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
        return seconds * 1000 + millis;
    }

    /**
     * For a line {@link #timestampMillis} accepted: the end (exclusive) of the level value, which starts at
     * {@code from + }{@link #levelStart()}; -1 when the value holds an escape or does not end.
     */
    static int levelEnd(byte[] b, int from, int to) {
        return plainStringEnd(b, from + LEVEL_START, to);
    }

    static int levelStart() {
        return LEVEL_START;
    }

    /** @return where the component value starts after a level ending at {@code levelEnd}, or -1 */
    static int componentStart(byte[] b, int levelEnd, int to) {
        return levelEnd + COMPONENT_KEY.length <= to && startsWith(b, levelEnd, COMPONENT_KEY)
                ? levelEnd + COMPONENT_KEY.length
                : -1;
    }

    /** @return the end (exclusive) of the string value starting at {@code start}, or -1 when it holds an escape */
    static int plainStringEnd(byte[] b, int start, int to) {
        for (int i = start; i < to; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /** Epoch milliseconds of a timestamp in any ISO-8601 instant form, for lines off the fast path; or {@link #NO_TIMESTAMP}. */
    static long parseTimestamp(String timestamp) {
        try {
            return Instant.parse(timestamp).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return NO_TIMESTAMP;
        }
    }

    /**
     * Parses a whole line.
     *
     * @return the entry, or null when the bytes are not exactly one JSON object with a string {@code timestamp}
     */
    static LogEntry parse(byte[] b, int from, int to, String source) {
        Parser p = new Parser(b, from, to);
        try {
            return p.entry(source);
        } catch (Malformed e) {
            return null;
        }
    }

    /**
     * One top-level value of a line read by {@link #members}.
     *
     * @param text   a string's decoded text, or any other value's JSON text ({@code 12}, {@code null},
     *               {@code {"a":1}})
     * @param string whether the value is a JSON string
     */
    record Member(String text, boolean string) {}

    /**
     * Parses a whole line of any JSON object, whatever its keys (another process's log).
     *
     * @return every top-level key with its value, in line order (a repeated key keeps its last value), or
     *         null when the bytes are not exactly one JSON object
     */
    static Map<String, Member> members(byte[] b, int from, int to) {
        Parser p = new Parser(b, from, to);
        try {
            return p.members();
        } catch (Malformed e) {
            return null;
        }
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int digits(byte[] b, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    private static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /** Thrown inside the parser only; a stack trace would cost more than the parse. */
    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        static final Malformed INSTANCE = new Malformed();

        private Malformed() {
            super(null, null, false, false);
        }
    }

    private static final class Parser {
        private final byte[] b;
        private final int end;
        private int pos;

        Parser(byte[] b, int from, int to) {
            this.b = b;
            this.pos = from;
            this.end = to;
        }

        LogEntry entry(String source) throws Malformed {
            String timestamp = null;
            String level = null;
            String component = null;
            String logger = null;
            String thread = null;
            String message = null;
            String stackTrace = null;
            Map<String, String> fields = null;
            boolean hasTimestamp = false;
            skipSpace();
            expect('{');
            skipSpace();
            if (peek() == '}') {
                throw Malformed.INSTANCE;
            }
            while (true) {
                skipSpace();
                expect('"');
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                boolean isString = peek() == '"';
                String value;
                if (isString) {
                    pos++;
                    value = string();
                } else {
                    int start = pos;
                    value(0);
                    value = new String(b, start, pos - start, StandardCharsets.UTF_8);
                }
                String text = isString ? value : null;
                switch (key) {
                    case "timestamp" -> {
                        timestamp = text;
                        hasTimestamp = isString;
                    }
                    case "level" -> level = text;
                    case "component" -> component = text;
                    case "logger" -> logger = text;
                    case "thread" -> thread = text;
                    case "message" -> message = text;
                    case "stackTrace" -> stackTrace = text;
                    default -> {
                        if (fields == null) {
                            fields = new LinkedHashMap<>();
                        }
                        fields.put(key, value);
                    }
                }
                skipSpace();
                byte c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw Malformed.INSTANCE;
                }
            }
            skipSpace();
            if (pos != end || !hasTimestamp) {
                throw Malformed.INSTANCE;
            }
            return new LogEntry(
                    timestamp,
                    level,
                    component,
                    logger,
                    thread,
                    message,
                    stackTrace,
                    fields == null ? Map.of() : Collections.unmodifiableMap(fields),
                    source);
        }

        Map<String, Member> members() throws Malformed {
            Map<String, Member> members = new LinkedHashMap<>();
            skipSpace();
            expect('{');
            skipSpace();
            if (peek() == '}') {
                pos++;
            } else {
                while (true) {
                    skipSpace();
                    expect('"');
                    String key = string();
                    skipSpace();
                    expect(':');
                    skipSpace();
                    if (peek() == '"') {
                        pos++;
                        members.put(key, new Member(string(), true));
                    } else {
                        int start = pos;
                        value(0);
                        members.put(key, new Member(new String(b, start, pos - start, StandardCharsets.UTF_8), false));
                    }
                    skipSpace();
                    byte c = next();
                    if (c == '}') {
                        break;
                    }
                    if (c != ',') {
                        throw Malformed.INSTANCE;
                    }
                }
            }
            skipSpace();
            if (pos != end) {
                throw Malformed.INSTANCE;
            }
            return members;
        }

        /** Validates one value and moves past it. */
        private void value(int depth) throws Malformed {
            if (depth > MAX_DEPTH) {
                throw Malformed.INSTANCE;
            }
            byte c = peek();
            switch (c) {
                case '"' -> {
                    pos++;
                    skipString();
                }
                case '{' -> {
                    pos++;
                    skipSpace();
                    if (peek() == '}') {
                        pos++;
                        return;
                    }
                    while (true) {
                        skipSpace();
                        expect('"');
                        skipString();
                        skipSpace();
                        expect(':');
                        skipSpace();
                        value(depth + 1);
                        skipSpace();
                        byte n = next();
                        if (n == '}') {
                            return;
                        }
                        if (n != ',') {
                            throw Malformed.INSTANCE;
                        }
                    }
                }
                case '[' -> {
                    pos++;
                    skipSpace();
                    if (peek() == ']') {
                        pos++;
                        return;
                    }
                    while (true) {
                        skipSpace();
                        value(depth + 1);
                        skipSpace();
                        byte n = next();
                        if (n == ']') {
                            return;
                        }
                        if (n != ',') {
                            throw Malformed.INSTANCE;
                        }
                    }
                }
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> number();
            }
        }

        private void literal(String word) throws Malformed {
            if (end - pos < word.length()) {
                throw Malformed.INSTANCE;
            }
            for (int i = 0; i < word.length(); i++) {
                if (b[pos + i] != word.charAt(i)) {
                    throw Malformed.INSTANCE;
                }
            }
            pos += word.length();
        }

        private void number() throws Malformed {
            if (pos < end && b[pos] == '-') {
                pos++;
            }
            if (pos >= end) {
                throw Malformed.INSTANCE;
            }
            if (b[pos] == '0') {
                pos++;
            } else if (isDigit()) {
                while (isDigit()) {
                    pos++;
                }
            } else {
                throw Malformed.INSTANCE;
            }
            if (pos < end && b[pos] == '.') {
                pos++;
                requireDigits();
            }
            if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
                pos++;
                if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                    pos++;
                }
                requireDigits();
            }
        }

        private void requireDigits() throws Malformed {
            if (!isDigit()) {
                throw Malformed.INSTANCE;
            }
            while (isDigit()) {
                pos++;
            }
        }

        private boolean isDigit() {
            return pos < end && b[pos] >= '0' && b[pos] <= '9';
        }

        /** After the opening quote: the decoded string, leaving {@code pos} after the closing quote. */
        private String string() throws Malformed {
            int start = pos;
            while (pos < end) {
                byte c = b[pos];
                if (c == '"') {
                    String s = new String(b, start, pos - start, StandardCharsets.UTF_8);
                    pos++;
                    return s;
                }
                if (c == '\\') {
                    return escapedString(start);
                }
                if (c >= 0 && c < 0x20) {
                    throw Malformed.INSTANCE;
                }
                pos++;
            }
            throw Malformed.INSTANCE;
        }

        private String escapedString(int start) throws Malformed {
            StringBuilder out = new StringBuilder(pos - start + 32);
            int run = start;
            while (pos < end) {
                byte c = b[pos];
                if (c == '"') {
                    out.append(new String(b, run, pos - run, StandardCharsets.UTF_8));
                    pos++;
                    return out.toString();
                }
                if (c >= 0 && c < 0x20) {
                    throw Malformed.INSTANCE;
                }
                if (c != '\\') {
                    pos++;
                    continue;
                }
                out.append(new String(b, run, pos - run, StandardCharsets.UTF_8));
                if (pos + 1 >= end) {
                    throw Malformed.INSTANCE;
                }
                byte e = b[pos + 1];
                pos += 2;
                switch (e) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (end - pos < 4) {
                            throw Malformed.INSTANCE;
                        }
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int h = Character.digit(b[pos + i], 16);
                            if (h < 0) {
                                throw Malformed.INSTANCE;
                            }
                            code = code * 16 + h;
                        }
                        pos += 4;
                        out.append((char) code);
                    }
                    default -> throw Malformed.INSTANCE;
                }
                run = pos;
            }
            throw Malformed.INSTANCE;
        }

        private void skipString() throws Malformed {
            while (pos < end) {
                byte c = b[pos++];
                if (c == '"') {
                    return;
                }
                if (c >= 0 && c < 0x20) {
                    throw Malformed.INSTANCE;
                }
                if (c == '\\') {
                    if (pos >= end) {
                        throw Malformed.INSTANCE;
                    }
                    byte e = b[pos++];
                    if (e == 'u') {
                        if (end - pos < 4) {
                            throw Malformed.INSTANCE;
                        }
                        for (int i = 0; i < 4; i++) {
                            if (Character.digit(b[pos + i], 16) < 0) {
                                throw Malformed.INSTANCE;
                            }
                        }
                        pos += 4;
                    } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                        throw Malformed.INSTANCE;
                    }
                }
            }
            throw Malformed.INSTANCE;
        }

        private void skipSpace() {
            while (pos < end) {
                byte c = b[pos];
                if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                    return;
                }
                pos++;
            }
        }

        private byte peek() throws Malformed {
            if (pos >= end) {
                throw Malformed.INSTANCE;
            }
            return b[pos];
        }

        private byte next() throws Malformed {
            if (pos >= end) {
                throw Malformed.INSTANCE;
            }
            return b[pos++];
        }

        private void expect(char c) throws Malformed {
            if (next() != c) {
                throw Malformed.INSTANCE;
            }
        }
    }
}
