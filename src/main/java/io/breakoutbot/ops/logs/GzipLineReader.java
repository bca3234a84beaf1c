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

    private GzipLineReader() {}

    /**
     * As {@link #read}, in runs of whole lines (see {@link ForwardLineReader#readRegions}).
     *
     * @return true when the file was read to its end (or {@code regions} stopped), false when it was cut short
     *         or corrupt
     */
    static boolean readRegions(InputStream compressed, BackwardLineReader.Regions regions) throws IOException {
        return readRegions(compressed, regions, new byte[1 << 20]);
    }

    /** As {@link #readRegions(InputStream, BackwardLineReader.Regions)}, into {@code buffer} as long as the lines fit. */
    static boolean readRegions(InputStream compressed, BackwardLineReader.Regions regions, byte[] buffer)
            throws IOException {
        try (InputStream in = new GZIPInputStream(compressed, 1 << 16)) {
            ForwardLineReader.readRegions(in, regions, buffer);
            return true;
        } catch (EOFException | ZipException e) {
            return false;
        }
    }

    /** @return true when the file was read to its end (or {@code lines} stopped), false when it was cut short or corrupt */
    static boolean read(InputStream compressed, BackwardLineReader.Lines lines) throws IOException {
        try (InputStream in = new GZIPInputStream(compressed, 1 << 16)) {
            ForwardLineReader.read(in, lines);
            return true;
        } catch (EOFException | ZipException e) {
            return false;
        }
    }
}
