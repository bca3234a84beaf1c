package io.breakoutbot.ops.alerts;

import java.time.Duration;

/**
 * How {@link WebhookSender} delivers.
 *
 * @param capacity       deliveries waiting at most (one per notice and URL, retries included), 1 to 1000000;
 *                       beyond it the oldest is dropped
 * @param connectTimeout to open a connection, 1 ms to 5 minutes
 * @param requestTimeout for the receiver's answer once connected, 1 ms to 5 minutes
 * @param backoffBase    wait before the first retry, doubled for each next one (1 s, 2 s, 4 s); zero or more
 * @param maxRetries     retries after the first attempt, 0 to 10
 * @param allowPrivate   whether loopback and private addresses may be targets (see {@link WebhookUrl})
 */
public record DeliveryPolicy(
        int capacity,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration backoffBase,
        int maxRetries,
        boolean allowPrivate) {

    // before DEFAULTS, which its constructor checks against
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    public static final DeliveryPolicy DEFAULTS =
            new DeliveryPolicy(1000, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(1), 3, false);

    public DeliveryPolicy {
        if (capacity < 1 || capacity > 1_000_000) {
            throw new IllegalArgumentException(
                    "The webhook queue holds 1 to 1000000 deliveries, not " + capacity + ".");
        }
        requireTimeout("connect", connectTimeout);
        requireTimeout("request", requestTimeout);
        if (backoffBase == null || backoffBase.isNegative()) {
            throw new IllegalArgumentException("The retry backoff must be zero or positive, not " + backoffBase + ".");
        }
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("Webhook retries must be from 0 to 10, not " + maxRetries + ".");
        }
    }

    private static void requireTimeout(String which, Duration timeout) {
        if (timeout == null || timeout.toMillis() < 1 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    "The webhook " + which + " timeout must be from 1 ms to 5 minutes, not " + timeout + ".");
        }
    }

    public DeliveryPolicy withCapacity(int newCapacity) {
        return new DeliveryPolicy(newCapacity, connectTimeout, requestTimeout, backoffBase, maxRetries, allowPrivate);
    }

    public DeliveryPolicy withTimeouts(Duration connect, Duration request) {
        return new DeliveryPolicy(capacity, connect, request, backoffBase, maxRetries, allowPrivate);
    }

    public DeliveryPolicy withRetries(int retries, Duration base) {
        return new DeliveryPolicy(capacity, connectTimeout, requestTimeout, base, retries, allowPrivate);
    }

    public DeliveryPolicy withAllowPrivate(boolean allow) {
        return new DeliveryPolicy(capacity, connectTimeout, requestTimeout, backoffBase, maxRetries, allow);
    }

    /** Wait before retry number {@code retry} (1-based): base, 2 x base, 4 x base... */
    Duration backoff(int retry) {
        return backoffBase.multipliedBy(1L << (retry - 1));
    }
}
