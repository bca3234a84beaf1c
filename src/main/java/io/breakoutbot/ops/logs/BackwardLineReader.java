package io.breakoutbot.ops.logs;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Reads the lines of a plain file from the last to the first, in blocks, so that the newest lines of a
 * large file cost only its tail. Lines are split on {@code '\n'} bytes, which never occur inside a
 * multi-byte UTF-8 sequence, so no character is ever cut. A line longer than a block grows the buffer.
 */
final class BackwardLineReader {

    /** Bytes read per system call. */
    static final int BLOCK = 64 * 1024;
    /** Below this size a file is read from its end rather than searched for a starting point. */
    private static final long SEEK_THRESHOLD = 4L * BLOCK;
    /** Bytes read per probe of the binary search: enough for the timestamp and a short line or two. */
    private static final int PROBE = 4096;
    /** Lines tried after a probe point before giving up on finding a timestamp there. */
    private static final int MAX_PROBES = 8;

    /** Receives lines; returning false stops the reading. */
    interface Lines {
        boolean accept(byte[] b, int from, int to);
    }

    /**
     * Receives whole lines in bulk: {@code b[from, to)} holds one or more complete lines separated by
     * {@code '\n'}, without the last one's; returning false stops the reading.
     */
    interface Regions {
        /** @param position where {@code b[from]} is in the file (in the uncompressed stream of a gzip file), bytes */
        boolean accept(byte[] b, int from, int to, long position);
    }

    /** Bytes of the largest block read at once by {@link #readRegions}: the blocks double up to it. */
    static final int MAX_BLOCK = 1 << 20;

    /** Tells whether every line from a sampled one onwards is too new to be wanted. */
    interface Newer {
        /** @param timestamp epoch milliseconds of the sampled line */
        boolean allAfter(long timestamp);
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final FileChannel channel;

