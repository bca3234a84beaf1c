package io.breakoutbot.ops.logs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The bytes a line must hold to match a level or component filter, searched for in many lines at once, as
 * grep searches, so that only the lines that hold them are judged and parsed.
 *
 * <p><b>Why it never drops a match.</b> The search compares levels and components exactly, as JSON strings.
 * A JSON string holds each of its characters either as itself or escaped, and every escape starts with a
 * backslash. So a line whose level (or component) is one of the wanted values holds that value between
 * quotes, {@code "WARN"}, byte for byte, or holds a backslash somewhere; wherever the key is in the line,
 * whatever the spacing, and for a line cut short with another glued on too. A line with neither cannot match:
 * this filter finds every line with one of the two, and leaves the deciding to the search.
 *
 * <p><b>How.</b> One rare byte of each wanted value (an upper-case letter of a level, a rare letter of a
 * component) and the backslash are looked for eight bytes at a time; each hit is checked against the whole
 * quoted value. Only one of the two filters is searched for, the one likely to hold fewer lines: WARN, DEBUG
 * or TRACE before a component, a component before INFO or ERROR (errors.log holds nothing else).
 */
final class RawFilter {

    /** Values searched for at most: each costs a comparison per eight bytes. */
    private static final int MAX_NEEDLES = 4;

    /** Bytes from the most to the least frequent in our lines, roughly: the key byte is the rarest of a value. */
    private static final String FREQUENT = "\" :,.-_0123456789TZetaoinsmplrcghdvuINFOfywbkEROAWDBUGRjxqzCLS";

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long BACKSLASHES = '\\' * ONES;

    /** Each value with its quotes, {@code "WARN"}. */
    private final byte[][] needles;
    /** Where each needle's key byte is in it. */
    private final int[] keyAt;
    /** Each needle's key byte in every byte of a word. */
    private final long[] keys;

    private RawFilter(byte[][] needles) {
        this.needles = needles;
        this.keyAt = new int[needles.length];
        this.keys = new long[needles.length];
        for (int n = 0; n < needles.length; n++) {
            int best = 1;
            for (int i = 1; i < needles[n].length - 1; i++) {
                if (rarity(needles[n][i]) > rarity(needles[n][best])) {
                    best = i;
                }
            }
            keyAt[n] = best;
            keys[n] = (needles[n][best] & 0xFFL) * ONES;
        }
    }

    /** @return the filter for these wanted values, or null when every line must be judged */
    static RawFilter of(Set<String> levels, Set<String> components) {
        boolean rareLevels = !levels.isEmpty()
                && levels.stream().allMatch(l -> l.equals("WARN") || l.equals("DEBUG") || l.equals("TRACE"));
        Set<String> values = rareLevels ? levels : usable(components) ? components : levels;
        if (!usable(values)) {
            return null;
        }
        return new RawFilter(values.stream()
                .map(v -> ("\"" + v + "\"").getBytes(StandardCharsets.UTF_8))
                .toArray(byte[][]::new));
    }

    /** True when these values can be searched for: some, not too many, none empty. */
    private static boolean usable(Set<String> values) {
        return !values.isEmpty() && values.size() <= MAX_NEEDLES && !values.contains("");
    }

    private static int rarity(byte b) {
        int i = FREQUENT.indexOf((char) (b & 0xFF));
        return i < 0 ? FREQUENT.length() : i;
    }

    /**
     * @return the index in {@code b[from, to)} of the first backslash or of the first byte of a wanted value
     *         that starts at or after {@code from} and ends by {@code to}; -1 when there is none
     */
    int next(byte[] b, int from, int to) {
        return keys.length == 1 ? nextOfOne(b, from, to, keys[0]) : nextOfMany(b, from, to);
    }

    /** {@link #next} for one wanted value, the common case: sixteen bytes a step, no inner loop. */
    private int nextOfOne(byte[] b, int from, int to, long key) {
        int i = from;
        int last = to - 16;
        while (i <= last) {
            long w0 = (long) LONGS.get(b, i);
            long w1 = (long) LONGS.get(b, i + 8);
            long h0 = maybeEqual(w0 ^ BACKSLASHES) | maybeEqual(w0 ^ key);
            long h1 = maybeEqual(w1 ^ BACKSLASHES) | maybeEqual(w1 ^ key);
            if ((h0 | h1) != 0) {
                int found = hits(b, i, h0, from, to);
                if (found < 0) {
                    found = hits(b, i + 8, h1, from, to);
                }
                if (found >= 0) {
                    return found;
                }
            }
            i += 16;
        }
        for (; i < to; i++) {
            int found = check(b, i, from, to);
            if (found >= 0) {
                return found;
            }
        }
        return -1;
    }

    /** Checks the flagged bytes of the word at {@code i}: may be a backslash or a key byte. */
    private int hits(byte[] b, int i, long flagged, int from, int to) {
        while (flagged != 0) {
            int found = check(b, i + Long.numberOfTrailingZeros(flagged) / 8, from, to);
            if (found >= 0) {
                return found;
            }
            flagged &= flagged - 1;
        }
        return -1;
    }

    /**
     * 0x80 in every zero byte of {@code x}, and maybe in bytes above one (a borrow): cheaper than exact, and
     * {@link #check} reads every flagged byte anyway.
     */
    private static long maybeEqual(long x) {
        return (x - ONES) & ~x & ~LOW7;
    }

    private int nextOfMany(byte[] b, int from, int to) {
        int i = from;
        while (i + 8 <= to) {
            long word = (long) LONGS.get(b, i);
            long hits = equal(word, BACKSLASHES);
            for (long key : keys) {
                hits |= equal(word, key);
            }
            while (hits != 0) {
                int at = i + Long.numberOfTrailingZeros(hits) / 8;
                int found = check(b, at, from, to);
                if (found >= 0) {
                    return found;
                }
                hits &= hits - 1;
            }
            i += 8;
        }
        for (; i < to; i++) {
            int found = check(b, i, from, to);
            if (found >= 0) {
                return found;
            }
        }
        return -1;
    }

    /** @return where the backslash or wanted value at {@code at} starts, or -1 when there is none there */
    private int check(byte[] b, int at, int from, int to) {
        byte c = b[at];
        if (c == '\\') {
            return at;
        }
        for (int n = 0; n < needles.length; n++) {
            byte[] needle = needles[n];
            int start = at - keyAt[n];
            if (needle[keyAt[n]] != c || start < from || start + needle.length > to) {
                continue;
            }
            int j = 0;
            while (j < needle.length && b[start + j] == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                return start;
            }
        }
        return -1;
    }

    /** 0x80 in every byte of {@code word} equal to the byte repeated in {@code repeated}, 0 elsewhere. */
    private static long equal(long word, long repeated) {
        long x = word ^ repeated;
        return ~(((x & LOW7) + LOW7) | x | LOW7);
    }
}
