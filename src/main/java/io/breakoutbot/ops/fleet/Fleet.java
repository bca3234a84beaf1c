package io.breakoutbot.ops.fleet;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet as the dashboard shows it: one query to Prometheus serves every request for a second, so open
 * dashboards and their refreshes cost Prometheus one query a second at most, and a Prometheus that does not
 * answer is logged once per change of reason, not at every refresh.
 */
@ApplicationScoped
public class Fleet {

    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);
    private static final long REUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    @Inject
    FleetSettings settings;

    private FleetQuery query;
    private Answer last;
    private String lastFailure;

    /** The view, or why there is none, and when it was composed ({@link System#nanoTime()}). */
    private record Answer(FleetView view, String failure, long atNanos) {}

    @PostConstruct
    void init() {
        query = settings.enabled() ? new FleetQuery(settings, Clock.systemUTC()) : null;
    }

    /** Whether {@code ops.fleet.prometheusUrl} is set. */
    public boolean enabled() {
        return query != null;
    }

    /** The Prometheus asked, or null when the view is off. */
    public String prometheus() {
        return settings.enabled() ? settings.prometheusUrl().toString() : null;
    }

    /** The scrape job whose targets are the hosts. */
    public String job() {
        return settings.job();
    }

    /**
     * The fleet, at most a second old. Requests meanwhile wait for the one query in flight, at most the
     * query's deadline.
     *
     * @throws FleetQuery.Unanswered when Prometheus gave no usable answer
     * @throws IllegalStateException when the fleet view is off
     */
    public synchronized FleetView view() {
        if (query == null) {
            throw new IllegalStateException("The fleet view is off: ops.fleet.prometheusUrl is not set.");
        }
        long now = System.nanoTime();
        Answer a = last;
        if (a == null || now - a.atNanos() > REUSE_NANOS) {
            try {
                a = new Answer(query.fleet(), null, System.nanoTime());
                if (lastFailure != null) {
                    LOG.info("Prometheus at {} answers the fleet query again", settings.prometheusUrl());
                    lastFailure = null;
                }
            } catch (FleetQuery.Unanswered e) {
                a = new Answer(null, e.getMessage(), System.nanoTime());
                if (!e.getMessage().equals(lastFailure)) {
                    LOG.warn("The fleet view has no answer: {}", e.getMessage());
                    lastFailure = e.getMessage();
                }
            }
            last = a;
        }
        if (a.failure() != null) {
            throw new FleetQuery.Unanswered(a.failure());
        }
        return a.view();
    }
}
