package io.breakoutbot.ops.alerts;

import io.breakoutbot.ops.jobs.NamedThreads;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts JSON notices to every webhook URL set, from a bounded queue drained by one thread, {@code ops-webhooks},
 * taken from the factory handed in, so the caller (the sampler) never waits for a receiver.
 *
 * <p>{@link #submit} queues one delivery per URL set at that moment and returns at once. When the queue
 * is full the oldest waiting delivery is dropped and counted ({@link #dropped()}). Each delivery is a POST
 * with {@code Content-Type: application/json} and {@code Idempotency-Key}, the same key on every attempt,
 * so a receiver can tell a retry from a new notice. 5xx, 429, connection failures and timeouts are retried
 * after the policy's backoff (1 s, 2 s, 4 s by default); a retry waits in the queue, so other deliveries go
 * on meanwhile. Any other answer outside 2xx is final. Redirects are not followed. A URL removed with
 * {@link #remove} gets nothing more, retries included.
 *
 * <p>A failed delivery is logged at WARN with the URL (its secret-looking part elided) and the reason;
 * request headers and bodies are never logged.
 *
 * <p>Each delivery is a plain {@link HttpURLConnection} ({@link JsonPost}) on that one thread, closed after the answer. Not the
 * JDK's {@code HttpClient}: it runs a selector thread of its own, created inside the JDK, that no factory can
 * supply and that on Java 17 lives until the client is garbage-collected. The request timeout bounds each wait
 * for the answer; the body is a few kilobytes, which the socket takes without waiting for the receiver.
 */
public final class WebhookSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");

    /** One notice for one URL. {@code due} in {@link System#nanoTime()} terms. */
    private record Delivery(URI url, String body, String key, int retry, long due) {

        Delivery next(long due) {
            return new Delivery(url, body, key, retry + 1, due);
        }
    }

    private final DeliveryPolicy policy;
    private final Clock clock;
    private final Set<URI> urls = new CopyOnWriteArraySet<>();
    private final Map<URI, ReceiverState> states = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final Deque<Delivery> fresh = new ArrayDeque<>();
    private final PriorityQueue<Delivery> retries = new PriorityQueue<>(Comparator.comparingLong(Delivery::due));
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final Thread worker;
    private final JsonPost http;
    private long dropsReported;
    private boolean closed;

    /**
     * @param threads where the delivering thread comes from
     * @throws IllegalStateException when the factory gives no thread
     */
    public WebhookSender(DeliveryPolicy policy, ThreadFactory threads) {
        this(policy, threads, Clock.systemUTC());
    }

    /**
     * @param clock when deliveries succeed and fail, for {@link #receivers()}
     * @throws IllegalStateException when the factory gives no thread
     */
    public WebhookSender(DeliveryPolicy policy, ThreadFactory threads, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = new JsonPost(policy);
        this.worker = new NamedThreads(threads, "ops-webhooks").newThread(this::drain);
        if (worker == null) {
            throw new IllegalStateException("No thread to deliver webhooks with: the thread factory refused");
        }
        worker.start();
    }

    /**
     * Adds a receiver after checking it with {@link WebhookUrl#validate}.
     *
     * @return the URL as it will be used
     * @throws IllegalArgumentException when the URL is refused, saying why
     */
    public URI add(String url) {
        URI uri = WebhookUrl.validate(url, policy.allowPrivate());
        states.putIfAbsent(uri, ReceiverState.fresh(ReceiverState.WEBHOOK, WebhookUrl.forLog(uri)));
        urls.add(uri);
        LOG.info("Webhook {} added", WebhookUrl.forLog(uri));
        return uri;
    }

    /** @return whether the URL was set */
    public boolean remove(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException | NullPointerException notAUrl) {
            return false;
        }
        boolean removed = urls.remove(uri);
        if (removed) {
            states.remove(uri);
            LOG.info("Webhook {} removed", WebhookUrl.forLog(uri));
        }
        return removed;
    }

    /** The URLs set, in the order they were added. */
    public List<String> urls() {
        return urls.stream().map(URI::toString).toList();
    }

    /**
     * Queues {@code jsonBody} for every URL set and returns at once.
     *
     * @param idempotencyKey identifies the notice, 1 to 200 printable ASCII characters without spaces;
     *                       sent unchanged on every retry (see {@link Notice#id()})
     */
    public void submit(String jsonBody, String idempotencyKey) {
        Objects.requireNonNull(jsonBody, "jsonBody");
        if (idempotencyKey == null || !KEY.matcher(idempotencyKey).matches()) {
            throw new IllegalArgumentException("An idempotency key is 1 to 200 printable ASCII characters without "
                    + "spaces, not \"" + idempotencyKey + "\".");
        }
        List<URI> targets = List.copyOf(urls);
        // No logging above DEBUG here: a WARN may wait for room in the log queue, and the caller must not wait.
        if (targets.isEmpty()) {
            LOG.debug("No webhook URL set; notice {} goes nowhere", idempotencyKey);
            return;
        }
        long now = System.nanoTime();
        synchronized (lock) {
            if (closed) {
                dropped.addAndGet(targets.size());
                LOG.debug("Webhook sender closed; notice {} dropped", idempotencyKey);
                return;
            }
            for (URI url : targets) {
                if (fresh.size() + retries.size() >= policy.capacity()) {
                    Delivery oldest = fresh.isEmpty() ? retries.poll() : fresh.pollFirst();
                    dropped.incrementAndGet();
                    LOG.debug(
                            "Webhook queue full; dropped notice {} for {}",
                            oldest.key(),
                            WebhookUrl.forLog(oldest.url()));
                }
                fresh.addLast(new Delivery(url, jsonBody, idempotencyKey, 0, now));
            }
            lock.notifyAll();
        }
    }

    /** Each webhook's last outcome, in the order they were added. */
    public List<ReceiverState> receivers() {
        return urls.stream().map(states::get).filter(Objects::nonNull).toList();
    }

    /** Deliveries the receiver accepted (2xx). */
    public long sent() {
        return sent.get();
    }

    /** Deliveries given up: a final answer, retries exhausted, or the URL no longer allowed. */
    public long failed() {
        return failed.get();
    }

    /** Deliveries dropped unsent because the queue was full (or the sender closed). */
    public long dropped() {
        return dropped.get();
    }

    /** Retries made, each counted once. */
    public long retried() {
        return retried.get();
    }

    /** Stops the thread, cutting a delivery in progress; what is still queued is lost. */
    @Override
    public void close() {
        int left;
        synchronized (lock) {
            closed = true;
            left = fresh.size() + retries.size();
            fresh.clear();
            retries.clear();
            lock.notifyAll();
        }
        worker.interrupt();
        http.abort();
        try {
            worker.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (left > 0) {
            LOG.warn("Webhook sender closed with {} deliveries undelivered", left);
        }
    }

    private void drain() {
        try {
            for (Delivery d = next(); d != null; d = next()) {
                reportDrops();
                try {
                    attempt(d);
                } catch (RuntimeException e) {
                    // One delivery gone wrong must not end the only thread delivering the others.
                    failed.incrementAndGet();
                    LOG.error(
                            "Webhook delivery to {} failed unexpectedly, giving up notice {}",
                            WebhookUrl.forLog(d.url()),
                            d.key(),
                            e);
                    states.computeIfPresent(d.url(), (u, s) -> s.failed(clock.instant(), "unexpected " + e));
                }
            }
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
        }
    }

    /** The fresh delivery or due retry queued first, waiting for one; null once closed. */
    private Delivery next() throws InterruptedException {
        synchronized (lock) {
            while (!closed) {
                Delivery first = fresh.peekFirst();
                Delivery retry = retries.peek();
                if (first != null && (retry == null || first.due() - retry.due() <= 0)) {
                    return fresh.pollFirst();
                }
                if (retry != null) {
                    long wait = retry.due() - System.nanoTime();
                    if (wait <= 0) {
                        return retries.poll();
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, wait);
                } else {
                    lock.wait();
                }
            }
            return null;
        }
    }

    private void reportDrops() {
        long now = dropped.get();
        if (now > dropsReported) {
            LOG.warn(
                    "{} webhook deliveries dropped because the queue of {} was full",
                    now - dropsReported,
                    policy.capacity());
            dropsReported = now;
        }
    }

    private void attempt(Delivery d) {
        String where = WebhookUrl.forLog(d.url());
        if (!urls.contains(d.url())) {
            LOG.info("Webhook {} was removed; notice {} not delivered there", where, d.key());
            return;
        }
        String failure;
        boolean retryable;
        try {
            WebhookUrl.validate(d.url().toString(), policy.allowPrivate());
            JsonPost.Answer answer = http.post(d.url(), d.body(), Map.of("Idempotency-Key", d.key()));
            int status = answer.status();
            if (answer.accepted()) {
                sent.incrementAndGet();
                states.computeIfPresent(d.url(), (u, s) -> s.succeeded(clock.instant()));
                if (d.retry() > 0) {
                    LOG.info("Webhook {} took notice {} at retry {}", where, d.key(), d.retry());
                }
                return;
            }
            // The body is not shown: a chat webhook's answer may echo the notice, or worse.
            failure = "HTTP " + status;
            retryable = answer.retryable();
        } catch (WebhookUrl.UnresolvedHost e) {
            // A lookup that fails now may not in a second: the resolver restarts, the network comes back.
            failure = "its host " + d.url().getHost() + " cannot be resolved";
            retryable = true;
        } catch (IllegalArgumentException refused) {
            failure = "the address is no longer allowed: " + refused.getMessage();
            retryable = false;
        } catch (IOException e) {
            failure = http.describe(e);
            retryable = true;
        }
        if (isClosed()) {
            LOG.debug("Webhook sender closed while delivering notice {} to {} ({})", d.key(), where, failure);
            return;
        }
        if (retryable && d.retry() < policy.maxRetries()) {
            retried.incrementAndGet();
            long due = System.nanoTime() + policy.backoff(d.retry() + 1).toNanos();
            synchronized (lock) {
                if (!closed) {
                    retries.add(d.next(due));
                }
            }
            LOG.debug("Webhook {} failed notice {} ({}); retry {} queued", where, d.key(), failure, d.retry() + 1);
            return;
        }
        failed.incrementAndGet();
        String why = failure;
        states.computeIfPresent(d.url(), (u, s) -> s.failed(clock.instant(), why));
        LOG.warn(
                "Webhook delivery to {} failed after {} attempt(s), giving up notice {}: {}",
                where,
                d.retry() + 1,
                d.key(),
                failure);
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }
}
