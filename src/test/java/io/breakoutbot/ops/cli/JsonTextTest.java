package io.breakoutbot.ops.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --json}'s writer, read back by a real JSON parser (Parsson, as the server has it). */
class JsonTextTest {

    record Inner(String name, long bytes, boolean verified) {}

    record Outer(
            String text,
            int count,
            long big,
            double value,
            double missing,
            double infinite,
            String absent,
            List<Inner> items,
            List<String> words,
            List<String> none) {}

    static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    @Test
    void aRecordIsOneObjectPerComponentInOrderAndReadsBackAsItWasWritten() {
        String hard = "quote \" backslash \\ newline \n tab \t bell \u0007 é € 😀 \u2028";
        Outer cut = new Outer(
                hard,
                -3,
                Long.MAX_VALUE,
                12.5,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                null,
                List.of(new Inner("a.log", 100, true), new Inner("b.log", 0, false)),
                List.of("x", ""),
                List.of());

        String json = JsonText.of(cut);

        JsonObject read = parse(json);
        JsonArray items = read.getJsonArray("items");
        assertAll(
                () -> assertFalse(json.contains("\n"), "one line: " + json),
                () -> assertEquals(
                        List.of(
                                "text",
                                "count",
                                "big",
                                "value",
                                "missing",
                                "infinite",
                                "absent",
                                "items",
                                "words",
                                "none"),
                        List.copyOf(read.keySet())),
                () -> assertEquals(hard, read.getString("text")),
                () -> assertEquals(-3, read.getInt("count")),
                () -> assertEquals(Long.MAX_VALUE, read.getJsonNumber("big").longValueExact()),
                () -> assertEquals(12.5, read.getJsonNumber("value").doubleValue()),
                () -> assertTrue(read.isNull("missing"), "NaN, which JSON cannot hold"),
                () -> assertTrue(read.isNull("infinite")),
                () -> assertTrue(read.isNull("absent")),
                () -> assertEquals(
                        Json.createObjectBuilder()
                                .add("name", "a.log")
                                .add("bytes", 100)
                                .add("verified", true)
                                .build(),
                        items.getJsonObject(0)),
                () -> assertFalse(items.getJsonObject(1).getBoolean("verified")),
                () -> assertEquals(Json.createArrayBuilder().add("x").add("").build(), read.getJsonArray("words")),
                () -> assertTrue(read.getJsonArray("none").isEmpty()));
    }
}
