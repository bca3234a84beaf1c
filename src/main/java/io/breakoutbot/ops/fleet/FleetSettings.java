package io.breakoutbot.ops.fleet;

import io.breakoutbot.ops.config.TargetAddress;
import java.net.URI;
import java.time.Duration;

/**
 * Where the fleet view asks for the fleet.
 *
 * @param prometheusUrl the Prometheus base URL, http or https, or null when the fleet view is off
 * @param job           the scrape job whose targets are the fleet's hosts
 * @param timeout       the deadline of one fleet answer, all queries to Prometheus together
 */
public record FleetSettings(URI prometheusUrl, String job, Duration timeout) {

    /** Long enough for a loaded Prometheus, short enough that the dashboard's refresh never piles up. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public FleetSettings {
        job = job(job);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The fleet query's timeout must be positive.");
        }
    }

    /** No fleet view. */
    public static FleetSettings off() {
        return new FleetSettings(null, "breakout-ops", DEFAULT_TIMEOUT);
    }

    public boolean enabled() {
        return prometheusUrl != null;
    }

    /**
     * A Prometheus URL: http or https, no credentials, a host that does not resolve to a link-local,
     * unspecified, multicast or cloud metadata address. Loopback and private addresses are allowed: Prometheus
     * runs beside the fleet. A name that does not resolve now is accepted (DNS may not be up at boot); every
     * query checks the addresses again.
     *
     * @throws IllegalArgumentException with a sentence for an operator
     */
    public static URI prometheusUrl(String text) {
        if (!text.contains("://")) {
            throw new IllegalArgumentException("must be an http or https URL, like http://127.0.0.1:9090");
        }
        URI uri = TargetAddress.httpUrl(text, "http://127.0.0.1:9090");
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must not have a query or fragment; give Prometheus' base URL");
        }
        checkAddresses(uri, true);
        return uri;
    }

    /**
     * Refuses a host that names a metadata service or resolves to an address no request may go to.
     *
     * @param allowUnresolved whether a name that does not resolve passes (at start) or is refused (at a query)
     */
    static void checkAddresses(URI uri, boolean allowUnresolved) {
        TargetAddress.checkHost(uri, allowUnresolved);
    }

    /**
     * A job name, 1 to 200 characters without control characters; it is quoted in PromQL, so any other
     * character is fine.
     *
     * @throws IllegalArgumentException with a sentence for an operator
     */
    public static String job(String text) {
        if (text == null || text.isBlank() || text.length() > 200) {
            throw new IllegalArgumentException("must be a Prometheus job name of 1 to 200 characters");
        }
        if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("must not hold control characters");
        }
        return text;
    }
}
