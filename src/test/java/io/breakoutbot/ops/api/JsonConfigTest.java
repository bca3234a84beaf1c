package io.breakoutbot.ops.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON has no NaN: a value that could not be measured must come out as null, not fail the response. */
class JsonConfigTest {

    public record Reading(String name, double value, Double boxed, List<Double> series) {}

    @Test
    void nonFiniteNumbersAreWrittenAsNull() {
        String json = JsonConfig.JSONB.toJson(
                new Reading("cpu", Double.NaN, Double.POSITIVE_INFINITY, List.of(1.5, Double.NaN)));
        assertEquals("{\"boxed\":null,\"name\":\"cpu\",\"series\":[1.5,null],\"value\":null}", json);
    }

    @Test
    void finiteNumbersAreUntouched() {
        assertEquals(
                "{\"name\":\"disk\",\"series\":[],\"value\":93.1}",
                JsonConfig.JSONB.toJson(new Reading("disk", 93.1, null, List.of())));
    }
}
