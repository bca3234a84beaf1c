package io.breakoutbot.ops.alerts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.breakoutbot.ops.PlainThreads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Deliveries to real receivers on 127.0.0.1, with backoffs of milliseconds so retries are quick. */
class WebhookSenderTest {

    static final DeliveryPolicy FAST = DeliveryPolicy.DEFAULTS
            .withAllowPrivate(true)
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
            .withRetries(3, Duration.ofMillis(10));
    static final String BODY = "{\"version\":\"4\",\"status\":\"firing\"}";

    CountDownLatch release = new CountDownLatch(1);
    List<Receiver> receivers = new ArrayList<>();
    PlainThreads threads = new PlainThreads();
    WebhookSender cut = new WebhookSender(FAST, threads);
    Logger log = (Logger) LoggerFactory.getLogger(WebhookSender.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        log.addAppender(logged);
    }

    @AfterEach
    void stop() {
        release.countDown();
        cut.close();
        receivers.forEach(Receiver::close);
        log.detachAppender(logged);
    }

    Receiver receiver(int... statuses) throws IOException {
        Receiver r = Receiver.answering(statuses);
        receivers.add(r);
        return r;
    }

    Receiver hanging() throws IOException {
        Receiver r = Receiver.hanging(release);
        receivers.add(r);
        return r;
    }

    List<String> warnings() {
        return logged.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void deliversTheBodyAsJsonWithTheIdempotencyKey() throws IOException {
        Receiver r = receiver(200);
        cut.add(r.url());

        cut.submit(BODY, "fp-firing-1");

        await().atMost(Duration.ofSeconds(5)).until(() -> cut.sent() == 1);
        assertEquals(List.of(new Receiver.Request(BODY, "application/json", "fp-firing-1")), r.requests);
        assertAll(
                () -> assertEquals(0, cut.failed()),
                () -> assertEquals(0, cut.retried()),
                () -> assertEquals(0, cut.dropped()),
                () -> assertEquals(List.of("ops-webhooks"), threads.names(), "one thread, from the factory handed in"));
    }

    @Test
    void a500IsRetriedOnceWithTheSameKeyThenDelivered() throws IOException {
        Receiver r = receiver(500, 200);
        cut.add(r.url());

        cut.submit(BODY, "fp-firing-2");

        await().atMost(Duration.ofSeconds(5)).until(() -> cut.sent() == 1);
        assertEquals(
                List.of("fp-firing-2", "fp-firing-2"),
                r.requests.stream().map(Receiver.Request::idempotencyKey).toList());
        assertEquals(List.of(BODY, BODY), r.bodies());
        assertEquals(1, cut.retried());
        assertEquals(0, cut.failed());
    }

    @Test
    void a400IsFinalAndLoggedWithoutHeaders() throws IOException {
        Receiver r = receiver(400);
        cut.add(r.url() + "?token=secret");

        cut.submit(BODY, "fp-firing-3");

        await().atMost(Duration.ofSeconds(5)).until(() -> cut.failed() == 1);
        assertEquals(1, r.requests.size());
        assertEquals(0, cut.retried());
        assertEquals(0, cut.sent());
        String warning = warnings().get(0);
        assertTrue(warning.contains(r.url() + "?…") && warning.contains("HTTP 400"), warning);
        assertFalse(
                warning.contains("secret") || warning.contains("Idempotency-Key") || warning.contains(BODY), warning);
    }

    @Test
    void a429IsRetriedUntilTheRetriesRunOut() throws IOException {
        Receiver r = receiver(429);
        cut.add(r.url());

        cut.submit(BODY, "fp-firing-4");

        await().atMost(Duration.ofSeconds(5)).until(() -> cut.failed() == 1);
        assertEquals(4, r.requests.size(), "the first attempt and 3 retries");
        assertEquals(3, cut.retried());
        assertTrue(warnings().get(0).contains("after 4 attempt(s)"), warnings().get(0));
    }

    @Test
    void aRefusedConnectionIsRetried() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        cut.add("http://127.0.0.1:" + closedPort + "/hook");

        cut.submit(BODY, "fp-firing-5");

        await().atMost(Duration.ofSeconds(10)).until(() -> cut.failed() == 1);
        assertEquals(3, cut.retried());
        assertTrue(warnings().get(0).contains("ConnectException"), warnings().get(0));
    }

