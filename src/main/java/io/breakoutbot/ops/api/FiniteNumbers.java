package io.breakoutbot.ops.api;

import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A JSON generator that writes a NaN or infinite double as {@code null}. JSON has no NaN, our records use
 * NaN for "could not be measured", and JSON-B's own serializers fail the whole response on one; a
 * serializer registered for {@code Double} is not used for primitive fields, so the generator is the one
 * place every number passes through.
 */
final class FiniteNumbers implements JsonGenerator {

    private final JsonGenerator out;

    FiniteNumbers(JsonGenerator out) {
        this.out = out;
    }

    @Override
    public JsonGenerator write(String name, double value) {
        return Double.isFinite(value) ? out.write(name, value) : out.writeNull(name);
    }

    @Override
    public JsonGenerator write(double value) {
        return Double.isFinite(value) ? out.write(value) : out.writeNull();
    }

    @Override
    public JsonGenerator writeStartObject() {
        return out.writeStartObject();
    }

    @Override
    public JsonGenerator writeStartObject(String name) {
        return out.writeStartObject(name);
    }

    @Override
    public JsonGenerator writeKey(String name) {
        return out.writeKey(name);
    }

    @Override
    public JsonGenerator writeStartArray() {
        return out.writeStartArray();
    }

    @Override
    public JsonGenerator writeStartArray(String name) {
        return out.writeStartArray(name);
    }

    @Override
    public JsonGenerator write(String name, JsonValue value) {
        return out.write(name, value);
    }

    @Override
    public JsonGenerator write(String name, String value) {
        return out.write(name, value);
    }

    @Override
    public JsonGenerator write(String name, BigInteger value) {
        return out.write(name, value);
    }

    @Override
    public JsonGenerator write(String name, BigDecimal value) {
        return out.write(name, value);
    }

    @Override
    public JsonGenerator write(String name, int value) {
        return out.write(name, value);
    }

    @Override
    public JsonGenerator write(String name, long value) {
        return out.write(name, value);
    }

    @Override
    public JsonGenerator write(String name, boolean value) {
        return out.write(name, value);
    }

    @Override
    public JsonGenerator writeNull(String name) {
        return out.writeNull(name);
    }

    @Override
    public JsonGenerator writeEnd() {
        return out.writeEnd();
    }

    @Override
    public JsonGenerator write(JsonValue value) {
        return out.write(value);
    }

    @Override
    public JsonGenerator write(String value) {
        return out.write(value);
    }

    @Override
    public JsonGenerator write(BigDecimal value) {
        return out.write(value);
    }

    @Override
    public JsonGenerator write(BigInteger value) {
        return out.write(value);
    }

    @Override
    public JsonGenerator write(int value) {
        return out.write(value);
    }

    @Override
    public JsonGenerator write(long value) {
        return out.write(value);
    }

    @Override
    public JsonGenerator write(boolean value) {
        return out.write(value);
    }

    @Override
    public JsonGenerator writeNull() {
        return out.writeNull();
    }

    @Override
    public void close() {
        out.close();
    }

    @Override
    public void flush() {
        out.flush();
    }
}
