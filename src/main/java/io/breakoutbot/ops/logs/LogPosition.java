package io.breakoutbot.ops.logs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Comparator;

/**
 * Where a line stands in the one order every search returns, newest first. The order depends only on a
 * line's content and on which log it belongs to, never on the file that holds it, so a
 * rotation (rename, then gzip) between two pages moves no line. Newest timestamp first; within one
 * millisecond by segment, then by a 64-bit hash of the line's bytes; identical lines (same millisecond,
 * segment and bytes) are interchangeable and numbered by {@code occurrence}, 0 first.
 *
 * <p>Entries of other processes' logs all have segment {@link #OTHER_PROCESSES}, after ours, and the hash of
 * every line of the entry and of the log's name ({@code bot.log}), so entries of two logs are never copies
 * of each other.
 *
 * <p>Two different lines of one log in one millisecond with the same hash (odds about 2<sup>-64</sup>) would
 * be taken for copies of each other. Changing {@link #hash} reorders lines: bump {@link LogCursor}'s
 * version with it.
 *
 * @param timestamp  epoch milliseconds
 * @param segment    {@link LogSegment#ordinal()} of the log the line belongs to, or {@link #OTHER_PROCESSES}
 * @param hash       {@link #hash} of the line's bytes, without its {@code '\n'} (another process's entry:
 *                   see above)
 * @param occurrence which copy of identical lines, from 0
 */
record LogPosition(long timestamp, int segment, long hash, int occurrence) {

    /** The segment of every other process's entry: beyond any of ours, and one byte in a cursor. */
    static final int OTHER_PROCESSES = Byte.MAX_VALUE;

    /** The newest-first order of lines, ignoring {@code occurrence} (identical lines compare equal). */
    static final Comparator<LogPosition> NEWEST_FIRST = (a, b) -> {
        if (a.timestamp != b.timestamp) {
            return a.timestamp > b.timestamp ? -1 : 1;
        }
        if (a.segment != b.segment) {
            return Integer.compare(a.segment, b.segment);
        }
        return Long.compareUnsigned(a.hash, b.hash);
    };

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long P1 = 0x9E3779B97F4A7C15L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x87C37B91114253D5L;

    LogPosition withOccurrence(int n) {
        return new LogPosition(timestamp, segment, hash, n);
    }

    /** A fixed 64-bit hash of {@code b[from, to)} (a multiply-rotate over 8-byte words, murmur3's finalizer). */
    static long hash(byte[] b, int from, int to) {
        long h = P1 ^ (to - from);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long k = (long) LONGS.get(b, i);
            h = Long.rotateLeft(h ^ mix(k), 27) * P1 + 0x52DCE729L;
        }
        long tail = 0;
        for (int shift = 0; i < to; i++, shift += 8) {
            tail |= (b[i] & 0xFFL) << shift;
        }
        h ^= mix(tail);
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    /** A hash of {@code h} followed by {@code next}: order matters. */
    static long combine(long h, long next) {
        long c = Long.rotateLeft(h ^ mix(next), 27) * P1 + 0x52DCE729L;
        c ^= c >>> 33;
        c *= 0xFF51AFD7ED558CCDL;
        c ^= c >>> 33;
        return c;
    }

    private static long mix(long k) {
        return Long.rotateLeft(k * P2, 31) * P3;
    }
}
