package io.breakoutbot.ops.logs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A run of bytes found in a buffer without reading every byte of it, as grep finds a long fixed string: the
 * whole fixed part of a filter, {@code ","level":"WARN","component":"risk"}, that every wanted line written by
 * the encoder holds (see {@link #of(String, String)}).
 *
 * <p><b>How.</b> Eight bytes are read every {@code length - 7} bytes. Any occurrence of the run covers exactly one
 * of those probes whole, so a probe that is none of the run's eight-byte pieces rules out every occurrence
 * around it. A table indexed by a hash of the eight bytes tells which piece a probe may be; only then are the
 * bytes around it compared with the run. A run of 36 bytes costs one read per 29 bytes, and no step depends on
 * the one before, unlike a search that skips by the byte it just read.
 *
 * <p>Immutable and thread-safe.
 */
final class FixedBytes {

    /** A shorter run is probed every eight bytes or less, close to reading every byte: {@link RawFilter} does that. */
    static final int MIN_LENGTH = 16;
    /** Longer runs are cut to this: a prefix of the run is in every line that holds the run. */
    static final int MAX_LENGTH = 120;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int HASH_BITS = 12;
    /** Several pieces share a slot: each is tried. */
    private static final byte SHARED = -1;

    private static final byte[] LEVEL_KEY = ascii("\",\"level\":");
    private static final byte[] COMPONENT_KEY = ascii(",\"component\":");
    private static final byte[] COMPONENT_KEY_QUOTED = ascii(",\"component\":\"");
    private static final byte[] QUOTED_COMPONENT_KEY = ascii("\",\"component\":");

    private final byte[] run;
    /** {@code run[j, j + 8)} as a word, for every j. */
    private final long[] pieces;
    /** By hash of a word: 0 when no piece has that hash, j + 1 when piece j alone has, {@link #SHARED} otherwise. */
    private final byte[] slots = new byte[1 << HASH_BITS];

    private final int stride;

    private FixedBytes(byte[] run) {
        this.run = run;
        this.pieces = new long[run.length - 7];
        for (int j = 0; j < pieces.length; j++) {
            pieces[j] = (long) LONGS.get(run, j);
            int h = hash(pieces[j]);
            slots[h] = slots[h] == 0 ? (byte) (j + 1) : SHARED;
        }
        this.stride = run.length - 7;
    }

    /** @return the search for {@code run}, cut to {@link #MAX_LENGTH}; null when it is shorter than {@link #MIN_LENGTH} */
    static FixedBytes of(byte[] run) {
        return run.length < MIN_LENGTH ? null : new FixedBytes(Arrays.copyOf(run, Math.min(run.length, MAX_LENGTH)));
    }

    /**
     * The bytes every line written by {@link JsonLineEncoder} holds when its level is {@code level} and its
     * component {@code component}: the encoder writes {@code {"timestamp":"...","level":"<level>","component":
     * "<component>"} first, each value escaped as {@link JsonBytes} escapes it. Only such lines hold them for
     * sure: another writer may space or order its keys otherwise, or escape a letter.
     *
     * @param level     the wanted level, or null for any
     * @param component the wanted component, or null for any
     * @return the search, or null when both are null or the bytes are too few to be worth it
     */
    static FixedBytes of(String level, String component) {
        if (level == null && component == null) {
            return null;
        }
        JsonBytes bytes = new JsonBytes(64);
        if (level != null) {
            bytes.raw(LEVEL_KEY);
            bytes.string(level);
            bytes.raw(component == null ? COMPONENT_KEY_QUOTED : COMPONENT_KEY);
        } else {
            bytes.raw(QUOTED_COMPONENT_KEY);
        }
        if (component != null) {
            bytes.string(component);
        }
        return of(bytes.toByteArray());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Bytes in the run searched for. */
    int length() {
        return run.length;
    }

    /** The run searched for, as text. */
    @Override
    public String toString() {
        return new String(run, StandardCharsets.UTF_8);
    }

    /** @return the start of the first occurrence of the run that lies whole in {@code b[from, to)}, or -1 */
    int next(byte[] b, int from, int to) {
        // In locals: the loop is the search's hottest, and the compiler need not prove them unchanged.
        byte[] slots = this.slots;
        long[] pieces = this.pieces;
        int stride = this.stride;
        int n = run.length;
        int last = to - 8;
        for (int p = from; p <= last; p += stride) {
            long word = (long) LONGS.get(b, p);
            int slot = slots[hash(word)];
            if (slot == 0) {
                continue;
            }
            if (slot > 0) {
                int start = p - (slot - 1);
                if (pieces[slot - 1] == word && start >= from && start + n <= to && at(b, start)) {
                    return start;
                }
                continue;
            }
            // The earliest start first: the piece furthest into the run.
            for (int j = pieces.length - 1; j >= 0; j--) {
                int start = p - j;
                if (pieces[j] == word && start >= from && start + n <= to && at(b, start)) {
                    return start;
                }
            }
        }
        return -1;
    }

    /** True when the run is at {@code b[start, start + length)}, which the caller checked lies in {@code b}. */
    private boolean at(byte[] b, int start) {
        int n = run.length;
        for (int k = 0; k + 8 <= n; k += 8) {
            if ((long) LONGS.get(b, start + k) != pieces[k]) {
                return false;
            }
        }
        return (long) LONGS.get(b, start + n - 8) == pieces[n - 8];
    }

    private static int hash(long word) {
        return (int) ((word * 0x9E3779B97F4A7C15L) >>> (64 - HASH_BITS));
    }
}