    @Test
    void aHungReceiverTimesOutWithoutHoldingUpTheCallerOrTheQueue() throws IOException {
        cut.close();
        cut = new WebhookSender(
                FAST.withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500)).withRetries(1, Duration.ofMillis(10)),
                threads);
        Receiver hung = hanging();
        cut.add(hung.url());

        assertTimeoutPreemptively(
                Duration.ofMillis(300),
                () -> cut.submit(BODY, "fp-firing-6"),
                "submit returns before the receiver answers");
        await().atMost(Duration.ofSeconds(5)).until(() -> hung.requests.size() == 1);

        Receiver healthy = receiver(200);
        cut.add(healthy.url());
        cut.submit("{\"second\":true}", "fp-firing-7"); // to both: the hung one still takes its turn

        await().atMost(Duration.ofSeconds(10)).until(() -> cut.sent() == 1);
        assertEquals(List.of("{\"second\":true}"), healthy.bodies());
        await().atMost(Duration.ofSeconds(10)).until(() -> cut.failed() == 2);
        assertEquals(2, cut.retried(), "each timeout retried once");
        assertEquals(
                List.of("fp-firing-6", "fp-firing-6", "fp-firing-7", "fp-firing-7"),
                hung.requests.stream()
                        .map(Receiver.Request::idempotencyKey)
                        .sorted()
                        .toList());
        assertTrue(
                warnings().get(0).contains("no answer within 500 ms"),
                warnings().get(0));
    }

    @Test
    void closeCutsADeliveryInProgress() throws IOException {
        cut.close();
        cut = new WebhookSender(FAST.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30)), threads);
        Receiver hung = hanging();
        cut.add(hung.url());
        cut.submit(BODY, "fp-closing");
        await().atMost(Duration.ofSeconds(5)).until(() -> hung.requests.size() == 1);

        assertTimeoutPreemptively(Duration.ofSeconds(1), cut::close, "no wait for the receiver's answer");
        assertAll(
                () -> assertEquals(0, cut.sent()),
                () -> assertEquals(0, cut.failed()),
                () -> assertEquals(List.of(), warnings(), "closing is no failed delivery"));
    }

    @Test
    void whenTheQueueIsFullTheOldestIsDroppedAndCounted() throws IOException {
        cut.close();
        cut = new WebhookSender(
                FAST.withCapacity(2).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30)), threads);
        Receiver slow = hanging();
        cut.add(slow.url());
        cut.submit("1", "n-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> slow.requests.size() == 1);

        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            for (int n = 2; n <= 5; n++) {
                cut.submit(String.valueOf(n), "n-" + n);
            }
        });
        assertEquals(2, cut.dropped());

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> cut.sent() == 3);
        assertEquals(List.of("1", "4", "5"), slow.bodies());
        assertTrue(
                warnings().stream().anyMatch(w -> w.startsWith("2 webhook deliveries dropped")),
                warnings().toString());
    }

    @Test
    void urlsAreCheckedAddedAndRemovedAtRuntime() throws IOException {
        Receiver a = receiver(200);
        Receiver b = receiver(200);
        cut.add(a.url());
        cut.add(b.url());
        assertEquals(List.of(a.url(), b.url()), cut.urls());

        cut.submit(BODY, "k-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> cut.sent() == 2);
        assertTrue(cut.remove(a.url()));
        assertFalse(cut.remove(a.url()));
        cut.submit(BODY, "k-2");
        await().atMost(Duration.ofSeconds(5)).until(() -> cut.sent() == 3);

        assertEquals(1, a.requests.size());
        assertEquals(2, b.requests.size());
        try (WebhookSender strict = new WebhookSender(DeliveryPolicy.DEFAULTS, threads)) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> strict.add(a.url()));
            assertTrue(refused.getMessage().contains("loopback"), refused.getMessage());
            assertEquals(List.of(), strict.urls());
        }
    }

    @Test
    void badKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> cut.submit(BODY, "two words"));
        assertThrows(IllegalArgumentException.class, () -> cut.submit(BODY, "line\r\nX-Injected: 1"));
        assertThrows(IllegalArgumentException.class, () -> cut.submit(BODY, ""));
    }
}
