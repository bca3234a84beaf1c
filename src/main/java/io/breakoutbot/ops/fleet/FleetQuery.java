package io.breakoutbot.ops.fleet;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Asks Prometheus' HTTP API for every target of one scrape job and what it last scraped of each: whether it is
 * up, its overall health, its bot's check, its newest verified backups and the alerts firing for it. One
 * instant query fetches all of it, so the answer is one consistent moment of Prometheus' and one deadline
 * covers it. HttpURLConnection rather than the JDK's HttpClient, which starts a selector thread no container
 * factory supplies; no proxy, and redirects are never followed.
 */
public final class FleetQuery {

    /** Series the view reads; {@code ALERTS} is Prometheus' own, one series per alert and state. */
    static final String UP = "up";

    static final String HEALTH = "ops_health_status";
    static final String BOT = "ops_bot_status";
    static final String BACKUP = "ops_backup_newest_verified_timestamp_seconds";
    static final String REMOTE = "ops_remote_newest_verified_timestamp_seconds";
    static final String ALERTS = "ALERTS";

    /** A fleet's answer is a few series per host; anything this large is not one. */
    static final int MAX_BODY = 8 * 1024 * 1024;

    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+):[0-9]{1,5}");
    private static final String[] STATUSES = {"UP", "DEGRADED", "DOWN"};

    private static volatile JsonReaderFactory readers;

    private final URI prometheus;
    private final String job;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param prometheus Prometheus' base URL; the API is below it at {@code api/v1/}
     * @param job        the scrape job whose targets are the hosts
     * @param timeout    the deadline of one answer: connecting, the headers and the whole body
     */
    public FleetQuery(URI prometheus, String job, Duration timeout, Clock clock) {
        this.prometheus = prometheus;
        this.job = job;
        this.timeout = timeout;
        this.clock = clock;
    }

    public FleetQuery(FleetSettings settings, Clock clock) {
        this(settings.prometheusUrl(), settings.job(), settings.timeout(), clock);
    }

    /** Prometheus did not give a usable answer; the message says why, for an operator. */
    public static final class Unanswered extends RuntimeException {
        Unanswered(String message) {
            super(message);
        }
    }

    /** The PromQL the view asks: every series it reads, of the job's targets only. */
    String promql() {
        return "{__name__=~\"" + String.join("|", UP, HEALTH, BOT, BACKUP, REMOTE, ALERTS) + "\",job=\""
                + job.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    /** The URL of the query. */
    URI url() {
        String base = prometheus.toString().replaceAll("/+$", "");
        return URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(promql(), StandardCharsets.UTF_8));
    }

    /**
     * @return every target of the job, sorted by instance
     * @throws Unanswered when Prometheus does not answer within the timeout, answers with an error, or sends
     *     what is not its API's JSON
     */
    public FleetView fleet() {
        byte[] body = get();
        Instant now = clock.instant();
        return new FleetView(prometheus.toString(), job, now, hosts(parse(body), now));
    }

    /** One series of an instant query's vector: its labels and value. */
    record Sample(Map<String, String> labels, double value) {}

    /**
     * The samples of a successful instant query's vector.
     *
     * @throws Unanswered when the body is an error or not the API's JSON
     */
    List<Sample> parse(byte[] body) {
        JsonObject answer;
        try (JsonReader reader = readers().createReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8)) {
            answer = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new Unanswered("Prometheus at " + prometheus + " answered with what is not JSON of its API ("
                    + e.getMessage() + ").");
        }
        if (!"success".equals(answer.getString("status", ""))) {
            throw new Unanswered("Prometheus at " + prometheus + " refused the query: "
                    + answer.getString("errorType", "error") + ": " + answer.getString("error", "no reason given")
                    + ".");
        }
        JsonObject data = answer.getJsonObject("data");
        if (data == null || !"vector".equals(data.getString("resultType", "")) || !data.containsKey("result")) {
            throw new Unanswered("Prometheus at " + prometheus + " answered without a vector of results.");
        }
        List<Sample> samples = new ArrayList<>();
        try {
            for (JsonObject series : data.getJsonArray("result").getValuesAs(JsonObject.class)) {
                Map<String, String> labels = new TreeMap<>();
                for (Map.Entry<String, JsonValue> label :
                        series.getJsonObject("metric").entrySet()) {
                    if (label.getValue() instanceof JsonString text) {
                        labels.put(label.getKey(), text.getString());
                    }
                }
                JsonArray value = series.getJsonArray("value");
                samples.add(new Sample(labels, number(value.getString(1))));
            }
        } catch (ClassCastException | NullPointerException | IndexOutOfBoundsException e) {
            throw new Unanswered("Prometheus at " + prometheus + " answered with a result of another shape ("
                    + e.getClass().getSimpleName() + ").");
        }
        return samples;
    }

    /** Prometheus writes values as text: "1", "1.733e+09", "NaN", "+Inf". */
    private static double number(String text) {
        try {
            return Double.parseDouble(text.replace("Inf", "Infinity"));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The hosts the samples describe: one per instance of {@code up}, the others' series joined to them. */
    static List<FleetHost> hosts(List<Sample> samples, Instant now) {
        Map<String, Host> hosts = new TreeMap<>();
        for (Sample s : samples) {
            if (UP.equals(s.labels().get("__name__")) && s.labels().containsKey("instance")) {
                hosts.put(s.labels().get("instance"), new Host(s.value() == 1.0));
            }
        }
        for (Sample s : samples) {
            Host host = hosts.get(s.labels().get("instance"));
            if (host == null) {
                continue; // a series without a scrape target: pushed, or of a target that left
            }
            double v = s.value();
            switch (s.labels().getOrDefault("__name__", "")) {
                case HEALTH -> host.status = status(v);
                case BOT -> host.bot = status(v);
                case BACKUP -> host.backup = time(v);
                case REMOTE -> host.remote = time(v);
                case ALERTS -> {
                    if ("firing".equals(s.labels().get("alertstate"))
                            && s.labels().containsKey("alertname")) {
                        host.alerts.add(s.labels().get("alertname"));
                    }
                }
                default -> {}
            }
        }
        List<FleetHost> list = new ArrayList<>();
        hosts.forEach((instance, h) -> list.add(new FleetHost(
                instance,
                h.up,
                h.up ? h.status : null, // the last health of a host that no longer answers is no health
                h.bot,
                h.backup,
                age(h.backup, now),
                h.remote,
                age(h.remote, now),
                List.copyOf(h.alerts),
                HOST_PORT.matcher(instance).matches() ? "http://" + instance + "/" : null)));
        return list;
    }

    private static final class Host {
        final boolean up;
        String status;
        String bot;
        Instant backup;
        Instant remote;
        final TreeSet<String> alerts = new TreeSet<>();

        Host(boolean up) {
            this.up = up;
        }
    }

    /** 0 UP, 1 DEGRADED, 2 DOWN, as ops_health_status and ops_bot_status have it; null for anything else. */
    private static String status(double value) {
        int i = (int) value;
        return i == value && i >= 0 && i < STATUSES.length ? STATUSES[i] : null;
    }

    private static Instant time(double unixSeconds) {
        return Double.isFinite(unixSeconds) && unixSeconds > 0 ? Instant.ofEpochSecond((long) unixSeconds) : null;
    }

    private static Long age(Instant at, Instant now) {
        return at == null ? null : Math.max(0, Duration.between(at, now).toSeconds());
    }

    /**
     * The body of the query's answer, 2xx or an API error (Prometheus answers 400, 422 and 503 with its JSON
     * error); within one deadline for connecting, the headers and the body.
     */
    private byte[] get() {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI url = url();
        try {
            // As for webhooks and the bot's health URL: a name re-pointed since the start must not turn the
            // view into a probe of a metadata service.
            FleetSettings.checkAddresses(url, false);
        } catch (IllegalArgumentException refused) {
            throw new Unanswered(
                    "Prometheus at " + prometheus + " is not asked: its URL " + refused.getMessage() + ".");
        }
        int left = millisLeft(deadline);
        if (left <= 0) {
            throw new Unanswered("Prometheus at " + prometheus + " was not asked: resolving its host took the whole "
                    + timeout.toMillis() + " ms.");
        }
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) url.toURL().openConnection(Proxy.NO_PROXY);
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout(left);
            connection.setReadTimeout(left);
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "application/json");
            connection.setRequestProperty("User-Agent", "breakout-ops fleet view");
            int code = connection.getResponseCode();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try (InputStream in = code >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                byte[] chunk = new byte[8192];
                int read;
                while (in != null && (read = in.read(chunk)) >= 0) {
                    body.write(chunk, 0, read);
                    if (body.size() > MAX_BODY) {
                        throw new Unanswered("Prometheus at " + prometheus + " answered with more than " + MAX_BODY
                                + " bytes; that is no fleet's answer.");
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw timedOut();
                    }
                    connection.setReadTimeout(Math.max(1, millisLeft(deadline)));
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw timedOut();
            }
            String type = connection.getContentType();
            if (code / 100 != 2 && (type == null || !type.contains("json"))) {
                throw new Unanswered("Prometheus at " + prometheus + " answered HTTP " + code + ", not its API.");
            }
            return body.toByteArray();
        } catch (SocketTimeoutException e) {
            throw timedOut();
        } catch (IOException e) {
            throw new Unanswered("Prometheus at " + prometheus + " did not answer ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ").");
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private Unanswered timedOut() {
        return new Unanswered("Prometheus at " + prometheus + " did not answer within " + timeout.toMillis() + " ms.");
    }

    private static int millisLeft(long deadline) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, left));
    }

    /** @throws JsonException when no JSON-P provider is found */
    private static JsonReaderFactory readers() {
        JsonReaderFactory factory = readers;
        if (factory == null) {
            factory = Json.createReaderFactory(Map.of()); // a race makes two, one of which is kept: harmless
            readers = factory;
        }
        return factory;
    }
}
