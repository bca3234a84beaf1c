package io.breakoutbot.ops.api;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.serializer.JsonbSerializer;
import jakarta.json.bind.serializer.SerializationContext;
import jakarta.json.stream.JsonGenerator;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * JSON-B for every response. A value that could not be measured is NaN in our records; JSON has no NaN,
 * so it is written as {@code null} instead of failing the whole response.
 */
@Provider
public class JsonConfig implements ContextResolver<Jsonb> {

    /** Thread-safe, and costly to build: one for the whole application. */
    public static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withSerializers(new FiniteOrNull()));

    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }

    static final class FiniteOrNull implements JsonbSerializer<Double> {

        @Override
        public void serialize(Double value, JsonGenerator generator, SerializationContext context) {
            if (value == null || value.isNaN() || value.isInfinite()) {
                generator.writeNull();
            } else {
                generator.write(value);
            }
        }
    }
}
