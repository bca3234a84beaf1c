package io.breakoutbot.ops.logs;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the lines of a stream from the first to the last, without their {@code '\n'}. The bytes after the
 * last {@code '\n'} are a line still being written (or cut by a crash) and are skipped. A line longer than
 * the buffer grows it.
 */
final class ForwardLineReader {

    private static final int BUFFER = 256 * 1024;

    private ForwardLineReader() {}

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
