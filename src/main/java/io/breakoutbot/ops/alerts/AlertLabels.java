package io.breakoutbot.ops.alerts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The labels an operator may add to our alerts ({@code ops.alerts.labels}) and group them by
 * ({@code ops.alerts.groupBy}), checked as Alertmanager reads them. Kept apart from the payload, which needs
 * JSON-P: the settings are also checked by {@code jmx/opsctl --offline}, outside the server.
 */
public final class AlertLabels {

    public static final List<String> DEFAULT_GROUP_BY = List.of("alertname", "instance");
    /** {@code group_by: ['...']}: group by every label, as Alertmanager spells it. */
    public static final String ALL_LABELS = "...";
    /** Labels this service sets itself; {@code ops.alerts.labels} may not set them. */
    public static final Set<String> OWN_LABELS = Set.of("alertname", "metric", "severity", "service", "instance");

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private AlertLabels() {}

    /**
     * Checks {@code ops.alerts.labels}: Prometheus label names, non-empty values (Alertmanager drops empty ones,
     * which would change the fingerprint), none of {@link #OWN_LABELS}.
     *
     * @return the labels, in their order
     */
    public static Map<String, String> checkedLabels(Map<String, String> labels) {
        for (Map.Entry<String, String> e : labels.entrySet()) {
            requireLabelName(e.getKey());
            if (OWN_LABELS.contains(e.getKey())) {
                throw new IllegalArgumentException("the label " + e.getKey() + " is set by breakout-ops itself"
                        + ("instance".equals(e.getKey()) ? "; set ops.alerts.instance instead" : ""));
            }
            if (e.getValue() == null || e.getValue().isEmpty()) {
                throw new IllegalArgumentException("the label " + e.getKey() + " has an empty value");
            }
        }
        return labels;
    }

    /**
     * Parses {@code name=value,name=value}.
     *
     * @throws IllegalArgumentException saying which pair is wrong
     */
    public static Map<String, String> parseLabels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return labels;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(
                        "each label is name=value, separated by commas, like env=prod,region=eu; not '" + pair.trim()
                                + "'");
            }
            String name = pair.substring(0, eq).trim();
            if (labels.put(name, pair.substring(eq + 1).trim()) != null) {
                throw new IllegalArgumentException("the label " + name + " is given twice");
            }
        }
        return checkedLabels(labels);
    }

    /** @return the names, checked: label names, or {@value #ALL_LABELS} alone */
    public static List<String> checkedGroupBy(List<String> names) {
        if (names.equals(List.of(ALL_LABELS))) {
            return names;
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("name at least one label to group by, e.g. alertname,instance");
        }
        names.forEach(AlertLabels::requireLabelName);
        return names;
    }

    private static void requireLabelName(String name) {
        if (name == null || !LABEL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "'" + name + "' is not a label name: a letter or _, then letters, digits or _");
        }
    }
}
