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

    private static final byte[] TIMESTAMP = ascii("{\"timestamp\":\"");
    private static final byte[] LEVEL = ascii("Z\",\"level\":");
    private static final byte[] COMPONENT = ascii(",\"component\":");
    private static final byte[] LOGGER = ascii(",\"logger\":");
    private static final byte[] THREAD = ascii(",\"thread\":");
    private static final byte[] MESSAGE = ascii(",\"message\":");
    private static final byte[] STACK_TRACE = ascii(",\"stackTrace\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] END = ascii("}\n");

    /** Formatting the date is the costliest part of a line; consecutive events mostly share the second. */
    private volatile SecondPrefix lastSecond = new SecondPrefix(Long.MIN_VALUE, NOTHING);

    private record SecondPrefix(long epochSecond, byte[] text) {}

    /**
     * Levels, components, logger and thread names repeat from line to line: each is escaped once and its
     * bytes reused. Direct-mapped by hash, so a service with many thread names only replaces entries;
     * entries are immutable, so threads that share an encoder may race on a slot without harm.
     */
    private final Quoted[] quoted = new Quoted[QUOTED_SLOTS];

    private static final int QUOTED_SLOTS = 256;

    private record Quoted(String text, byte[] json) {}

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }

    /** Written straight as UTF-8 bytes: no String of the line is built only to be encoded again. */
    @Override
    public byte[] encode(ILoggingEvent event) {
        JsonBytes out = new JsonBytes(256);
        out.raw(TIMESTAMP);
        timestamp(event.getTimeStamp(), out);
        out.raw(LEVEL);
        out.raw(quoted(event.getLevel().levelStr));
        Map<String, String> mdc = event.getMDCPropertyMap();
        out.raw(COMPONENT);
        out.raw(quoted(Component.of(event.getLoggerName(), mdc)));
        out.raw(LOGGER);
        out.raw(quoted(event.getLoggerName()));
        out.raw(THREAD);
        out.raw(quoted(event.getThreadName()));
        out.raw(MESSAGE);
        out.string(event.getFormattedMessage());
        extras(out, mdc, event.getKeyValuePairs());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            out.raw(STACK_TRACE);
            out.string(ThrowableProxyUtil.asString(thrown));
        }
        out.raw(END);
        return out.toByteArray();
    }

    /** {@code "2026-01-02T03:04:05.678} without the closing {@code Z"}, which {@link #LEVEL} starts with. */
    private void timestamp(long epochMillis, JsonBytes out) {
        long second = Math.floorDiv(epochMillis, 1000);
        SecondPrefix prefix = lastSecond;
        if (prefix.epochSecond() != second) {
            prefix = new SecondPrefix(second, ascii(SECOND.format(Instant.ofEpochSecond(second)) + "."));
            lastSecond = prefix;
        }
        out.raw(prefix.text());
        out.millis((int) Math.floorMod(epochMillis, 1000));
    }

    /** The JSON string of {@code text}, quotes included; {@code null} for a null text. */
    private byte[] quoted(String text) {
        if (text == null) {
            return NULL;
        }
        int slot = text.hashCode() & (QUOTED_SLOTS - 1);
        Quoted known = quoted[slot];
        if (known != null && (known.text() == text || known.text().equals(text))) {
            return known.json();
        }
        JsonBytes json = new JsonBytes(text.length() + 2);
        json.string(text);
        byte[] bytes = json.toByteArray();
        quoted[slot] = new Quoted(text, bytes);
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** MDC entries and key-value pairs: rare, so written through the text path, then encoded. */
    private static void extras(JsonBytes out, Map<String, String> mdc, List<KeyValuePair> pairs) {
        boolean noMdc = mdc == null || mdc.isEmpty();
        boolean noPairs = pairs == null || pairs.isEmpty();
        if (noMdc && noPairs) {
            return;
        }
        StringBuilder text = new StringBuilder(128);
        extras(text, mdc, pairs);
        out.raw(text.toString().getBytes(StandardCharsets.UTF_8));
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
