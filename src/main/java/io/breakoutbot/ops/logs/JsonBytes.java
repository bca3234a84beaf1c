package io.breakoutbot.ops.logs;

import java.util.Arrays;

/**
 * A growing array of UTF-8 bytes that JSON strings are written into escaped, by the rules of
 * {@link JsonLineEncoder#escape}: every control character, quote and backslash is escaped, as are U+007F,
 * U+2028 and U+2029, and a lone surrogate becomes U+FFFD, so the bytes are always one line of valid JSON
 * and valid UTF-8. Not thread-safe: one per line being written.
 */
final class JsonBytes {

    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    /** ASCII characters written as they are; every other one below 0x80 is escaped. */
    private static final boolean[] PLAIN = new boolean[0x80];

    static {
        for (int c = 0x20; c < 0x7f; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    private byte[] bytes;
    private int length;

    /** @param capacity bytes held before the array grows */
    JsonBytes(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    /** Appends bytes that are already JSON. */
    void raw(byte[] json) {
        room(json.length);
        System.arraycopy(json, 0, bytes, length, json.length);
        length += json.length;
    }

    /** Appends three digits, 000 to 999. */
    void millis(int millis) {
        room(3);
        bytes[length++] = (byte) ('0' + millis / 100);
        bytes[length++] = (byte) ('0' + millis / 10 % 10);
        bytes[length++] = (byte) ('0' + millis % 10);
    }

    /** Appends {@code text} as a JSON string, quotes included. */
    void string(String text) {
        int n = text.length();
        // Plain ASCII, the common case, takes one byte per character; anything else at most 6 (an escape).
        room(n + 2);
        byte[] b = bytes;
        int at = length;
        b[at++] = '"';
        int i = 0;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80 || !PLAIN[c]) {
                break;
            }
            b[at++] = (byte) c;
        }
        length = at;
        if (i < n) {
            escaped(text, i);
        }
        room(1);
        bytes[length++] = '"';
    }

    /** The rest of {@code text} from {@code from}, one character at a time. */
    private void escaped(String text, int from) {
        int n = text.length();
        for (int i = from; i < n; i++) {
            char c = text.charAt(i);
            room(6);
            if (c < 0x80) {
                if (PLAIN[c]) {
                    bytes[length++] = (byte) c;
                } else {
                    escape(c);
                }
            } else if (c < 0x800) {
                bytes[length++] = (byte) (0xc0 | c >> 6);
                bytes[length++] = (byte) (0x80 | c & 0x3f);
            } else if (c == '\u2028' || c == '\u2029') {
                unicodeEscape(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                bytes[length++] = (byte) (0xf0 | cp >> 18);
                bytes[length++] = (byte) (0x80 | cp >> 12 & 0x3f);
                bytes[length++] = (byte) (0x80 | cp >> 6 & 0x3f);
                bytes[length++] = (byte) (0x80 | cp & 0x3f);
            } else {
                char three = Character.isSurrogate(c) ? '\ufffd' : c;
                bytes[length++] = (byte) (0xe0 | three >> 12);
                bytes[length++] = (byte) (0x80 | three >> 6 & 0x3f);
                bytes[length++] = (byte) (0x80 | three & 0x3f);
            }
        }
    }

    private void escape(char c) {
        switch (c) {
            case '"' -> two('"');
            case '\\' -> two('\\');
            case '\n' -> two('n');
            case '\r' -> two('r');
            case '\t' -> two('t');
            default -> unicodeEscape(c);
        }
    }

    private void two(char second) {
        bytes[length++] = '\\';
        bytes[length++] = (byte) second;
    }

    private void unicodeEscape(char c) {
        bytes[length++] = '\\';
        bytes[length++] = 'u';
        bytes[length++] = HEX[c >> 12 & 0xf];
        bytes[length++] = HEX[c >> 8 & 0xf];
        bytes[length++] = HEX[c >> 4 & 0xf];
        bytes[length++] = HEX[c & 0xf];
    }

    private void room(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + more, 2 * bytes.length));
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }
}
