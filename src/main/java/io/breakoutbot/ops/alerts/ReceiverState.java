package io.breakoutbot.ops.alerts;

import java.time.Duration;
import java.time.Instant;

/**
 * How deliveries to one receiver are going, for the {@code alerts} health component.
 *
 * @param kind        {@code webhook} or {@code alertmanager}
 * @param receiver    its URL as logs show it (path after the first segment and query masked)
 * @param lastFailed  whether the last delivery, retries done, failed
 * @param lastSuccess when a delivery was last accepted; null when none was
 * @param lastFailure when a delivery was last given up; null when none was
 * @param lastError   why that one failed, e.g. {@code HTTP 503}; empty when none did
 */
public record ReceiverState(
        String kind, String receiver, boolean lastFailed, Instant lastSuccess, Instant lastFailure, String lastError) {

    public static final String WEBHOOK = "webhook";
    public static final String ALERTMANAGER = "alertmanager";

    /** Nothing delivered yet. */
    static ReceiverState fresh(String kind, String receiver) {
        return new ReceiverState(kind, receiver, false, null, null, "");
    }

    ReceiverState succeeded(Instant at) {
        return new ReceiverState(kind, receiver, false, at, lastFailure, lastError);
    }

    ReceiverState failed(Instant at, String why) {
        return new ReceiverState(kind, receiver, true, lastSuccess, at, why);
    }

    /** Whether the last delivery failed, or one failed within {@code window} before {@code now}. */
    public boolean failing(Instant now, Duration window) {
        return lastFailed || (lastFailure != null && !lastFailure.plus(window).isBefore(now));
    }
}
