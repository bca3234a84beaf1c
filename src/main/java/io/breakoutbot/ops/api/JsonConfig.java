package io.breakoutbot.ops.api;

import jakarta.json.Json;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.stream.JsonGenerator;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.reflect.Type;
import org.eclipse.yasson.YassonJsonb;

/**
 * JSON-B for every response. A value that could not be measured is NaN in our records; JSON has no NaN,
 * so every document is written through {@link FiniteNumbers}, which turns it into {@code null} instead of
 * failing the whole response.
 */
@Provider
public class JsonConfig implements ContextResolver<Jsonb> {

    /** Thread-safe, and costly to build: one for the whole application. */
    public static final Jsonb JSONB = new FiniteJsonb((YassonJsonb) JsonbBuilder.create());

    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }

    /** Payara's Yasson, writing through {@link FiniteNumbers}; reading is left as it is. */
    private record FiniteJsonb(YassonJsonb yasson) implements Jsonb {

        @Override
        public String toJson(Object object) {
            StringWriter out = new StringWriter();
            toJson(object, out);
            return out.toString();
        }

        @Override
        public String toJson(Object object, Type runtimeType) {
            StringWriter out = new StringWriter();
            toJson(object, runtimeType, out);
            return out.toString();
        }

        @Override
        public void toJson(Object object, Writer writer) {
            try (JsonGenerator generator = new FiniteNumbers(Json.createGenerator(writer))) {
                yasson.toJson(object, generator);
            }
        }

        @Override
        public void toJson(Object object, Type runtimeType, Writer writer) {
            try (JsonGenerator generator = new FiniteNumbers(Json.createGenerator(writer))) {
                yasson.toJson(object, runtimeType, generator);
            }
        }

        @Override
        public void toJson(Object object, OutputStream stream) {
            try (JsonGenerator generator = new FiniteNumbers(Json.createGenerator(stream))) {
                yasson.toJson(object, generator);
            }
        }

        @Override
        public void toJson(Object object, Type runtimeType, OutputStream stream) {
            try (JsonGenerator generator = new FiniteNumbers(Json.createGenerator(stream))) {
                yasson.toJson(object, runtimeType, generator);
            }
        }

        @Override
        public <T> T fromJson(String str, Class<T> type) {
            return yasson.fromJson(str, type);
        }

        @Override
        public <T> T fromJson(String str, Type runtimeType) {
            return yasson.fromJson(str, runtimeType);
        }

        @Override
        public <T> T fromJson(Reader reader, Class<T> type) {
            return yasson.fromJson(reader, type);
        }

        @Override
        public <T> T fromJson(Reader reader, Type runtimeType) {
            return yasson.fromJson(reader, runtimeType);
        }

        @Override
        public <T> T fromJson(InputStream stream, Class<T> type) {
            return yasson.fromJson(stream, type);
        }

        @Override
        public <T> T fromJson(InputStream stream, Type runtimeType) {
            return yasson.fromJson(stream, runtimeType);
        }

        @Override
        public void close() throws Exception {
            yasson.close();
        }
    }
}
