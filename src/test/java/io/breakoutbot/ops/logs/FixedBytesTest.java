package io.breakoutbot.ops.logs;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ch.qos.logback.classic.Level;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The search for a filter's whole fixed part: it finds exactly what a byte-by-byte search finds. */
class FixedBytesTest {

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Every start of {@code run} lying whole in {@code b[from, to)}, by comparing at every byte. */
    static List<Integer> naive(byte[] run, byte[] b, int from, int to) {
        List<Integer> starts = new ArrayList<>();
        for (int s = from; s + run.length <= to; s++) {
            if (Arrays.equals(b, s, s + run.length, run, 0, run.length)) {
                starts.add(s);
            }
        }
        return starts;
    }

    /** Every start {@code next} finds, each search going on from one byte after the last found. */
    static List<Integer> found(FixedBytes f, byte[] b, int from, int to) {
        List<Integer> starts = new ArrayList<>();
        for (int at = from; ; ) {
            int s = f.next(b, at, to);
            if (s < 0) {
                return starts;
            }
            starts.add(s);
            at = s + 1;
        }
    }

    @Test
    void theRunIsWhatTheEncoderWritesForTheFilter() {
        assertAll(
                () -> assertEquals(
                        "\",\"level\":\"WARN\",\"component\":\"risk\"",
                        FixedBytes.of("WARN", "risk").toString()),
                () -> assertEquals(
                        "\",\"level\":\"WARN\",\"component\":\"",
                        FixedBytes.of("WARN", null).toString()),
                () -> assertEquals(
                        "\",\"component\":\"risk\"", FixedBytes.of(null, "risk").toString()),
                () -> assertEquals(
                        "\",\"component\":\"ri\\\"sk\\\\\"",
                        FixedBytes.of(null, "ri\"sk\\").toString(),
                        "escaped as the encoder escapes"),
                () -> assertNull(FixedBytes.of(null, null)),
                () -> assertNull(FixedBytes.of(utf8("fifteen bytes!!")), "too short to skip anything"),
                () -> assertEquals(
                        FixedBytes.MAX_LENGTH, FixedBytes.of(new byte[500]).length()));
    }

    @Test
    void findsTheRunInALineTheEncoderWrote() {
        LogSearchTest h = new LogSearchTest();
        for (String component : List.of("risk", "café", "ri\"sk", "日本")) {
            byte[] line = h.encoder.encode(h.event(Instant.parse("2026-11-28T17:00:00Z"), Level.WARN, component, "m"));
            FixedBytes both = FixedBytes.of("WARN", component);
            FixedBytes level = FixedBytes.of("WARN", null);
            FixedBytes other = FixedBytes.of("INFO", component);
            int at = new String(line, StandardCharsets.UTF_8).indexOf("\",\"level\"");
            assertAll(
                    component,
                    () -> assertEquals(at, both.next(line, 0, line.length)),
                    () -> assertEquals(at, level.next(line, 0, line.length)),
                    () -> assertEquals(-1, other.next(line, 0, line.length)),
                    () -> assertEquals(-1, both.next(line, at + 1, line.length), "starts before from"),
                    () -> assertEquals(
                            -1, both.next(line, 0, at + both.length() - 1), "ends after to: cut by the range"),
                    () -> assertEquals(at, both.next(line, at, at + both.length()), "exactly the range"));
        }
    }

    @Test
    void findsEveryOccurrenceAsAByteByByteSearchDoesWhereverItLies() {
        Random random = new Random(7);
        // Bytes of JSON lines, the run's own pieces among them, and multi-byte UTF-8.
        String[] pieces = {
            "\",\"level\":\"",
            "WARN",
            "INFO",
            "\",\"component\":\"",
            "risk",
            "café",
            "ri",
            "sk\"",
            "\n",
            "é",
            "€",
            "😀",
            "{\"timestamp\":\"2026-11-28T17:00:00.000Z",
            "\\",
            "\"",
            "x",
            " "
        };
        for (String[] filter : new String[][] {{"WARN", "risk"}, {"WARN", null}, {null, "risk"}, {"INFO", "café"}}) {
            FixedBytes f = FixedBytes.of(filter[0], filter[1]);
            byte[] run = utf8(f.toString());
            for (int round = 0; round < 300; round++) {
                StringBuilder text = new StringBuilder();
                if (random.nextBoolean()) {
                    text.append(f); // at the very start
                }
                int length = random.nextInt(2000);
                while (text.length() < length) {
                    text.append(random.nextInt(8) == 0 ? f.toString() : pieces[random.nextInt(pieces.length)]);
                }
                if (random.nextBoolean()) {
                    text.append(f); // at the very end
                }
                byte[] b = utf8(text.toString());
                int from = random.nextInt(4) == 0 ? random.nextInt(b.length + 1) : 0;
                int to = random.nextInt(4) == 0 ? from + random.nextInt(b.length - from + 1) : b.length;
                assertEquals(naive(run, b, from, to), found(f, b, from, to), f + " in [" + from + ", " + to + ")");
            }
        }
    }

    @Test
    void aRunWhosePiecesRepeatIsFoundAtEveryStart() {
        FixedBytes a = FixedBytes.of(utf8("a".repeat(20)));
        FixedBytes ab = FixedBytes.of(utf8("ab".repeat(12)));
        byte[] as = utf8("a".repeat(45));
        byte[] abs = utf8("x" + "ab".repeat(30) + "y");
        assertAll(
                () -> assertEquals(naive(utf8("a".repeat(20)), as, 0, as.length), found(a, as, 0, as.length)),
                () -> assertEquals(26, found(a, as, 0, as.length).size()),
                () -> assertEquals(naive(utf8("ab".repeat(12)), abs, 0, abs.length), found(ab, abs, 0, abs.length)));
    }
}
