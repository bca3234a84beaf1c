package io.breakoutbot.ops.alerts;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The body of Alertmanager's webhook (version 4), so receivers written for Alertmanager (chat bridges,
 * incident tools) take our notices as they are. One message carries one group: {@code alertname}
 * {@value #ALERT_NAME} for resources (or the log rule's name), the root route ({@code groupKey}
 * {@value #GROUP_KEY}).
 *
 * <p>Each alert is labelled {@code alertname}, {@code metric}, {@code severity} (warning, critical),
 * {@code service} ({@value #SERVICE}) and {@code instance} (this host) and annotated with {@code summary},
 * {@code value} and {@code threshold} (percent, as text), then the alert's own annotations (a log rule's
 * {@code line} and {@code file}). {@code commonLabels} and
 * {@code commonAnnotations} hold the pairs every alert of the message shares, as Alertmanager computes
 * them. A firing alert's {@code endsAt} is {@value #ZERO_TIME}, Go's zero time, as Alertmanager sends it.
 */
public final class AlertmanagerPayload {

    public static final String VERSION = "4";
    public static final String RECEIVER = "breakout-ops";
    public static final String SERVICE = "breakout-ops";
    public static final String ALERT_NAME = "ResourceThreshold";
    public static final String GROUP_KEY = "{}:{alertname=\"" + ALERT_NAME + "\"}";
    public static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    private final String instance;
    private final String externalUrl;

    /**
     * @param instance    this host's name, the {@code instance} label
     * @param externalUrl where an operator reaches this service (its {@code /api/health}, say); may be empty
     */
    public AlertmanagerPayload(String instance, String externalUrl) {
        if (instance == null || instance.isBlank()) {
            throw new IllegalArgumentException("The instance label needs this host's name; got an empty one.");
        }
        this.instance = instance;
        this.externalUrl = Objects.requireNonNullElse(externalUrl, "");
    }

    public JsonObject build(Notice notice) {
        return build(List.of(notice));
    }

    /** One message for several notices: status {@code firing} when any of them fires. */
    public JsonObject build(List<Notice> notices) {
        if (notices.isEmpty()) {
            throw new IllegalArgumentException("A webhook message needs at least one notice.");
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
                    .add("startsAt", n.alert().startsAt())
                    .add(
                            "endsAt",
                            n.status() == Notice.Status.RESOLVED ? n.alert().endsAt() : ZERO_TIME)
                    .add("generatorURL", "")
                    .add("fingerprint", n.alert().fingerprint()));
        }
        boolean firing = notices.stream().anyMatch(n -> n.status() == Notice.Status.FIRING);
        // Grouped by alertname, as Alertmanager's default route does; notices of several names share no group label.
        String alertname = notices.get(0).alert().alertname();
        boolean oneName = notices.stream().allMatch(n -> n.alert().alertname().equals(alertname));
        JsonObjectBuilder groupLabels = JSON.createObjectBuilder();
        if (oneName) {
            groupLabels.add("alertname", alertname);
        }
        return JSON.createObjectBuilder()
                .add("version", VERSION)
                .add("groupKey", oneName ? groupKey(alertname) : "{}:{}")
                .add("truncatedAlerts", 0)
                .add("status", (firing ? Notice.Status.FIRING : Notice.Status.RESOLVED).label())
                .add("receiver", RECEIVER)
                .add("groupLabels", groupLabels)
                .add("commonLabels", object(commonLabels))
                .add("commonAnnotations", object(commonAnnotations))
                .add("externalURL", externalUrl)
                .add("alerts", alerts)
                .build();
    }

    /** {@link #build(List)} as compact JSON text, UTF-8 when sent. */
    public String json(List<Notice> notices) {
        StringWriter text = new StringWriter();
        try (JsonWriter writer = Json.createWriter(text)) {
            writer.writeObject(build(notices));
        }
        return text.toString();
    }

    public String json(Notice notice) {
        return json(List.of(notice));
    }

    private Map<String, String> labels(Alert alert) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", alert.alertname());
        labels.put("metric", alert.metric());
        labels.put("severity", alert.level());
        labels.put("service", SERVICE);
        labels.put("instance", instance);
        return labels;
    }

    private static Map<String, String> annotations(Alert alert) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", alert.summary());
        annotations.put("value", Alert.percent(alert.value()));
        annotations.put("threshold", Alert.percent(alert.threshold()));
        alert.annotations().forEach(annotations::putIfAbsent);
        return annotations;
    }

    /** Alertmanager's group key for a group by {@code alertname} on the root route. */
    static String groupKey(String alertname) {
        return "{}:{alertname=\"" + alertname + "\"}";
    }

    private static Map<String, String> common(Map<String, String> before, Map<String, String> next) {
        Map<String, String> shared = new LinkedHashMap<>(before);
        shared.entrySet().removeIf(e -> !e.getValue().equals(next.get(e.getKey())));
        return shared;
    }

    private static JsonObjectBuilder object(Map<String, String> pairs) {
        JsonObjectBuilder object = JSON.createObjectBuilder();
        pairs.forEach(object::add);
        return object;
    }
}
