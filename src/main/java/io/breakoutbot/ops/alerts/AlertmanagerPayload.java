package io.breakoutbot.ops.alerts;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Alerts as Alertmanager writes and reads them: the body of its webhook (version 4), so receivers written for
 * Alertmanager (chat bridges, incident tools) take our notices as they are, and the {@code PostableAlert}s that
 * {@link AlertmanagerSender} posts to {@code /api/v2/alerts}.
 *
 * <p>Each alert is labelled {@code alertname} ({@value #ALERT_NAME} for resources, or the log rule's name),
 * {@code metric}, {@code severity} (warning, critical), {@code service} ({@value #SERVICE}), {@code instance}
 * (this host, or {@code ops.alerts.instance}) and the extra labels of {@code ops.alerts.labels}; annotated with
 * {@code summary}, {@code value} and {@code threshold} (percent, as text), then the alert's own annotations (a
 * log rule's {@code line} and {@code file}). Its fingerprint is Alertmanager's over that whole label set, so two
 * hosts' alerts never share one, and a real Alertmanager reports the same.
 *
 * <p>A webhook message carries one group, as Alertmanager groups on its root route by {@code group_by}
 * ({@code ops.alerts.groupBy}, default {@code alertname,instance}): {@code groupKey} is
 * {@code {}:{alertname="disk", instance="bot-1"}}, the route's matchers ({@code {}} on the root route), a colon,
 * and the alert's labels named in {@code group_by}, sorted, Go-quoted. {@code commonLabels} and
 * {@code commonAnnotations} hold the pairs every alert of the message shares. Objects are written with their
 * keys sorted and times in RFC 3339 with at most milliseconds, as Go writes them; the message's fields come in the
 * order Alertmanager 0.25 writes them. A firing alert's
 * {@code endsAt} in a webhook is {@value #ZERO_TIME}, Go's zero time, as Alertmanager sends it.
 */
public final class AlertmanagerPayload {

    public static final String VERSION = "4";
    public static final String RECEIVER = "breakout-ops";
    public static final String SERVICE = "breakout-ops";
    public static final String ALERT_NAME = "ResourceThreshold";
    public static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    private final String instance;
    private final Map<String, String> extraLabels;
    private final String externalUrl;
    private final List<String> groupBy;

    /** No extra labels, grouped by {@link AlertLabels#DEFAULT_GROUP_BY}. */
    public AlertmanagerPayload(String instance, String externalUrl) {
        this(instance, Map.of(), externalUrl, AlertLabels.DEFAULT_GROUP_BY);
    }

    /**
     * @param instance    the {@code instance} label, this host's name by default
     * @param extraLabels more labels for every alert ({@code env=prod}); none of {@link AlertLabels#OWN_LABELS}
     * @param externalUrl where an operator reaches this service's dashboard: the webhook's {@code externalURL}
     *                    and every alert's {@code generatorURL}; may be empty
     * @param groupBy     label names, or {@value AlertLabels#ALL_LABELS} alone for all of them
     * @throws IllegalArgumentException naming the label that is not allowed
     */
    public AlertmanagerPayload(
            String instance, Map<String, String> extraLabels, String externalUrl, List<String> groupBy) {
        if (instance == null || instance.isBlank()) {
            throw new IllegalArgumentException("The instance label needs this host's name; got an empty one.");
        }
        this.instance = instance;
        this.extraLabels = Map.copyOf(AlertLabels.checkedLabels(extraLabels));
        this.externalUrl = Objects.requireNonNullElse(externalUrl, "");
        this.groupBy = List.copyOf(AlertLabels.checkedGroupBy(groupBy));
    }

    /** Every label of the alert, sorted by name. */
    public Map<String, String> labels(Alert alert) {
        Map<String, String> labels = new TreeMap<>(extraLabels);
        labels.put("alertname", alert.alertname());
        labels.put("metric", alert.metric());
        labels.put("severity", alert.level());
        labels.put("service", SERVICE);
        labels.put("instance", instance);
        return labels;
    }

    /** Alertmanager's fingerprint of {@link #labels(Alert)}. */
    public String fingerprint(Alert alert) {
        return fingerprint(labels(alert));
    }

    /** The notice with its alert's fingerprint over the full label set, as receivers and Alertmanager see it. */
    public Notice stamped(Notice notice) {
        Alert a = notice.alert();
        String full = fingerprint(a);
        if (full.equals(a.fingerprint())) {
            return notice;
        }
        Alert stamped = a.withFingerprint(full);
        return new Notice(stamped, notice.status());
    }

    /**
     * Alertmanager's fingerprint of a label set ({@code model.LabelSet.Fingerprint} of prometheus/common): 64-bit
     * FNV-1a over the label names in sorted order, each name and each value followed by the byte 0xFF, as 16 hex
     * digits.
     */
    public static String fingerprint(Map<String, String> labels) {
        long hash = 0xcbf29ce484222325L;
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            hash = fnv(hash, e.getKey());
            hash = fnv(hash, e.getValue());
        }
        return String.format("%016x", hash);
    }

    private static long fnv(long hash, String part) {
        for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return (hash ^ 0xff) * 0x100000001b3L;
    }

    /** The labels of the alert's group: those named in {@code group_by} that it carries. */
    public Map<String, String> groupLabels(Alert alert) {
        Map<String, String> all = labels(alert);
        if (groupBy.equals(List.of(AlertLabels.ALL_LABELS))) {
            return all;
        }
        Map<String, String> group = new TreeMap<>();
        for (String name : groupBy) {
            String value = all.get(name);
            if (value != null) {
                group.put(name, value);
            }
        }
        return group;
    }

    /** Alertmanager's group key on the root route: {@code {}:{alertname="disk", instance="bot-1"}}. */
    public String groupKey(Alert alert) {
        return groupKey(groupLabels(alert));
    }

    static String groupKey(Map<String, String> groupLabels) {
        StringBuilder key = new StringBuilder("{}:{");
        String sep = "";
        for (Map.Entry<String, String> e : new TreeMap<>(groupLabels).entrySet()) {
            key.append(sep).append(e.getKey()).append('=').append(goQuote(e.getValue()));
            sep = ", ";
        }
        return key.append('}').toString();
    }

    /** Go's {@code strconv.Quote}, which Alertmanager's group key uses for label values. */
    static String goQuote(String value) {
        StringBuilder q = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case 7 -> q.append("\\a");
                case '\b' -> q.append("\\b");
                case '\f' -> q.append("\\f");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                case 11 -> q.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        q.append(String.format("\\x%02x", c));
                    } else if (Character.isISOControl(c) || !Character.isDefined(c) || isFormat(c)) {
                        q.append(c > 0xffff ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
                    } else {
                        q.appendCodePoint(c);
                    }
                }
            }
        });
        return q.append('"').toString();
    }

    private static boolean isFormat(int c) {
        int type = Character.getType(c);
        return type == Character.FORMAT
                || type == Character.SURROGATE
                || type == Character.PRIVATE_USE
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || (type == Character.SPACE_SEPARATOR && c != ' ');
    }

    /** An instant as Go writes it in JSON (RFC 3339), cut to milliseconds: {@code 2026-11-28T03:00:05.12Z}. */
    public static String time(Instant at) {
        String text = at.truncatedTo(ChronoUnit.MILLIS).toString();
        if (text.indexOf('.') < 0) {
            return text;
        }
        String fraction = text.substring(0, text.length() - 1).replaceFirst("0+$", "");
        return (fraction.endsWith(".") ? fraction.substring(0, fraction.length() - 1) : fraction) + "Z";
    }

    private static String time(String isoInstant) {
        return isoInstant == null || isoInstant.isEmpty() ? ZERO_TIME : time(Instant.parse(isoInstant));
    }

    public JsonObject build(Notice notice) {
        return build(List.of(notice));
    }

    /**
     * One message for notices of one group: status {@code firing} when any of them fires.
     *
     * @throws IllegalArgumentException when there are none, or they belong to several groups
     */
    public JsonObject build(List<Notice> notices) {
        if (notices.isEmpty()) {
            throw new IllegalArgumentException("A webhook message needs at least one notice.");
        }
        Map<String, String> group = groupLabels(notices.get(0).alert());
        for (Notice n : notices) {
            if (!groupLabels(n.alert()).equals(group)) {
                throw new IllegalArgumentException(
                        "One webhook message carries one group; " + n.alert().key() + " is not in " + groupKey(group));
            }
        }
        JsonArrayBuilder alerts = JSON.createArrayBuilder();
        Map<String, String> commonLabels = null;
        Map<String, String> commonAnnotations = null;
        for (Notice n : notices) {
            Map<String, String> labels = labels(n.alert());
            Map<String, String> annotations = annotations(n.alert());
            commonLabels = commonLabels == null ? labels : common(commonLabels, labels);
            commonAnnotations = commonAnnotations == null ? annotations : common(commonAnnotations, annotations);
            alerts.add(JSON.createObjectBuilder()
                    .add("status", n.status().label())
                    .add("labels", object(labels))
                    .add("annotations", object(annotations))
                    .add("startsAt", time(n.alert().startsAt()))
                    .add(
                            "endsAt",
                            n.status() == Notice.Status.RESOLVED
                                    ? time(n.alert().endsAt())
                                    : ZERO_TIME)
                    .add("generatorURL", externalUrl)
                    .add("fingerprint", fingerprint(labels)));
        }
        boolean firing = notices.stream().anyMatch(n -> n.status() == Notice.Status.FIRING);
        // In the order Go writes Alertmanager's message: template.Data's fields, then the webhook's own.
        return JSON.createObjectBuilder()
                .add("receiver", RECEIVER)
                .add("status", (firing ? Notice.Status.FIRING : Notice.Status.RESOLVED).label())
                .add("alerts", alerts)
                .add("groupLabels", object(group))
                .add("commonLabels", object(commonLabels))
                .add("commonAnnotations", object(commonAnnotations))
                .add("externalURL", externalUrl)
                .add("version", VERSION)
                .add("groupKey", groupKey(group))
                .add("truncatedAlerts", 0)
                .build();
    }

    /** One message per group, in the order each group first appears. */
    public List<JsonObject> messages(List<Notice> notices) {
        Map<String, List<Notice>> groups = new LinkedHashMap<>();
        for (Notice n : notices) {
            groups.computeIfAbsent(groupKey(n.alert()), k -> new ArrayList<>()).add(n);
        }
        return groups.values().stream().map(this::build).toList();
    }

    /**
     * One {@code PostableAlert} of Alertmanager's API v2.
     *
     * @param endsAt when Alertmanager should take it as resolved: the resolve time, or for a firing alert a time
     *               after the next few re-sends
     */
    public JsonObject postable(Alert alert, Instant endsAt) {
        return JSON.createObjectBuilder()
                .add("labels", object(labels(alert)))
                .add("annotations", object(annotations(alert)))
                .add("startsAt", time(alert.startsAt()))
                .add("endsAt", time(endsAt))
                .add("generatorURL", externalUrl)
                .build();
    }

    /** {@link #build(List)} as compact JSON text, UTF-8 when sent. */
    public String json(List<Notice> notices) {
        return text(build(notices));
    }

    public String json(Notice notice) {
        return json(List.of(notice));
    }

    /** Compact JSON text. */
    static String text(jakarta.json.JsonStructure json) {
        StringWriter text = new StringWriter();
        try (JsonWriter writer = Json.createWriter(text)) {
            writer.write(json);
        }
        return text.toString();
    }

    private static Map<String, String> annotations(Alert alert) {
        Map<String, String> annotations = new TreeMap<>();
        annotations.put("summary", alert.summary());
        annotations.put("value", Alert.percent(alert.value()));
        annotations.put("threshold", Alert.percent(alert.threshold()));
        alert.annotations().forEach(annotations::putIfAbsent);
        return annotations;
    }

    private static Map<String, String> common(Map<String, String> before, Map<String, String> next) {
        Map<String, String> shared = new TreeMap<>(before);
        shared.entrySet().removeIf(e -> !e.getValue().equals(next.get(e.getKey())));
        return shared;
    }

    private static JsonObjectBuilder object(Map<String, String> pairs) {
        JsonObjectBuilder object = JSON.createObjectBuilder();
        pairs.forEach(object::add);
        return object;
    }
}
