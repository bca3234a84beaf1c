package io.breakoutbot.ops.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The timestamp of a log file's first line, which no line of the file is much older than (see
 * {@link LogSearch#SKEW_MILLIS}). A rotated generation never changes, so its first line is read once (a
 * gzip file's first block) and remembered by name and inode, however many searches ask.
 */
final class FirstLines {

    /** How far into a file to look for a line with a timestamp before giving up, in bytes. */
    private static final int LOOK_AHEAD = 64 * 1024;

    private record Key(String name, Object fileKey) {}

    private final Map<Key, Long> generations = new ConcurrentHashMap<>();

    /**
     * @param fileKey the file's identity as listed; with it, the answer is remembered; null reads every time
     *                (the active file, which a rotation replaces under the same name)
     * @return epoch milliseconds of the first line that has a timestamp, or {@link JsonLineParser#NO_TIMESTAMP}
     *         when none was found near the start, or the file cannot be read (the caller then assumes nothing)
     */
    long of(Path file, boolean gzip, Object fileKey) {
        if (fileKey == null) {
            return read(file, gzip);
        }
        Key key = new Key(file.getFileName().toString(), fileKey);
        Long known = generations.get(key);
        if (known == null) {
            known = read(file, gzip); // outside the map's lock: two searches may both read it, harmlessly
            generations.put(key, known);
        }
        return known;
    }

    /** Forgets the files whose names are no longer listed, so deleted generations do not pile up. */
    void retain(Set<String> names) {
        generations.keySet().removeIf(k -> !names.contains(k.name()));
    }

    private static long read(Path file, boolean gzip) {
        long[] first = {JsonLineParser.NO_TIMESTAMP};
        long[] seen = {0};
        BackwardLineReader.Lines lines = (b, from, to) -> {
            first[0] = timestamp(b, from, to);
            seen[0] += to - from + 1;
            return first[0] == JsonLineParser.NO_TIMESTAMP && seen[0] < LOOK_AHEAD;
        };
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (gzip) {
                InputStream in = Channels.newInputStream(channel);
                GzipLineReader.read(in, lines);
            } else {
                ByteBuffer head = ByteBuffer.allocate((int) Math.min(LOOK_AHEAD, channel.size()));
                while (head.hasRemaining() && channel.read(head) > 0) {
                    // a short read: the rest follows
                }
                byte[] b = head.array();
                int start = 0;
                for (int i = BackwardLineReader.firstNewline(b, 0, head.position());
                        i >= 0 && lines.accept(b, start, i);
                        i = BackwardLineReader.firstNewline(b, start, head.position())) {
                    start = i + 1;
                }
            }
        } catch (IOException e) {
            // Gone, or unreadable: the search reads it, or finds it gone, and says so there.
            return JsonLineParser.NO_TIMESTAMP;
        }
        return first[0];
    }

    private static long timestamp(byte[] b, int from, int to) {
        long ts = JsonLineParser.timestampMillis(b, from, to);
        if (ts != JsonLineParser.NO_TIMESTAMP) {
            return ts;
        }
        LogEntry entry = JsonLineParser.parse(b, from, to, "");
        return entry == null ? JsonLineParser.NO_TIMESTAMP : JsonLineParser.parseTimestamp(entry.timestamp());
    }
}
