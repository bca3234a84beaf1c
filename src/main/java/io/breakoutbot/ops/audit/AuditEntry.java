package io.breakoutbot.ops.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One operator action or configuration change.
 *
 * @param actor      who: a JMX or REST user name, {@code system} for the service itself
 * @param action     what, as a verb: {@code cleanup}, {@code apply-settings}
 * @param target     what it acted on: a file, a directory, an MBean attribute
 * @param parameters the arguments, as given
 * @param outcome    {@code success}, or {@code failure: <reason>}
 */
public record AuditEntry(String actor, String action, String target, Map<String, ?> parameters, String outcome) {

    public AuditEntry {
        // keeps the caller's order, which is the order operators read them in
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public boolean succeeded() {
        return "success".equals(outcome);
    }
}
