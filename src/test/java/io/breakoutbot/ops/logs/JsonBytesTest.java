package io.breakoutbot.ops.logs;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bytes a JSON string becomes in our lines: what {@code jq} and our own reader see. */
class JsonBytesTest {

    static String written(String text) {
        JsonBytes cut = new JsonBytes(1);
        cut.string(text);
        return new String(cut.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void plainAsciiIsCopiedAsItIs() {
        assertEquals("\"order 42 filled at 100.25\"", written("order 42 filled at 100.25"));
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() {
        assertAll(
                () -> assertEquals("\"a\\\"b\\\\c\"", written("a\"b\\c")),
                () -> assertEquals("\"\\n\\r\\t\"", written("\n\r\t")),
                () -> assertEquals("\"\\u0000\\u001b\\u007f\"", written("\u0000\u001b\u007f")),
                () -> assertEquals("\"\\u2028\\u2029\"", written("\u2028\u2029")));
    }

    @Test
    void nonAsciiIsUtf8AndLoneSurrogatesBecomeTheReplacementCharacter() {
        JsonBytes cut = new JsonBytes(1);
        cut.string("é€📈\ud800x\udc00");
        assertArrayEquals(
                ("\"é€📈\ufffdx\ufffd\"").getBytes(StandardCharsets.UTF_8),
                cut.toByteArray(),
                "2-, 3- and 4-byte UTF-8, U+FFFD (EF BF BD) for each lone surrogate");
    }

    @Test
    void growsPastItsCapacity() {
        String longText = "x".repeat(10_000) + "\u0001";
        assertEquals("\"" + "x".repeat(10_000) + "\\u0001\"", written(longText));
    }
}
