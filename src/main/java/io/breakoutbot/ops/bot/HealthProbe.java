package io.breakoutbot.ops.bot;

import io.breakoutbot.ops.config.TargetAddress;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * GETs the bot's health URL. Redirects are never followed (a redirect is an answer, not a 2xx), no proxy is
 * used (the bot runs on this host), and only the first {@value #MAX_BODY} bytes of the body are read.
 * HttpURLConnection rather than the JDK's HttpClient, which starts a selector thread no container factory
 * supplies.
 */
final class HealthProbe {

    static final int MAX_BODY = 64 * 1024;

    /**
     * Looked up once: {@code Json.createReader} asks the ServiceLoader for the JSON-P provider on every call, which
     * costs the check more CPU than parsing the body. Not at class load, so that a missing provider still only
     * leaves the status empty.
     */
    private static volatile JsonReaderFactory readers;

    private final URI url;
    private final Duration timeout;

    HealthProbe(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
    }

    /**
     * The health URL must be http or https, without credentials, on a host that does not resolve to a
     * link-local, unspecified, multicast or cloud metadata address. Loopback and private addresses are
     * allowed: the bot runs on this host or beside it.
     *
     * @throws IllegalArgumentException with a sentence for an operator
     */
    static URI validate(String text) {
        URI uri = TargetAddress.httpUrl(text, "http://127.0.0.1:8000/api/health");
        TargetAddress.checkHost(uri, false);
        return uri;
    }

    URI url() {
        return url;
    }

    /**
     * One GET with one deadline, {@code timeout} from the start: resolving the host, connecting, the headers
     * and the body all count. Connect and read timeouts are set to the time left after resolving, and the
     * deadline is checked after every read, so a body that trickles in cannot stretch the check; a single read
     * that blocks ends at the read timeout, so a check never takes more than twice {@code timeout}. Resolving
     * cannot be cut short (the JDK's lookup takes no timeout): its own time counts, and a lookup that used the
     * whole deadline is no answer.
     */
    HttpReading get() {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        try {
            // Again before every request, as for webhooks: a name re-pointed since the start must not make the
            // check a probe of a metadata service. It narrows the window; the connection resolves once more,
            // from the JDK's cache.
            validate(url.toString());
        } catch (IllegalArgumentException refused) {
            return HttpReading.noAnswer(url + " is not asked: it " + refused.getMessage());
        }
        int left = millisLeft(deadline);
        if (left <= 0) {
            return HttpReading.noAnswer(
                    url + " was not asked: resolving " + url.getHost() + " took the whole " + millis() + " ms");
        }
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) url.toURL().openConnection(Proxy.NO_PROXY);
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout(left);
            connection.setReadTimeout(left);
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "application/json");
            connection.setRequestProperty("User-Agent", "breakout-ops bot check");
            int code = connection.getResponseCode();
            if (System.nanoTime() - deadline > 0) {
                return HttpReading.noAnswer(url + " did not answer within " + millis() + " ms");
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try (InputStream in = code >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                byte[] chunk = new byte[8192];
                int read;
                while (in != null
                        && body.size() < MAX_BODY
                        && (read = in.read(chunk, 0, Math.min(chunk.length, MAX_BODY - body.size()))) >= 0) {
                    body.write(chunk, 0, read);
                    if (System.nanoTime() - deadline > 0) {
                        return HttpReading.noAnswer(url + " answered HTTP " + code
                                + " but did not send its body within " + millis() + " ms");
                    }
                }
            }
            long latency = (System.nanoTime() - started) / 1_000_000;
            return new HttpReading(
                    true, code, latency, bodyStatus(connection.getContentType(), body.toByteArray()), "");
        } catch (SocketTimeoutException e) {
            return HttpReading.noAnswer(url + " did not answer within " + millis() + " ms");
        } catch (IOException e) {
            return HttpReading.noAnswer(
                    url + " did not answer (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /** Milliseconds until the deadline, at most {@link Integer#MAX_VALUE}; 0 or less once it passed. */
    private static int millisLeft(long deadline) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, left));
    }

    private int millis() {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    /** The {@code status} field of a JSON object body, at most 200 characters; empty when there is none. */
    static String bodyStatus(String contentType, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        boolean json =
                (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json")) || text.startsWith("{");
        if (!json || !text.startsWith("{")) {
            return "";
        }
        try (JsonReader reader = readers().createReader(new StringReader(text))) {
            JsonObject object = reader.readObject();
            JsonValue status = object.get("status");
            if (status == null || status.getValueType() == JsonValue.ValueType.NULL) {
                return "";
            }
            String value = status instanceof JsonString s ? s.getString() : status.toString();
            value = value.replaceAll("\\p{Cntrl}", "?");
            return value.length() > 200 ? value.substring(0, 200) + "…" : value;
        } catch (JsonException | IllegalStateException e) {
            return ""; // not JSON after all, or cut at MAX_BODY: nothing to show
        }
    }

    /** @throws JsonException when no JSON-P provider is found */
    private static JsonReaderFactory readers() {
        JsonReaderFactory factory = readers;
        if (factory == null) {
            // A race makes two factories, one of which is kept: harmless.
            factory = Json.createReaderFactory(Map.of());
            readers = factory;
        }
        return factory;
    }
}
