package io.breakoutbot.ops.backup;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads our records as JSON objects, one member per component in declaration order: the manifest and
 * the state file. Components may be String, int, long, boolean, a record, or a List of String or of records;
 * null Strings and records are JSON null. Reading is strict: a missing member or a wrong type is an IOException.
 */
final class RecordJson {

    private static final JsonProvider JSON = JsonProvider.provider();

    private RecordJson() {
    }

    static byte[] write(Record value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeRecord(g, null, value);
        }
        return out.toByteArray();
    }

    static <R extends Record> R read(InputStream in, Class<R> type) throws IOException {
        try (JsonReader reader = JSON.createReader(in)) {
            return toRecord(reader.readObject(), type);
        } catch (jakarta.json.JsonException | ClassCastException | IllegalStateException e) {
            throw new IOException("not valid JSON for " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static void writeRecord(JsonGenerator g, String key, Record value) {
        if (key == null) {
            g.writeStartObject();
        } else {
            g.writeStartObject(key);
        }
        for (RecordComponent c : value.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
            writeValue(g, c.getName(), v);
        }
        g.writeEnd();
    }

    private static void writeValue(JsonGenerator g, String key, Object v) {
        if (v == null) {
            if (key == null) {
                g.writeNull();
            } else {
                g.writeNull(key);
            }
        } else if (v instanceof String s) {
            if (key == null) {
                g.write(s);
            } else {
                g.write(key, s);
            }
        } else if (v instanceof Integer || v instanceof Long) {
            long n = ((Number) v).longValue();
            if (key == null) {
                g.write(n);
            } else {
                g.write(key, n);
            }
        } else if (v instanceof Boolean b) {
            if (key == null) {
                g.write(b);
            } else {
                g.write(key, b);
            }
        } else if (v instanceof Record r) {
            writeRecord(g, key, r);
        } else if (v instanceof List<?> list) {
            if (key == null) {
                g.writeStartArray();
            } else {
                g.writeStartArray(key);
            }
            for (Object item : list) {
                writeValue(g, null, item);
            }
            g.writeEnd();
        } else {
            throw new IllegalArgumentException("unsupported type " + v.getClass());
        }
    }

    private static <R> R toRecord(JsonObject json, Class<R> type) throws IOException {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            if (!json.containsKey(c.getName())) {
                throw new IOException("member '" + c.getName() + "' of " + type.getSimpleName() + " is missing");
            }
            args[i] = fromJson(json.get(c.getName()), c.getGenericType(), c.getName());
        }
        try {
            Constructor<R> constructor = type.getDeclaredConstructor(types);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IOException(type.getSimpleName() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object fromJson(JsonValue v, Type type, String name) throws IOException {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (v.getValueType() == JsonValue.ValueType.NULL) {
            if (raw.isPrimitive()) {
                throw new IOException("member '" + name + "' cannot be null");
            }
            return null;
        }
        if (raw == String.class) {
            return ((JsonString) v).getString();
        }
        if (raw == long.class) {
            return ((JsonNumber) v).longValueExact();
        }
        if (raw == int.class) {
            return ((JsonNumber) v).intValueExact();
        }
        if (raw == boolean.class) {
            if (v.getValueType() != JsonValue.ValueType.TRUE && v.getValueType() != JsonValue.ValueType.FALSE) {
                throw new IOException("member '" + name + "' must be true or false");
            }
            return v.getValueType() == JsonValue.ValueType.TRUE;
        }
        if (raw.isRecord()) {
            return toRecord((JsonObject) v, raw);
        }
        if (raw == List.class) {
            Type item = ((ParameterizedType) type).getActualTypeArguments()[0];
            JsonArray array = (JsonArray) v;
            List<Object> list = new ArrayList<>(array.size());
            for (JsonValue element : array) {
                list.add(fromJson(element, item, name));
            }
            return list;
        }
        throw new IllegalArgumentException("unsupported type " + type);
    }
}
