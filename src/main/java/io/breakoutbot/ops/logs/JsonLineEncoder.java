package io.breakoutbot.ops.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * Writes one event as one JSON object on one line. Fields, in order: {@code timestamp} (UTC,
 * milliseconds, {@code Z}), {@code level}, {@code component}, {@code logger}, {@code thread},
 * {@code message}, then every MDC entry and every SLF4J key-value pair, then {@code stackTrace} when
 * the event carries an exception. An extra key that clashes with one already written gets a leading
 * underscore rather than being dropped or duplicated.
 *
 * <p>Every control character, quote and backslash is escaped and lone surrogates become U+FFFD, so no
 * message can break a line or produce invalid JSON or UTF-8.
 */
public class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    private static final byte[] NOTHING = new byte[0];
    private static final DateTimeFormatter SECOND =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Set<String> FIXED_FIELDS =
            Set.of("timestamp", "level", "component", "logger", "thread", "message", "stackTrace");

    /** Formatting the date is the costliest part of a line; consecutive events mostly share the second. */
    private volatile SecondPrefix lastSecond = new SecondPrefix(Long.MIN_VALUE, "");

    private record SecondPrefix(long epochSecond, String text) {}

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"timestamp\":\"");
        timestamp(event.getTimeStamp(), out);
        out.append('"');
        field(out, "level", event.getLevel().levelStr);
        Map<String, String> mdc = event.getMDCPropertyMap();
        field(out, "component", Component.of(event.getLoggerName(), mdc));
        field(out, "logger", event.getLoggerName());
        field(out, "thread", event.getThreadName());
        field(out, "message", event.getFormattedMessage());
        extras(out, mdc, event.getKeyValuePairs());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            field(out, "stackTrace", ThrowableProxyUtil.asString(thrown));
        }
        out.append("}\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void timestamp(long epochMillis, StringBuilder out) {
        long second = Math.floorDiv(epochMillis, 1000);
        SecondPrefix prefix = lastSecond;
        if (prefix.epochSecond() != second) {
            prefix = new SecondPrefix(second, SECOND.format(Instant.ofEpochSecond(second)));
            lastSecond = prefix;
        }
        int millis = (int) Math.floorMod(epochMillis, 1000);
        out.append(prefix.text())
                .append('.')
                .append((char) ('0' + millis / 100))
                .append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10))
                .append('Z');
    }

    private static void extras(StringBuilder out, Map<String, String> mdc, List<KeyValuePair> pairs) {
        boolean noMdc = mdc == null || mdc.isEmpty();
        boolean noPairs = pairs == null || pairs.isEmpty();
        if (noMdc && noPairs) {
            return;
        }
        Set<String> written = new HashSet<>(FIXED_FIELDS);
        if (!noMdc) {
            for (Map.Entry<String, String> e : mdc.entrySet()) {
                if (!Component.MDC_KEY.equals(e.getKey())) {
                    field(out, unique(e.getKey(), written), e.getValue());
                }
            }
        }
        if (!noPairs) {
            for (KeyValuePair pair : pairs) {
                out.append(",\"");
                escape(unique(String.valueOf(pair.key), written), out);
                out.append("\":");
                value(pair.value, out);
            }
        }
    }

    private static String unique(String key, Set<String> written) {
        String candidate = key;
        while (!written.add(candidate)) {
            candidate = "_" + candidate;
        }
        return candidate;
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(",\"");
        escape(name, out);
        out.append("\":");
        if (value == null) {
            out.append("null");
        } else {
            out.append('"');
            escape(value, out);
            out.append('"');
        }
    }

    /**
     * Key-value pairs keep their JSON type: numbers, booleans, maps as objects, collections as arrays; anything
     * else, NaN and infinities included, is a string. Public for {@code opsctl --json}, which writes its answers so.
     */
    public static void value(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte) {
            out.append(value);
        } else if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            out.append(n instanceof Double || n instanceof Float ? Double.toString(n.doubleValue()) : n.toString());
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append('"');
                escape(String.valueOf(e.getKey()), out);
                out.append("\":");
                value(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Iterable<?> items) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                value(item, out);
            }
            out.append(']');
        } else {
            out.append('"');
            escape(value.toString(), out);
            out.append('"');
        }
    }

    static void escape(String text, StringBuilder out) {
        int clean = 0;
        int n = text.length();
        while (clean < n && isPlain(text.charAt(clean))) {
            clean++;
        }
        // Most messages need no escaping at all: copy them in one go.
        out.append(text, 0, clean);
        for (int i = clean; i < n; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c)
                            && i + 1 < n
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append('\ufffd');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    /** Printable ASCII other than quote and backslash, and non-ASCII that is neither a surrogate nor U+2028/9. */
    private static boolean isPlain(char c) {
        return c >= 0x20
                && c != '"'
                && c != '\\'
                && c != 0x7f
                && (c < 0x2028 || (c > 0x2029 && !Character.isSurrogate(c)));
    }
}
