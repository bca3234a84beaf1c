package io.breakoutbot.ops.alerts;

import io.breakoutbot.ops.config.Durations;
import io.breakoutbot.ops.jobs.NamedThreads;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
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
 * several; they do not share alerts, so each gets them all), from one thread, {@code ops-alertmanager}, so the
 * caller never waits.
 *
 * <ul>
 *   <li>A firing alert is re-sent every resend interval (1 minute, Prometheus' {@code resend_delay}) with
 *       {@code endsAt} four intervals ahead, so Alertmanager keeps it while we keep sending, and resolves it on
 *       its own should this service vanish.</li>
 *   <li>A resolved alert is sent with {@code endsAt} its resolve time, and re-sent with the others for
 *       {@value #RESOLVED_RETENTION_MINUTES} minutes, and in any case until every Alertmanager has accepted it
 *       once (for at most a day), so one that is down or restarting gets the resolve when it is back.</li>
 *   <li>An event (something that happened, with nothing to resolve it) is sent once with {@code endsAt} four
 *       intervals ahead, and so expires.</li>
 *   <li>Every send carries all of these alerts. A 2xx is success. Any other 4xx is logged with its status and
 *       the first kilobyte of the body and not retried (the next regular send carries the alerts again); a 5xx,
 *       429, timeout or connection failure is retried after the policy's backoff (1, 2, 4 s by default), at most
 *       its retries, then waits for the next regular send.</li>
 * </ul>
 *
 * <p>Plain {@link HttpURLConnection}, as {@link WebhookSender} explains. The Alertmanager URLs are checked with
 * {@link WebhookUrl#validate} before every send, so a name re-pointed at a metadata address gets nothing.
 */
public final class AlertmanagerSender implements AutoCloseable {

    static final int RESOLVED_RETENTION_MINUTES = 15;
    static final Duration RESOLVED_RETENTION = Duration.ofMinutes(RESOLVED_RETENTION_MINUTES);
    /** However long an Alertmanager stays away, a resolve is not kept longer than this. */
    static final Duration MAX_RETENTION = Duration.ofDays(1);
    /** Bytes of an error answer that are logged. */
    static final int LOGGED_BODY_BYTES = 1024;

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

    /** One Alertmanager and when to send to it next, in {@link System#nanoTime()} terms. */
    private static final class Target {
        final URI base;
        final URI endpoint;
        final String shown;
        long due;
        int retry;
        volatile ReceiverState state;

        Target(URI base) {
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
    private final Thread worker;
    private volatile HttpURLConnection inFlight;
    private boolean closed;

    /**
     * @param alertmanagers base URLs, already checked with {@link WebhookUrl#validate}; none makes this a no-op
     * @param auth          the {@code Authorization} to send, or null for none
     * @param resend        how often firing alerts are re-sent, 1 ms or more (Prometheus: 1 minute)
     * @param threads       where the sending thread comes from
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
        this.targets = alertmanagers.stream().distinct().map(Target::new).toList();
        long now = System.nanoTime();
        targets.forEach(t -> t.due = now + resend.toNanos());
        if (targets.isEmpty()) {
            this.worker = null;
            return;
        }
        this.worker = new NamedThreads(threads, "ops-alertmanager").newThread(this::run);
        if (worker == null) {
            throw new IllegalStateException("No thread to push alerts to Alertmanager with: the factory refused");
        }
        worker.start();
        targets.forEach(t -> LOG.info("Alerts are pushed to Alertmanager {}", t.shown));
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
                t.due = now;
                t.retry = 0;
            }
            lock.notifyAll();
        }
    }

    /** Sends accepted (2xx), counted once per Alertmanager. */
    public long sent() {
        return sent.get();
    }

    /** Sends given up: a 4xx, or retries exhausted. */
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
        if (worker == null) {
            return;
        }
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        worker.interrupt();
        HttpURLConnection connection = inFlight;
        if (connection != null) {
            connection.disconnect();
        }
        try {
            worker.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            for (Target t = next(); t != null; t = next()) {
                send(t);
            }
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Alertmanager push stopped; no more alerts will reach Alertmanager", e);
        }
    }

    /** The Alertmanager due first, waiting for it; null once closed. */
    private Target next() throws InterruptedException {
        synchronized (lock) {
            while (!closed) {
                Target first = null;
                for (Target t : targets) {
                    if (first == null || t.due - first.due < 0) {
                        first = t;
                    }
                }
                long wait = first.due - System.nanoTime();
                if (wait <= 0) {
                    first.due = System.nanoTime() + resend.toNanos(); // unless the outcome says otherwise
                    return first;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, wait);
            }
            return null;
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
            Answer answer = post(t, body);
            if (answer.status >= 200 && answer.status < 300) {
                accepted(t, carried, now);
                return;
            }
            failure = "HTTP " + answer.status + (answer.body.isEmpty() ? "" : ": " + answer.body);
            retryable = answer.status == 429 || answer.status >= 500;
        } catch (IllegalArgumentException refused) {
            failure = "the address is no longer allowed: " + refused.getMessage();
            retryable = false;
        } catch (SocketTimeoutException e) {
            failure = "no answer within " + policy.requestTimeout().toMillis() + " ms";
            retryable = true;
        } catch (IOException e) {
            failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
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

    private record Answer(int status, String body) {}

    private Answer post(Target t, String json) throws IOException {
        URLConnection opened = t.endpoint.toURL().openConnection();
        if (!(opened instanceof HttpURLConnection connection)) {
            throw new IOException("not an HTTP connection: " + opened.getClass().getName());
        }
        inFlight = connection;
        try {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            connection.setConnectTimeout((int) policy.connectTimeout().toMillis());
            connection.setReadTimeout((int) policy.requestTimeout().toMillis());
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestMethod("POST");
            connection.setRequestProperty("Content-Type", "application/json");
            if (auth != null) {
                connection.setRequestProperty("Authorization", auth.header());
            }
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            String answer = "";
            if (status >= 400) {
                try (InputStream error = connection.getErrorStream()) {
                    if (error != null) {
                        answer = new String(error.readNBytes(LOGGED_BODY_BYTES), StandardCharsets.UTF_8).strip();
                    }
                }
            }
            return new Answer(status, answer);
        } finally {
            inFlight = null;
            connection.disconnect();
        }
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
