package io.breakoutbot.ops.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackwardLineReaderTest {

    @TempDir
    Path dir;

    @Test
    void newlineSearchesAgreeWithAPlainLoop() {
        Random random = new Random(42);
        byte[] b = new byte[300];
        for (int round = 0; round < 200; round++) {
            for (int i = 0; i < b.length; i++) {
                // Bytes around '\n' (0x09, 0x0b, 0x8a) catch a search that confuses neighbours.
                int r = random.nextInt(40);
                b[i] = (byte)
                        (r == 0
                                ? '\n'
                                : r == 1 ? 0x09 : r == 2 ? 0x0b : r == 3 ? 0x8a : r == 4 ? 0x0a + 0x80 : 'a' + r);
            }
            int from = random.nextInt(b.length);
            int to = from + random.nextInt(b.length - from + 1);
            int last = -1;
            int first = -1;
            for (int i = from; i < to; i++) {
                if (b[i] == '\n') {
                    last = i;
                    first = first < 0 ? i : first;
                }
            }
            assertEquals(last, BackwardLineReader.lastNewline(b, from, to), "round " + round);
            assertEquals(first, BackwardLineReader.firstNewline(b, from, to), "round " + round);
        }
    }

    @Test
    void readsEveryCompleteLineLastFirstAcrossBlocks() throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            // Multi-byte characters across block edges, empty lines, and lines longer than a block.
            String line = i % 500 == 7 ? "é".repeat(70_000) : i % 97 == 0 ? "" : "line " + i + " ü€😀";
            lines.add(line);
            text.append(line).append('\n');
        }
        text.append("unfinished");
        Path file = dir.resolve("f.log");
        Files.writeString(file, text, StandardCharsets.UTF_8);

        List<String> read = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file)) {
            new BackwardLineReader(channel)
                    .read(
                            channel.size(),
                            (b, from, to) -> read.add(new String(b, from, to - from, StandardCharsets.UTF_8)));
        }
        Collections.reverse(read);
        assertEquals(lines, read);
    }
}
