package io.breakoutbot.ops.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins per remote address, as a token bucket: an address may fail {@code burst} times, and earns
 * one more try every {@code window / burst}. With the defaults (5 a minute) the sixth failure within a
 * minute blocks the address for 12 s, and guessing runs at 5 passwords a minute at most. While blocked,
 * credentials from that address are not even checked, so a flood of guesses cannot keep PBKDF2 busy.
 * Addresses whose bucket has refilled are forgotten, so the map holds only recent offenders.
 */
final class LoginThrottle {

    private final int burst;
    private final Duration refill;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile Instant lastSweep = Instant.MIN;

    /** Tokens left at a time; a bucket without a record is full. */
    private record Bucket(double tokens, Instant at) {}

    public LoginThrottle(int burst, Duration window, Clock clock) {
        if (burst < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a throttle needs at least one try in a positive window");
        }
        this.burst = burst;
        this.refill = window.dividedBy(burst);
        this.clock = clock;
    }

    /** Seconds until the address may try again (at least 1), or empty when it may try now. */
    public OptionalLong retryAfter(String address) {
        Bucket bucket = buckets.get(address);
        if (bucket == null) {
            return OptionalLong.empty();
        }
        double tokens = tokens(bucket, clock.instant());
        if (tokens >= 1) {
            return OptionalLong.empty();
        }
        long millis = Math.round((1 - tokens) * refill.toMillis());
        return OptionalLong.of(Math.max(1, (millis + 999) / 1000));
    }

    /** Counts a failed login; returns true when this failure used the address's last try. */
    public boolean failed(String address) {
        Instant now = clock.instant();
        Bucket after = buckets.compute(
                address, (a, b) -> new Bucket(Math.max(0, (b == null ? burst : tokens(b, now)) - 1), now));
        forgetRefilled(now);
        return after.tokens() < 1;
    }

    private double tokens(Bucket bucket, Instant now) {
        double earned = (double) Duration.between(bucket.at(), now).toMillis() / refill.toMillis();
        return Math.min(burst, bucket.tokens() + Math.max(0, earned));
    }

    /**
     * Past 1000 addresses, drops the ones that earned all their tries back; at most once per refill period, so
     * a guessing attack from many addresses does not make every failure walk the whole map.
     */
    private void forgetRefilled(Instant now) {
        Instant last = lastSweep;
        if (buckets.size() > 1000 && !now.isBefore(last.plus(refill))) {
            lastSweep = now;
            buckets.entrySet().removeIf(e -> tokens(e.getValue(), now) >= burst);
        }
    }

    int tracked() {
        return buckets.size();
    }
}
