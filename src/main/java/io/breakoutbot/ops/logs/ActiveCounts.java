package io.breakoutbot.ops.logs;

import io.breakoutbot.ops.lifecycle.GenerationSummary;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A summary of each of our active files, kept in memory and extended by what was appended since the last
 * search, so that a search whose filters the file's lines so far rule out need not read it. Our files only
 * grow until they are rotated away (a new file under the same name, which starts a new count); a file that
 * shrank is counted again from its start.
 */
final class ActiveCounts {

    private static final class Running {
        final Object key;
        long upTo;
        final LogSummaries.Counts counts = new LogSummaries.Counts();

        Running(Object key) {
            this.key = key;
        }
    }

    private final Map<LogSegment, Running> bySegment = new ConcurrentHashMap<>();

    /**
     * Counts what was appended to {@code file} since the last call, up to its last whole line.
     *
     * @param key  the file's identity as listed
     * @param size its size as listed, bytes
     * @return the summary of its whole lines so far, or null when it cannot be read (the search then reads it)
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
            if (r.upTo < size) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                    channel.position(r.upTo);
                    long[] read = {0};
                    ForwardLineReader.read(Channels.newInputStream(channel), (b, from, to) -> {
                        r.counts.line(to - from);
                        LogSummaries.ours(b, from, to, r.counts);
                        read[0] += to - from + 1;
                        return true;
                    });
                    Object now = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                            .fileKey();
                    if (!key.equals(now)) {
                        // Rotated meanwhile: what was read may be the new file's. Counted again next time.
                        bySegment.remove(segment, r);
                        return null;
                    }
                    r.upTo += read[0];
                } catch (NoSuchFileException gone) {
                    bySegment.remove(segment, r);
                    return null;
                } catch (IOException e) {
                    bySegment.remove(segment, r);
                    return null;
                }
            }
            return r.counts.summary(segment.fileName(), r.upTo);
        }
    }
}
