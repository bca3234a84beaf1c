package io.breakoutbot.ops.alerts;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Something to tell the receivers: an alert started firing, or it resolved.
 *
 * @param alert  as it is at the time of the notice (a resolved one carries {@code endsAt})
 * @param status FIRING or RESOLVED
 */
public record Notice(Alert alert, Status status) {

    public enum Status {
        FIRING,
        RESOLVED;

        /** As Alertmanager writes it: firing, resolved. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Notice {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(status, "status");
    }

    /**
     * Identifies this notice across retries and re-sends, for the {@code Idempotency-Key} header:
     * fingerprint, status and the alert's start in epoch milliseconds, e.g. {@code 3f1c...-firing-1764298800000}.
     */
    public String id() {
        return alert.fingerprint() + "-" + status.label() + "-"
                + Instant.parse(alert.startsAt()).toEpochMilli();
    }
}
