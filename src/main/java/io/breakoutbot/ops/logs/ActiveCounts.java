package io.breakoutbot.ops.logs;

import io.breakoutbot.ops.lifecycle.GenerationSummary;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A summary of each of our active files, kept in memory and extended by what was appended since the last
 * search, so that a search whose filters the file's lines so far rule out need not read it. Our files only
 * grow until they are rotated away (a new file under the same name, which starts a new count); a file that
 * shrank is counted again from its start. A file can also be emptied and written past the counted point
 * between two searches under the same identity (an operator's truncation, or a file system that hands a
 * deleted file's inode to a new one): what was counted is trusted only while the file still starts with the
 * line it started with and the byte before the counted point is still a line's end; otherwise it is counted
 * again from its start.
 */
final class ActiveCounts {

    /** Bytes of the first line kept as the file's fingerprint: enough to hold its timestamp and more. */
    static final int HEAD_BYTES = 256;

    private static final class Running {
        final Object key;
        long upTo;
        /** The file's first bytes when counting started, up to its first line's end or {@link #HEAD_BYTES}. */
        byte[] head = new byte[0];

        final LogSummaries.Counts counts = new LogSummaries.Counts();

        Running(Object key) {
            this.key = key;
        }

        void reset() {
            upTo = 0;
            head = new byte[0];
            counts.clear();
        }
    }

    /**
     * Bytes counted at most per file and search, about as much as a first page reads of a file's tail: a large
     * active file seen for the first time is counted over several searches, read by each until counted whole.
     */
    static final long STEP_BYTES = 1 << 20;

    private final Map<LogSegment, Running> bySegment = new ConcurrentHashMap<>();
    private final long stepBytes;

    ActiveCounts() {
        this(STEP_BYTES);
    }

    /** @param stepBytes bytes counted at most per file and call, but for the line that crosses it */
    ActiveCounts(long stepBytes) {
        this.stepBytes = stepBytes;
    }

    /**
     * Counts what was appended to {@code file} since the last call, up to its last whole line, or up to about
     * the step given to the constructor more ({@link #STEP_BYTES} by default) when more was appended.
     *
     * @param segment the log the file is the active file of
     * @param file    the active file
     * @param key     the file's identity as listed
     * @param size    its size as listed, bytes
     * @return the summary of its whole lines so far, or null when it cannot be read or is not counted up to
     *     its end yet (the search then reads it)
     */
    GenerationSummary of(LogSegment segment, Path file, Object key, long size) {
        if (key == null) {
            return null;
        }
        Running r = bySegment.compute(
                segment,
                (s, known) -> known == null || !Objects.equals(known.key, key) || known.upTo > size
                        ? new Running(key)
                        : known);
        synchronized (r) {
            if (size > 0) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                    // Checked even when the size is as counted: emptied and regrown to the same size is possible.
                    if (r.upTo > 0 && !sameFile(channel, r)) {
                        r.reset();
                    }
                    if (r.upTo == 0) {
                        r.head = head(channel);
                    }
                    if (r.upTo >= size) {
                        return r.counts.summary(segment.fileName(), r.upTo);
                    }
                    channel.position(r.upTo);
                    long[] read = {0};
                    boolean[] stopped = {false};
                    ForwardLineReader.read(Channels.newInputStream(channel), (b, from, to) -> {
                        r.counts.line(to - from);
                        LogSummaries.ours(b, from, to, r.counts);
                        read[0] += to - from + 1;
                        stopped[0] = read[0] >= stepBytes;
                        return !stopped[0];
                    });
                    Object now = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                            .fileKey();
                    if (!key.equals(now)) {
                        // Rotated meanwhile: what was read may be the new file's. Counted again next time.
                        bySegment.remove(segment, r);
                        return null;
                    }
                    r.upTo += read[0];
                    if (stopped[0]) {
                        return null; // counted on by the next searches
                    }
                } catch (IOException goneOrUnreadable) {
                    bySegment.remove(segment, r);
                    return null;
                }
            }
            return r.counts.summary(segment.fileName(), r.upTo);
        }
    }

    /**
     * How much of the active file {@link #of} counted last, from its start, holds only lines in the encoder's
     * form (see {@link GenerationSummary#prefixed()}): known even before the file is counted whole.
     *
     * @param key the file's identity as listed
     * @return bytes; 0 when a line counted was in another form, or nothing of this file was counted
     */
    long prefixedBytes(LogSegment segment, Object key) {
        Running r = bySegment.get(segment);
        if (r == null || key == null || !Objects.equals(r.key, key)) {
            return 0;
        }
        synchronized (r) {
            return r.counts.prefixed == r.counts.lines ? r.upTo : 0;
        }
    }

    /** True when the file still starts as it did and a line still ends just before the counted point. */
    private static boolean sameFile(FileChannel channel, Running r) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        if (channel.read(last, r.upTo - 1) != 1 || last.get(0) != '\n') {
            return false;
        }
        return Arrays.equals(head(channel), r.head);
    }

    /** The file's first line, at most {@link #HEAD_BYTES} of it, as it is now. */
    private static byte[] head(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(HEAD_BYTES);
        long position = 0;
        while (b.hasRemaining()) {
            int n = channel.read(b, position);
            if (n <= 0) {
                break;
            }
            position += n;
        }
        byte[] bytes = Arrays.copyOf(b.array(), b.position());
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return Arrays.copyOf(bytes, i + 1);
            }
        }
        return bytes;
    }
}
