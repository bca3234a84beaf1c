package io.breakoutbot.ops.logs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads the lines of a stream from the first to the last, without their {@code '\n'}. The bytes after the
 * last {@code '\n'} are a line still being written (or cut by a crash) and are skipped. A line longer than
 * the buffer grows it.
 */
final class ForwardLineReader {

    private static final int BUFFER = 256 * 1024;

    private ForwardLineReader() {}

    /** Bytes read at once by {@link #readRegions}, at least: a run of lines is searched as a whole. */
    private static final int REGION_BUFFER = 1 << 20;

    /**
     * Reads until the end of {@code in} or until {@code regions} returns false, handing on runs of whole
     * lines, first to last, each as large as the buffer allows.
     */
    static void readRegions(InputStream in, BackwardLineReader.Regions regions) throws IOException {
        readRegions(in, regions, new byte[REGION_BUFFER]);
    }

    /**
     * As {@link #readRegions(InputStream, BackwardLineReader.Regions)}, into {@code buffer} (best at least
     * {@link #REGION_BUFFER} bytes) as long as the lines fit.
     *
     * @return the buffer the bytes ended in: {@code buffer}, or a larger one when a line did not fit
     */
    static byte[] readRegions(InputStream in, BackwardLineReader.Regions regions, byte[] buffer) throws IOException {
        byte[] buf = buffer;
        int end = 0; // buf[0, end) holds bytes not yet handed on, starting with a line
        long position = 0; // where buf[0] is in the stream
        while (true) {
            if (end == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2); // one line longer than the buffer
            }
            int n;
            try {
                n = in.read(buf, end, buf.length - end);
            } catch (IOException damaged) {
                // A truncated or corrupt stream: the whole lines before the damage are handed on first.
                handOn(buf, end, position, regions);
                throw damaged;
            }
            if (n < 0) {
                handOn(buf, end, position, regions);
                return buf;
            }
            end += n;
            if (end < buf.length / 2) {
                continue; // fill the buffer: a decompressor hands out small pieces
            }
            int last = BackwardLineReader.lastNewline(buf, 0, end);
            if (last < 0) {
                continue;
            }
            if (!regions.accept(buf, 0, last, position)) {
                return buf;
            }
            int rest = end - last - 1;
            System.arraycopy(buf, last + 1, buf, 0, rest);
            end = rest;
            position += last + 1;
        }
    }

    /** Hands on the whole lines of {@code buf[0, end)}; the bytes after the last {@code '\n'} are unfinished. */
    private static void handOn(byte[] buf, int end, long position, BackwardLineReader.Regions regions) {
        int last = BackwardLineReader.lastNewline(buf, 0, end);
        if (last >= 0) {
            regions.accept(buf, 0, last, position);
        }
    }

    /** Reads until the end of {@code in} or until {@code lines} returns false. */
    static void read(InputStream in, BackwardLineReader.Lines lines) throws IOException {
        byte[] buf = new byte[BUFFER];
        int start = 0;
        int end = 0;
        while (true) {
            if (end == buf.length) {
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                } else {
                    byte[] bigger = new byte[buf.length * 2];
                    System.arraycopy(buf, 0, bigger, 0, end);
                    buf = bigger;
                }
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                return;
            }
            int scan = end;
            end += n;
            for (int i = BackwardLineReader.firstNewline(buf, scan, end);
                    i >= 0;
                    i = BackwardLineReader.firstNewline(buf, i + 1, end)) {
                if (!lines.accept(buf, start, i)) {
                    return;
                }
                start = i + 1;
            }
            if (start == end) {
                start = 0;
                end = 0;
            }
        }
    }
}
