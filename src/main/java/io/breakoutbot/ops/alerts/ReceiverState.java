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
 * @param lastError   why that one failed, e.g. {@code HTTP 503}: its first line, at most {@value #ERROR_CHARS}
 *                    characters (health shows it; the log has it all); empty when none did
 */
public record ReceiverState(
        String kind, String receiver, boolean lastFailed, Instant lastSuccess, Instant lastFailure, String lastError) {

    public static final String WEBHOOK = "webhook";
    public static final String ALERTMANAGER = "alertmanager";
    /** Characters of a failure's first line kept for health. */
    static final int ERROR_CHARS = 200;

    public ReceiverState {
        // Health shows it to whoever may read /api/health; a receiver's whole error page belongs in the log.
        lastError = brief(lastError);
    }

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

    /**
     * The first line, at most {@value #ERROR_CHARS} characters, ending in an ellipsis when something was left out.
     * Applied twice it changes nothing, as each new state carries the last error on.
     */
    static String brief(String why) {
        String text = why == null ? "" : why.strip();
        int end = -1;
        for (int i = 0; i < text.length() && end < 0; i++) {
            if (text.charAt(i) == '\n' || text.charAt(i) == '\r') {
                end = i;
            }
        }
        String line = end < 0 ? text : text.substring(0, end).strip();
        if (end < 0 && line.length() <= ERROR_CHARS) {
            return line;
        }
        int cut = Math.min(line.length(), ERROR_CHARS - 1);
        if (cut > 0 && Character.isHighSurrogate(line.charAt(cut - 1))) {
            cut--;
        }
        return line.substring(0, cut).strip() + "…";
    }

    /** Whether the last delivery failed, or one failed within {@code window} before {@code now}. */
    public boolean failing(Instant now, Duration window) {
        return lastFailed || (lastFailure != null && !lastFailure.plus(window).isBefore(now));
    }
}
