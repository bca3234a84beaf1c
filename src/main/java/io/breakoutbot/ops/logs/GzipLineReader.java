package io.breakoutbot.ops.logs;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the lines of a gzip file from the first to the last: a gzip stream can only be read forwards.
 * Concatenated members (several gzip streams in one file) are read as one. A file cut short by a crash
 * gives the lines that could be read; its unfinished last line is skipped.
 */
final class GzipLineReader {

    private static final int BUFFER = 256 * 1024;

    private GzipLineReader() {}

    /** @return true when the file was read to its end (or {@code lines} stopped), false when it was cut short or corrupt */
    static boolean read(InputStream compressed, BackwardLineReader.Lines lines) throws IOException {
        byte[] buf = new byte[BUFFER];
        int start = 0;
        int end = 0;
        try (InputStream in = new GZIPInputStream(compressed, 1 << 16)) {
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
                    return true;
                }
                int scan = end;
                end += n;
                for (int i = BackwardLineReader.firstNewline(buf, scan, end);
                        i >= 0;
                        i = BackwardLineReader.firstNewline(buf, i + 1, end)) {
                    if (!lines.accept(buf, start, i)) {
                        return true;
                    }
                    start = i + 1;
                }
                if (start == end) {
                    start = 0;
                    end = 0;
                }
            }
        } catch (EOFException | ZipException e) {
            return false;
        }
    }
}