    BackwardLineReader(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Hands the lines of {@code [0, end)} to {@code lines}, last first, without their {@code '\n'}. The
     * bytes after the last {@code '\n'} before {@code end} are a line still being written (or cut by a
     * crash) and are skipped.
     */
    void read(long end, Lines lines) throws IOException {
        byte[] buf = new byte[2 * BLOCK];
        long filePos = end; // file offset of buf[lo]
        int lo = buf.length; // data is buf[lo, hi)
        int hi = buf.length;
        int scan = hi; // [scan, hi) holds no '\n'
        boolean inTail = true; // no '\n' met yet: what we hold is the unfinished last line
        while (true) {
            int i = lastNewline(buf, lo, scan);
            if (i >= lo) {
                if (inTail) {
                    inTail = false;
                } else if (!lines.accept(buf, i + 1, hi)) {
                    return;
                }
                hi = i;
                scan = i;
                continue;
            }
            if (filePos == 0) {
                if (!inTail) {
                    lines.accept(buf, lo, hi);
                }
                return;
            }
            int keep = hi - lo;
            int n = (int) Math.min(BLOCK, filePos);
            if (lo < n) {
                byte[] target = keep + n <= buf.length ? buf : new byte[Math.max(2 * buf.length, keep + n)];
                System.arraycopy(buf, lo, target, target.length - keep, keep);
                buf = target;
                hi = buf.length;
                lo = hi - keep;
            }
            scan = lo;
            filePos -= n;
            readFully(buf, lo - n, n, filePos);
            lo -= n;
        }
    }

    /**
     * Hands the lines of {@code [0, end)} to {@code regions} in runs of whole lines, the last run first: a
     * caller that looks for a few bytes searches a whole run at once instead of line by line. Blocks start
     * at {@link #BLOCK}, so that reading a file's tail stays cheap, and double up to {@link #MAX_BLOCK}. As
     * {@link #read}, the bytes after the last {@code '\n'} before {@code end} are skipped.
     */
    void readRegions(long end, Regions regions) throws IOException {
        readRegions(end, regions, new byte[2 * BLOCK]);
    }

    /**
     * As {@link #readRegions(long, Regions)}, into {@code buffer} as long as the lines fit: a search reads many
     * files, and a buffer of {@code 2 * }{@link #MAX_BLOCK} bytes serves them all without being allocated again.
     *
     * @return the buffer the bytes ended in: {@code buffer}, or a larger one when a line did not fit
     */
    byte[] readRegions(long end, Regions regions, byte[] buffer) throws IOException {
        byte[] buf = buffer;
        int block = BLOCK;
        long filePos = end; // file offset of buf[lo]
        int lo = buf.length; // not yet handed on: buf[lo, hi), hi the end of a line
        int hi = buf.length;
        boolean inTail = true; // no '\n' met yet: what we hold is the unfinished last line
        while (true) {
            if (filePos > 0) {
                int n = (int) Math.min(block, filePos);
                if (lo < n) {
                    int keep = hi - lo;
                    byte[] target = keep + n <= buf.length ? buf : new byte[Math.max(2 * buf.length, keep + n)];
                    System.arraycopy(buf, lo, target, target.length - keep, keep);
                    buf = target;
                    hi = buf.length;
                    lo = hi - keep;
                }
                filePos -= n;
                readFully(buf, lo - n, n, filePos);
                lo -= n;
                block = Math.min(2 * block, MAX_BLOCK);
            }
            if (inTail) {
                int last = lastNewline(buf, lo, hi);
                if (last < 0) {
                    if (filePos == 0) {
                        return buf;
                    }
                    continue;
                }
                hi = last;
                inTail = false;
            }
            if (filePos == 0) {
                regions.accept(buf, lo, hi, 0);
                return buf;
            }
            int first = firstNewline(buf, lo, hi);
            if (first < 0) {
                continue; // one line longer than what is held: read on
            }
            if (!regions.accept(buf, first + 1, hi, filePos + (first + 1 - lo))) {
                return buf;
            }
            hi = first;
        }
    }

    /**
     * Finds where to start reading backwards when lines newer than some bound are not wanted, by binary
     * search on sampled lines, so paging deep into a large file does not read its newer part again.
     * Relies on lines being in write order up to the skew that {@code newer} allows for.
     *
     * @return a line start (or {@code size}) such that every line from there on is too new, as far as the
     *         samples tell; {@code size} when nothing can be skipped
     */
    long start(long size, Newer newer) throws IOException {
        if (size < SEEK_THRESHOLD) {
            return size;
        }
        byte[] buf = new byte[PROBE];
        long lo = 0;
        long hi = size;
        while (hi - lo > BLOCK) {
            long lineStart = nextLineStart(lo + (hi - lo) / 2, hi, buf);
            long sampled = JsonLineParser.NO_TIMESTAMP;
            for (int tries = 0; lineStart >= 0 && tries < MAX_PROBES; tries++) {
                // The timestamp is in the first bytes of a line, however long the line is.
                int n = (int) Math.min(buf.length, size - lineStart);
                readFully(buf, 0, n, lineStart);
                int end = 0;
                while (end < n && buf[end] != '\n') {
                    end++;
                }
                sampled = JsonLineParser.timestampMillis(buf, 0, end);
                if (sampled != JsonLineParser.NO_TIMESTAMP) {
                    break;
                }
                lineStart = nextLineStart(lineStart, hi, buf);
            }
            if (sampled == JsonLineParser.NO_TIMESTAMP) {
                // Nothing readable there: stop refining rather than guess; reading starts later than needed.
                break;
            }
            if (newer.allAfter(sampled)) {
                hi = lineStart;
            } else {
                lo = lineStart + 1;
            }
        }
        return hi;
    }

    /** @return the offset after the first {@code '\n'} at or after {@code from} and before {@code limit}, or -1 */
    private long nextLineStart(long from, long limit, byte[] buf) throws IOException {
        long at = from;
        while (at < limit) {
            int n = (int) Math.min(buf.length, limit - at);
            readFully(buf, 0, n, at);
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    return at + i + 1 < limit ? at + i + 1 : -1;
                }
            }
            at += n;
        }
        return -1;
    }

    /** @return the index of the last {@code '\n'} in {@code b[from, to)}, or -1; eight bytes per step */
    static int lastNewline(byte[] b, int from, int to) {
        int i = to;
        while (i - 8 >= from) {
            long found = newlineBytes((long) LONGS.get(b, i - 8));
            if (found != 0) {
                return i - 8 + (63 - Long.numberOfLeadingZeros(found)) / 8;
            }
            i -= 8;
        }
        while (--i >= from) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** @return the index of the first {@code '\n'} in {@code b[from, to)}, or -1; eight bytes per step */
    static int firstNewline(byte[] b, int from, int to) {
        int i = from;
        while (i + 8 <= to) {
            long found = newlineBytes((long) LONGS.get(b, i));
            if (found != 0) {
                return i + Long.numberOfTrailingZeros(found) / 8;
            }
            i += 8;
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** 0x80 in every byte of {@code word} that is {@code '\n'}, 0 elsewhere (exact: no carry crosses bytes). */
    private static long newlineBytes(long word) {
        long x = word ^ 0x0A0A0A0A0A0A0A0AL;
        long y = (x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL;
        return ~(y | x | 0x7F7F7F7F7F7F7F7FL);
    }

    private void readFully(byte[] buf, int offset, int length, long position) throws IOException {
        ByteBuffer target = ByteBuffer.wrap(buf, offset, length);
        long at = position;
        while (target.hasRemaining()) {
            int n = channel.read(target, at);
            if (n < 0) {
                throw new IOException("file shrank while being read, at byte " + at);
            }
            at += n;
        }
    }
}
