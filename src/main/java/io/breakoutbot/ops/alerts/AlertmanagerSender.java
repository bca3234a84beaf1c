package io.breakoutbot.ops.alerts;

import io.breakoutbot.ops.config.Durations;
import io.breakoutbot.ops.jobs.NamedThreads;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes alerts into Alertmanager as Prometheus does: every alert that fires is POSTed as a
 * {@code PostableAlert} to {@code <base>/api/v2/alerts} of every Alertmanager configured (an HA cluster is
 * several; they do not share alerts, so each gets them all), each from a thread of its own,
 * {@code ops-alertmanager-1}, {@code -2}..., in the order configured, so the caller never waits and an
 * Alertmanager that does not answer never holds up another.
 *
 * <ul>
 *   <li>A firing alert is re-sent every resend interval (1 minute, Prometheus' {@code resend_delay}) with
 *       {@code endsAt} four intervals ahead, so Alertmanager keeps it while we keep sending, and resolves it on
 *       its own should this service vanish.</li>
 *   <li>A resolved alert is sent with {@code endsAt} its resolve time, and re-sent with the others for
 *       {@value #RESOLVED_RETENTION_MINUTES} minutes, and in any case until every Alertmanager has accepted it
 *       once (for at most a day), so one that is down or restarting gets the resolve when it is back.</li>
 *   <li>An event (something that happened, with nothing to resolve it) is sent at once with {@code endsAt} four
 *       intervals ahead and, like a resolved alert, goes out with every send until
 *       {@value #RESOLVED_RETENTION_MINUTES} minutes past that end; Alertmanager ends it at {@code endsAt}.</li>
 *   <li>Every send carries all of these alerts. A 2xx is success. Any other 4xx is logged with its status and
 *       the first kilobyte of the body and not retried (the next regular send carries the alerts again); a 5xx,
 *       429, timeout or connection failure is retried after the policy's backoff (1, 2, 4 s by default), at most
 *       its retries, then waits for the next regular send. A new alert brings the next send forward, but
 *       never restarts a retry sequence under way, so an Alertmanager that keeps failing is counted and shown as
 *       failed however often alerts come.</li>
 * </ul>
 *
 * <p>Plain {@link HttpURLConnection}, as {@link WebhookSender} explains. The Alertmanager URLs are checked with
 * {@link WebhookUrl#validate} before every send, so a name re-pointed at a metadata address gets nothing; a name
 * that does not resolve (yet) is retried as a connection failure is.
 */
public final class AlertmanagerSender implements AutoCloseable {

    static final int RESOLVED_RETENTION_MINUTES = 15;
    static final Duration RESOLVED_RETENTION = Duration.ofMinutes(RESOLVED_RETENTION_MINUTES);
    /** However long an Alertmanager stays away, a resolve is not kept longer than this. */
    static final Duration MAX_RETENTION = Duration.ofDays(1);
    /** Bytes of an error answer that are logged. */
    static final int LOGGED_BODY_BYTES = JsonPost.ERROR_BODY_BYTES;

    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerSender.class);

    /** One alert as last told: firing until {@code endsAt} is set. */
    private static final class Tracked {
        final Alert alert;
        /** Resolve time, or an event's end; null while firing. */
        final Instant endsAt;
        /** Alertmanagers that accepted a send carrying this resolve. */
        final Set<URI> acceptedResolve = new HashSet<>();

        Tracked(Alert alert, Instant endsAt) {
            this.alert = alert;
            this.endsAt = endsAt;
        }
    }

    /**
     * One Alertmanager, its thread and connection, and when to send to it next, in {@link System#nanoTime()}
     * terms ({@code due} and {@code retry} under the lock).
     */
    private static final class Target {
        final URI base;
        final URI endpoint;
        final String shown;
        final JsonPost http;
        long due;
        int retry;
        volatile ReceiverState state;
        Thread worker;

        Target(URI base, DeliveryPolicy policy) {
            this.http = new JsonPost(policy);
            this.base = base;
            String path = base.getRawPath() == null ? "" : base.getRawPath().replaceFirst("/+$", "");
            this.endpoint = base.resolve(path + "/api/v2/alerts");
            this.shown = WebhookUrl.forLog(base);
            this.state = ReceiverState.fresh(ReceiverState.ALERTMANAGER, shown);
        }
    }

    private final AlertmanagerPayload payload;
    private final AlertmanagerAuth auth;
    private final DeliveryPolicy policy;
    private final Duration resend;
    private final Clock clock;
    private final List<Target> targets;
    private final Object lock = new Object();
    private final Map<String, Tracked> alerts = new LinkedHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private boolean closed;

    /**
     * @param alertmanagers base URLs, already checked with {@link WebhookUrl#validate}; none makes this a no-op
     * @param auth          the {@code Authorization} to send, or null for none
     * @param resend        how often firing alerts are re-sent, 1 ms or more (Prometheus: 1 minute)
     * @param threads       where the sending threads come from, one per Alertmanager
     * @throws IllegalStateException when the factory gives no thread
     */
    public AlertmanagerSender(
            List<URI> alertmanagers,
            AlertmanagerPayload payload,
            AlertmanagerAuth auth,
            DeliveryPolicy policy,
            Duration resend,
            Clock clock,
            ThreadFactory threads) {
        this.payload = Objects.requireNonNull(payload, "payload");
        this.auth = auth;
        this.policy = Objects.requireNonNull(policy, "policy");
        if (resend == null || resend.toMillis() < 1) {
            throw new IllegalArgumentException("The resend interval must be 1 ms or more, not " + resend + ".");
        }
        this.resend = resend;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.targets = alertmanagers.stream()
                .distinct()
                .map(u -> new Target(u, policy))
                .toList();
        long now = System.nanoTime();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            t.due = now + resend.toNanos();
            t.worker = new NamedThreads(threads, "ops-alertmanager-" + (i + 1)).newThread(() -> run(t));
            if (t.worker == null) {
                close();
                throw new IllegalStateException("No thread to push alerts to Alertmanager with: the factory refused");
            }
        }
        targets.forEach(t -> {
            t.worker.start();
            LOG.info("Alerts are pushed to Alertmanager {}", t.shown);
        });
    }

    /** The base URLs, as logs show them. */
    public List<String> alertmanagers() {
        return targets.stream().map(t -> t.shown).toList();
    }

    /**
     * A FIRING starts (or goes on) sending the alert, a RESOLVED ends it; either is sent at once. Returns at
     * once.
     */
    public void submit(Notice notice) {
        Alert alert = notice.alert();
        track(alert, notice.status() == Notice.Status.RESOLVED ? Instant.parse(alert.endsAt()) : null);
    }

    /** An event: sent now, ending four resend intervals after its start. */
    public void submitEvent(Alert event) {
        track(event, Instant.parse(event.startsAt()).plus(resend.multipliedBy(4)));
    }

    private void track(Alert alert, Instant endsAt) {
        if (targets.isEmpty()) {
            return;
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            alerts.put(payload.fingerprint(alert), new Tracked(alert, endsAt));
            long now = System.nanoTime();
            for (Target t : targets) {
                // Sooner, never later; a retry under way keeps its backoff and its count, which ends in failed.
                if (t.retry == 0 && t.due - now > 0) {
                    t.due = now;
                }
            }
            lock.notifyAll();
        }
    }

    /** Sends accepted (2xx), counted once per Alertmanager. */
    public long sent() {
        return sent.get();
    }

    /** Sends given up: a 4xx, retries exhausted, or an unexpected error. */
    public long failed() {
        return failed.get();
    }

    /** Retries made. */
    public long retried() {
        return retried.get();
    }

    /** Alerts being sent now, firing or recently resolved. */
    public int tracked() {
        synchronized (lock) {
            return alerts.size();
        }
    }

    /** Each Alertmanager's last outcome. */
    public List<ReceiverState> receivers() {
        return targets.stream().map(t -> t.state).toList();
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        for (Target t : targets) {
            if (t.worker != null) {
                t.worker.interrupt();
            }
            t.http.abort();
        }
        for (Target t : targets) {
            try {
                if (t.worker != null && t.worker.isAlive()) {
                    t.worker.join(2000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One Alertmanager's thread: each send when due, until closed. */
    private void run(Target t) {
        try {
            while (waitUntilDue(t)) {
                try {
                    send(t);
                } catch (RuntimeException e) {
                    unexpected(t, e);
                }
            }
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until this Alertmanager is due; false once closed. */
    private boolean waitUntilDue(Target t) throws InterruptedException {
        synchronized (lock) {
            while (!closed) {
                long wait = t.due - System.nanoTime();
                if (wait <= 0) {
                    t.due = System.nanoTime() + resend.toNanos(); // unless the outcome says otherwise
                    return true;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, wait);
            }
            return false;
        }
    }

    /** A send that threw: the thread goes on, and the Alertmanager shows failed until a send succeeds. */
    private void unexpected(Target t, RuntimeException e) {
        LOG.error(
                "Alertmanager {}: a send failed unexpectedly; the alerts go again in {}",
                t.shown,
                Durations.format(resend),
                e);
        failed.incrementAndGet();
        synchronized (lock) {
            t.retry = 0;
        }
        try {
            t.state = t.state.failed(clock.instant(), "unexpected " + e);
        } catch (RuntimeException again) {
            LOG.error("Alertmanager {}: its state could not be updated", t.shown, again);
        }
    }

    private void send(Target t) {
        Instant now = clock.instant();
        List<Tracked> carried;
        String body;
        synchronized (lock) {
            prune(now);
            if (alerts.isEmpty()) {
                return;
            }
            carried = List.copyOf(alerts.values());
            JsonArrayBuilder array = Json.createArrayBuilder();
            Instant firingUntil = now.plus(resend.multipliedBy(4));
            carried.forEach(a -> array.add(payload.postable(a.alert, a.endsAt == null ? firingUntil : a.endsAt)));
            body = AlertmanagerPayload.text(array.build());
        }
        String failure;
        boolean retryable;
        try {
            WebhookUrl.validate(t.base.toString(), policy.allowPrivate(), "Alertmanager URL");
            JsonPost.Answer answer =
                    t.http.post(t.endpoint, body, auth == null ? Map.of() : Map.of("Authorization", auth.header()));
            if (answer.accepted()) {
                accepted(t, carried, now);
                return;
            }
            failure = answer.describe();
            retryable = answer.retryable();
        } catch (WebhookUrl.UnresolvedHost e) {
            // A lookup that fails now may not in a second: the resolver restarts, the name is being created.
            failure = "its host " + t.base.getHost() + " cannot be resolved";
            retryable = true;
        } catch (IllegalArgumentException refused) {
            failure = "the address is no longer allowed: " + refused.getMessage();
            retryable = false;
        } catch (IOException e) {
            failure = t.http.describe(e);
            retryable = true;
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (retryable && t.retry < policy.maxRetries()) {
                t.retry++;
                retried.incrementAndGet();
                t.due = System.nanoTime() + policy.backoff(t.retry).toNanos();
                LOG.debug("Alertmanager {} failed ({}); retry {} queued", t.shown, failure, t.retry);
                return;
            }
            t.retry = 0;
        }
        failed.incrementAndGet();
        t.state = t.state.failed(now, failure);
        LOG.warn(
                "Alertmanager {} did not take {} alerts{}: {}",
                t.shown,
                carried.size(),
                retryable
                        ? " after " + (policy.maxRetries() + 1) + " attempts; they go again in "
                                + Durations.format(resend)
                        : "",
                failure);
    }

    private void accepted(Target t, List<Tracked> carried, Instant now) {
        sent.incrementAndGet();
        boolean recovered = t.state.lastFailed();
        t.state = t.state.succeeded(now);
        synchronized (lock) {
            t.retry = 0;
            for (Tracked a : carried) {
                if (a.endsAt != null) {
                    a.acceptedResolve.add(t.base);
                }
            }
        }
        if (recovered) {
            LOG.info("Alertmanager {} takes alerts again", t.shown);
        }
    }

    /** Drops resolves kept long enough: past the retention and accepted everywhere, or a day old. */
    private void prune(Instant now) {
        alerts.values()
                .removeIf(a -> a.endsAt != null
                        && (now.isAfter(a.endsAt.plus(MAX_RETENTION))
                                || (now.isAfter(a.endsAt.plus(RESOLVED_RETENTION))
                                        && a.acceptedResolve.size() == targets.size())));
    }

    /** For tests: the alerts being sent, by fingerprint, with the time each ends (null while firing). */
    Map<String, Instant> trackedEnds() {
        synchronized (lock) {
            Map<String, Instant> ends = new LinkedHashMap<>();
            alerts.forEach((k, v) -> ends.put(k, v.endsAt));
            return ends;
        }
    }

    /** For tests: the targets' endpoints. */
    List<URI> endpoints() {
        return new ArrayList<>(targets.stream().map(t -> t.endpoint).toList());
    }
}
